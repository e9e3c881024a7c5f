package com.atlassecure.bench;

import java.util.Arrays;

/** A growable list of long samples that many threads add to and one thread drains. Thread-safe. */
final class LongSamples {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    synchronized long[] drain() {
        long[] out = Arrays.copyOf(values, size);
        size = 0;
        return out;
    }
}
