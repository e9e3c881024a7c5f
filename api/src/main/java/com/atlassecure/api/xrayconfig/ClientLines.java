package com.atlassecure.api.xrayconfig;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a client list as a JSON array with one compact client per line, straight to bytes. Renders of 100,000
 * clients run every second or so under load, so this skips the generator's per-field work; anything but plain ASCII
 * in an id or email goes through Jackson's escaper, so the output is always valid JSON. The array is written in
 * parts ({@link #open}, {@link #line}, {@link #separator}, {@link #close}) so that a caller can splice in lines it
 * wrote before: a line carries no separator of its own.
 */
public final class ClientLines {
    private static final byte[] ID = bytes("{\"id\":");
    private static final byte[] EMAIL = bytes(",\"email\":");
    private static final byte[] FLOW = bytes(",\"flow\":");
    private static final byte[] LEVEL = bytes(",\"level\":");
    private static final byte[] EXPIRY = bytes(",\"expiryTime\":");
    private static final byte[] NULL = bytes("null");

    private final byte[] elementIndent;
    private final byte[] closing;
    private byte[] buf = new byte[256];
    private int len;

    /** Lines for an array whose closing bracket sits at {@code indent}; elements go two spaces deeper. */
    public ClientLines(String indent) {
        this.elementIndent = bytes("\n" + indent + "  ");
        this.closing = bytes("\n" + indent + "]");
    }

    /** Writes {@code [}, the clients each on its own line, and {@code ]}. */
    static void write(OutputStream out, Iterable<ClientEntry> clients, String indent) throws IOException {
        ClientLines lines = new ClientLines(indent);
        boolean first = true;
        lines.open(out);
        for (ClientEntry c : clients) {
            if (!first) {
                lines.separator(out);
            }
            first = false;
            lines.line(out, c);
        }
        lines.close(out, !first);
    }

    public void open(OutputStream out) throws IOException {
        out.write('[');
    }

    public void separator(OutputStream out) throws IOException {
        out.write(',');
    }

    /** Ends the array: on its own line after clients, right after the bracket when there were none. */
    public void close(OutputStream out, boolean wroteAny) throws IOException {
        if (wroteAny) {
            out.write(closing);
        } else {
            out.write(']');
        }
    }

    /** One client: a newline, the indent and the compact object, without a separator. */
    public void line(OutputStream out, ClientEntry c) throws IOException {
        len = 0;
        put(elementIndent);
        put(ID);
        string(c.id());
        put(EMAIL);
        string(c.email());
        if (c.flow() != null) {
            put(FLOW);
            string(c.flow());
        }
        put(LEVEL);
        number(c.level());
        if (c.expiryTime() != null) {
            put(EXPIRY);
            number(c.expiryTime());
        }
        put((byte) '}');
        out.write(buf, 0, len);
    }

    /** A JSON string; the fast path copies ASCII that needs no escaping as one array. */
    private void string(String s) {
        if (s == null) {
            put(NULL);
            return;
        }
        put((byte) '"');
        // For ASCII this is one array copy; anything else encodes to bytes >= 0x80, which sends it to the escaper.
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (plainAscii(utf8)) {
            put(utf8);
        } else {
            put(JsonStringEncoder.getInstance().quoteAsUTF8(s));
        }
        put((byte) '"');
    }

    /** True when every byte is printable ASCII other than the two JSON must escape. */
    private static boolean plainAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7f || b == '"' || b == '\\') { // bytes >= 0x80 are negative, so caught by < 0x20
                return false;
            }
        }
        return true;
    }

    /** Decimal digits straight into the buffer: two fewer objects per number, 200,000 per 100k render. */
    private void number(long value) {
        if (value == Long.MIN_VALUE) { // the one value whose negation overflows
            put(bytes(Long.toString(value)));
            return;
        }
        if (value < 0) {
            put((byte) '-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        len += digits;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    private void put(byte[] bytes, int from, int count) {
        ensure(count);
        System.arraycopy(bytes, from, buf, len, count);
        len += count;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
