package com.atlassecure.api.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the replay window across restarts (finding L1). The newest timestamp ever accepted is kept in a small file
 * in the data dir; after a start, a signed request must be newer than it and no older than the start itself. Any
 * request accepted before the restart is therefore refused after it, while the in-memory {@link ReplayCache} covers
 * the running process. The file is written, and synced, only when that timestamp grows: at most once a second.
 */
final class ReplayFloor {
    private static final Logger log = LoggerFactory.getLogger(ReplayFloor.class);
    static final String FILE_NAME = "signed-request-floor";

    private final Path file;
    private final long floor;
    private long newestAccepted;

    private ReplayFloor(Path file, long floor, long newestAccepted) {
        this.file = file;
        this.floor = floor;
        this.newestAccepted = newestAccepted;
    }

    static ReplayFloor open(Path dataDir, long startSeconds) {
        Path file = dataDir.resolve(FILE_NAME);
        long persisted = Long.MIN_VALUE;
        if (Files.exists(file)) {
            try {
                persisted = Long.parseLong(
                        Files.readString(file, StandardCharsets.US_ASCII).strip());
            } catch (IOException | NumberFormatException e) {
                // Unreadable: be strict for one second rather than lenient for five minutes.
                log.warn(
                        "event=replay_floor_unreadable file={} error_class={}",
                        file,
                        e.getClass().getSimpleName());
                persisted = startSeconds;
            }
        }
        long floor = persisted == Long.MIN_VALUE ? startSeconds : Math.max(startSeconds, persisted + 1);
        return new ReplayFloor(file, floor, persisted);
    }

    /** Whether a signed request with this timestamp may be accepted by this process at all. */
    boolean admits(long timestampSeconds) {
        return timestampSeconds >= floor;
    }

    long floor() {
        return floor;
    }

    /** Records an accepted timestamp durably before the request is served. */
    synchronized void accepted(long timestampSeconds) {
        if (timestampSeconds <= newestAccepted) {
            return;
        }
        byte[] text = Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(text));
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the newest signed timestamp in " + file, e);
        }
        newestAccepted = timestampSeconds;
    }
}
