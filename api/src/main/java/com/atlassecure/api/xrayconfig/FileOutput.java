package com.atlassecure.api.xrayconfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A buffered stream into a file that knows its position and can splice in a byte range of another file without
 * passing it through the heap. The renderer uses both to copy the unchanged parts of the previous config.json,
 * which at 100k clients is most of an 11 MB file.
 */
public final class FileOutput extends OutputStream {
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long flushed;

    FileOutput(FileChannel channel, int bufferBytes) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(bufferBytes);
    }

    /** Bytes written so far, copied ranges included: the offset the next byte lands at. */
    public long position() {
        return flushed + buffer.position();
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.remaining()) {
            drain();
            if (length > buffer.capacity()) {
                writeFully(ByteBuffer.wrap(bytes, offset, length));
                return;
            }
        }
        buffer.put(bytes, offset, length);
    }

    /**
     * Appends {@code count} bytes of {@code source} starting at {@code from}. The kernel copies them (sendfile), so a
     * 10 MB copy costs a few milliseconds and no garbage.
     */
    public void copyFrom(FileChannel source, long from, long count) throws IOException {
        drain();
        long done = 0;
        while (done < count) {
            long n = source.transferTo(from + done, count - done, channel);
            if (n <= 0) {
                throw new IOException("copied " + done + " of " + count + " bytes from offset " + from
                        + ": the source file is shorter than expected (" + source.size() + " bytes)");
            }
            done += n;
        }
        flushed += count;
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        flushed += n;
    }
}
