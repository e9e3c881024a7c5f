package com.atlassecure.testkit.xray;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A customer's app: one TCP connection through the customer's xray client (SOCKS5) to the stream
 * server, reading as fast as bytes come. Records how many bytes arrived and how the stream ended.
 */
public final class StreamReader implements AutoCloseable {
    private final Socket socket;
    private final Thread thread;
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicReference<String> ending = new AtomicReference<>();
    public final AtomicLong endedAtNanos = new AtomicLong();
    /** Wall-clock end, to compare with times another process reports (an expiry, say). */
    public final AtomicLong endedAtMillis = new AtomicLong();
    /** The longest wait between two reads: a stall shows here even when the stream never breaks. */
    public final AtomicLong maxGapNanos = new AtomicLong();

    private final CountDownLatch ended = new CountDownLatch(1);

    private StreamReader(Socket socket, String name) {
        this.socket = socket;
        this.thread = new Thread(this::readLoop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static StreamReader open(String name, int socksPort, int streamPort) throws IOException {
        Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", socksPort)));
        socket.connect(InetSocketAddress.createUnresolved("127.0.0.1", streamPort), 10_000);
        return new StreamReader(socket, name);
    }

    private void readLoop() {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = socket.getInputStream()) {
            long last = 0;
            while (true) {
                int n = in.read(buffer);
                long now = System.nanoTime();
                if (last != 0) {
                    maxGapNanos.accumulateAndGet(now - last, Math::max);
                }
                last = now;
                if (n < 0) {
                    end("eof");
                    return;
                }
                bytes.addAndGet(n);
            }
        } catch (IOException e) {
            end("error: " + e.getMessage());
        }
    }

    private void end(String how) {
        endedAtNanos.set(System.nanoTime());
        endedAtMillis.set(System.currentTimeMillis());
        ending.compareAndSet(null, how);
        ended.countDown();
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isEnded() {
        return ended.getCount() == 0;
    }

    /** Waits until the counter passes {@code target}; false on timeout or when the stream ended. */
    public static boolean awaitAtLeast(LongSupplier counter, long target, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
