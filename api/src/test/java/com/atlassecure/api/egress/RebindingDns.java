package com.atlassecure.api.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server over UDP for the rebinding test, with TTL 0 on every answer. Per name (A queries
 * only): {@code rebind-*} answers a public address first and 127.0.0.1 on every later query; {@code fail-*}
 * answers SERVFAIL first and 127.0.0.1 later; {@code loop-*} always 127.0.0.1; {@code own-*} always the
 * namespace's "own public address"; {@code site-*} always the stand-in public website. AAAA gets an empty answer.
 */
final class RebindingDns implements AutoCloseable {
    static final String FIRST_PUBLIC = "93.184.216.34";

    private final DatagramSocket socket;
    private final Map<String, AtomicInteger> aQueries = new ConcurrentHashMap<>();
    private final String ownAddress;
    private final String siteAddress;
    private final Thread thread;

    private RebindingDns(DatagramSocket socket, String ownAddress, String siteAddress) {
        this.socket = socket;
        this.ownAddress = ownAddress;
        this.siteAddress = siteAddress;
        this.thread = new Thread(this::serve, "rebinding-dns");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static RebindingDns start(String listen, int port, String ownAddress, String siteAddress) throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(listen, port));
        return new RebindingDns(socket, ownAddress, siteAddress);
    }

    /** How many A queries this name has had so far. */
    int aQueries(String name) {
        AtomicInteger count = aQueries.get(name.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.get();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] answer = answer(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.out.println("DNS error=" + e);
                }
            }
        }
    }

    private byte[] answer(byte[] query) {
        if (query.length < 12 || (query[2] & 0x80) != 0) {
            return null; // not a query
        }
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (pos < query.length && query[pos] != 0) {
            int len = query[pos] & 0xff;
            if (len > 63 || pos + 1 + len > query.length) {
                return null;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(query, pos + 1, len, StandardCharsets.US_ASCII));
            pos += 1 + len;
        }
        if (pos + 5 > query.length) {
            return null;
        }
        int questionEnd = pos + 5;
        int qtype = ((query[pos + 1] & 0xff) << 8) | (query[pos + 2] & 0xff);
        String qname = name.toString().toLowerCase(Locale.ROOT);
        String label = qname.contains(".") ? qname.substring(0, qname.indexOf('.')) : qname;
        String address = null;
        int rcode = 0;
        if (qtype == 1) {
            int n = aQueries.computeIfAbsent(qname, k -> new AtomicInteger()).incrementAndGet();
            if (label.startsWith("rebind-")) {
                address = n == 1 ? FIRST_PUBLIC : "127.0.0.1";
            } else if (label.startsWith("fail-")) {
                if (n == 1) {
                    rcode = 2; // SERVFAIL
                } else {
                    address = "127.0.0.1";
                }
            } else if (label.startsWith("loop-")) {
                address = "127.0.0.1";
            } else if (label.startsWith("own-")) {
                address = ownAddress;
            } else if (label.startsWith("site-")) {
                address = siteAddress;
            } else {
                rcode = 3; // NXDOMAIN
            }
            System.out.println(
                    "DNS query name=" + qname + " n=" + n + " answer=" + (address == null ? "rcode" + rcode : address));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        out.write(0x84 | (query[2] & 0x01)); // QR, AA, keep RD
        out.write(0x80 | rcode); // RA
        out.write(0);
        out.write(1); // QDCOUNT
        out.write(0);
        out.write(address == null ? 0 : 1); // ANCOUNT
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(query, 12, questionEnd - 12);
        if (address != null) {
            byte[] ip;
            try {
                ip = InetAddress.getByName(address).getAddress();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4}); // ptr, A, IN, TTL 0, len 4
            out.writeBytes(ip);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
