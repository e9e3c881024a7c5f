package com.atlassecure.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * K long-lived TCP streams through a client xray's SOCKS port (so each is its own VLESS + REALITY + Vision
 * connection to the server under test) to a loopback echo server. Every stream sends a small block every
 * {@link #PERIOD_MS} ms and waits for its echo. A stream that was established and then breaks (EOF, reset,
 * no echo within {@link #READ_TIMEOUT_MS}, wrong bytes) counts as one dropped connection, and the stream reconnects.
 */
final class HeldStreams implements AutoCloseable {
    static final int PERIOD_MS = 20;
    static final int READ_TIMEOUT_MS = 5_000;
    private static final int BLOCK = 1024;

    private final int socksPort;
    private final int echoPort;
    private final int count;
    private final AtomicLong drops = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicInteger connected = new AtomicInteger();
    private final LongSamples rtts = new LongSamples();
    private volatile boolean stopped;
    private final Thread[] threads;
    private final java.util.concurrent.atomic.AtomicLongArray lastEcho;

    HeldStreams(int socksPort, int echoPort, int count) {
        this.socksPort = socksPort;
        this.echoPort = echoPort;
        this.count = count;
        this.threads = new Thread[count];
        this.lastEcho = new java.util.concurrent.atomic.AtomicLongArray(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            threads[i] = new Thread(() -> run(index), "held-stream-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    int count() {
        return count;
    }

    /** Established streams that broke since the start. */
    long drops() {
        return drops.get();
    }

    long roundTrips() {
        return roundTrips.get();
    }

    int connected() {
        return connected.get();
    }

    /** Round-trip times (ns) recorded since the last call. */
    long[] drainRtts() {
        return rtts.drain();
    }

    /** Waits until every stream is connected and has echoed at least once; false after the timeout. */
    boolean awaitAllConnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connected.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    /**
     * Waits until every stream has had an echo after {@code sinceNanos} (so a stream broken by a restart at that
     * moment has noticed, been counted and reconnected); false after the timeout.
     */
    boolean awaitAllEchoedSince(long sinceNanos, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < count; i++) {
            while (lastEcho.get(i) - sinceNanos <= 0) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                sleep(20);
            }
        }
        return true;
    }

    private void run(int index) {
        byte[] out = new byte[BLOCK];
        byte[] in = new byte[BLOCK];
        while (!stopped) {
            boolean established = false;
            try (Socket socket =
                    new Socket(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", socksPort)))) {
                socket.setSoTimeout(READ_TIMEOUT_MS);
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", echoPort), 10_000);
                OutputStream os = socket.getOutputStream();
                DataInputStream is = new DataInputStream(socket.getInputStream());
                while (!stopped) {
                    ThreadLocalRandom.current().nextBytes(out);
                    long t0 = System.nanoTime();
                    os.write(out);
                    os.flush();
                    is.readFully(in);
                    long rtt = System.nanoTime() - t0;
                    if (!Arrays.equals(out, in)) {
                        throw new IOException("echo returned different bytes");
                    }
                    if (!established) {
                        established = true;
                        connected.incrementAndGet();
                    }
                    roundTrips.incrementAndGet();
                    lastEcho.set(index, System.nanoTime());
                    rtts.add(rtt);
                    sleep(PERIOD_MS);
                }
            } catch (IOException e) {
                if (established && !stopped) {
                    drops.incrementAndGet();
                }
            } finally {
                if (established) {
                    connected.decrementAndGet();
                }
            }
            if (!stopped) {
                sleep(100); // xray may be restarting; retry until it accepts again
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(READ_TIMEOUT_MS + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
