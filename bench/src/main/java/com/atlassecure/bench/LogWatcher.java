package com.atlassecure.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Follows a growing log file from where it was when the watcher was made, reading only what was appended. */
final class LogWatcher {
    private final Path file;
    private long offset;
    private final StringBuilder seen = new StringBuilder();

    LogWatcher(Path file) {
        this.file = file;
        this.offset = file.toFile().length();
    }

    /** Everything appended since this watcher was made. */
    String poll() {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length > offset) {
                byte[] bytes = new byte[(int) (length - offset)];
                raf.seek(offset);
                raf.readFully(bytes);
                offset = length;
                seen.append(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the next poll tries again
        }
        return seen.toString();
    }
}
