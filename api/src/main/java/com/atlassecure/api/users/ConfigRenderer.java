package com.atlassecure.api.users;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserView;
import com.atlassecure.api.xrayconfig.AtomicFiles;
import com.atlassecure.api.xrayconfig.XrayConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps config.json's clients equal to the store's active users, every one with the Vision flow, so that Xray
 * starts with the same users after a restart or reboot. Changes are coalesced: the file is rewritten (atomically,
 * keeping the operator's other settings) at most about {@code delay} after the first change, never per request.
 * A rewrite formats only the runs of clients that changed and copies the rest from the previous file
 * ({@link RenderIndex}), because formatting all 100k clients every second took a tenth of a core. Thread-safe.
 */
public final class ConfigRenderer implements UserLedger.CommitListener {
    private static final Logger log = LoggerFactory.getLogger(ConfigRenderer.class);

    private final Path configPath;
    private final String inboundTag;
    private final UserView view;
    private final Duration delay;
    private final ScheduledExecutorService scheduler;
    /** Wall-clock ms of the oldest change not yet on disk; 0 when the file is current. */
    private final AtomicLong dirtySinceMs = new AtomicLong();

    /** The operator's document without clients, parsed once per external change of the file. */
    private XrayConfig skeleton;
    /** Size and mtime of the file as we last wrote or read it; a mismatch means someone else edited it. */
    private FileState lastKnown;
    /** Set by {@link #prime}: the next render writes even without a committed change. */
    private boolean mustWrite;
    /** Where each run of clients sits in the file last written, so a render re-formats only what changed. */
    private final RenderIndex index = new RenderIndex();

    private volatile long lastRenderMs;
    private volatile int lastFormatted;
    private volatile String lastError;

    public ConfigRenderer(
            Path configPath, String inboundTag, UserView view, Duration delay, ScheduledExecutorService scheduler) {
        this.configPath = configPath;
        this.inboundTag = inboundTag;
        this.view = view;
        this.delay = delay;
        this.scheduler = scheduler;
    }

    @Override
    public void committed(List<UserRecord> changed) {
        for (UserRecord r : changed) {
            index.changed(r);
        }
        markDirty();
    }

    public void markDirty() {
        if (dirtySinceMs.compareAndSet(0, System.currentTimeMillis())) {
            scheduler.schedule(this::renderQuietly, nextDelayMs(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The configured delay, stretched to {@value #MAX_RENDER_SHARE}x the last render's duration, so that renders never
     * take more than a fifth of a core under sustained changes. A full 100k-client render takes 90 to 270 ms here and
     * an incremental one 10 to 50 ms, so the file follows about 1 s behind; a slower disk or CPU stretches that rather
     * than starving the requests.
     */
    private long nextDelayMs() {
        return Math.max(delay.toMillis(), MAX_RENDER_SHARE * lastRenderNanos / 1_000_000);
    }

    private static final long MAX_RENDER_SHARE = 5;
    private volatile long lastRenderNanos;

    /** How long the oldest change has waited to reach the file; 0 when the file is current. */
    public long lagMs() {
        long since = dirtySinceMs.get();
        return since == 0 ? 0 : Math.max(0, System.currentTimeMillis() - since);
    }

    /** How many clients the last render formatted rather than copied from the previous file. */
    int lastFormattedClients() {
        return lastFormatted;
    }

    public long lastRenderMs() {
        return lastRenderMs;
    }

    /** The last render failure, or null when the last render succeeded. */
    public String lastError() {
        return lastError;
    }

    private void renderQuietly() {
        try {
            renderNow();
        } catch (RuntimeException e) {
            // renderNow already logged and re-armed the retry
        }
    }

    /**
     * Renders now (start-up repair, shutdown, scheduled runs). Returns true when it wrote the file: a change was
     * committed since the last render, the API just started, or someone else edited the file. On failure the change
     * stays pending and a retry is scheduled.
     */
    public synchronized boolean renderNow() {
        long since = dirtySinceMs.getAndSet(0);
        long started = System.nanoTime();
        try {
            // Only a committed change, a start-up, or someone else's edit can make the file differ from the store.
            boolean due = since != 0 || mustWrite || lastKnown == null || !lastKnown.sameFileAs(configPath);
            if (!due) {
                return false;
            }
            XrayConfig base = skeleton();
            RenderIndex.Written[] written = new RenderIndex.Written[1];
            // Streams the clients straight into the temp file: runs untouched since the last render are copied from
            // the current file by the kernel, the rest formatted from the store. No list, no copy of the document.
            try (FileChannel previous = openOurFile()) {
                AtomicFiles.writeAtomically(
                        configPath,
                        out -> base.writeWithClients(
                                inboundTag,
                                (sameStream, indent) -> written[0] = index.write(out, indent, view, previous),
                                out));
            }
            lastKnown = FileState.of(configPath);
            index.committed(lastKnown.size());
            lastFormatted = written[0].formatted();
            mustWrite = false;
            lastRenderMs = System.currentTimeMillis();
            lastRenderNanos = System.nanoTime() - started;
            lastError = null;
            log.info(
                    "event=config_rendered path={} clients={} formatted={} lag_ms={} render_ms={}",
                    configPath,
                    written[0].clients(),
                    written[0].formatted(),
                    since == 0 ? 0 : lastRenderMs - since,
                    lastRenderNanos / 1_000_000);
            return true;
        } catch (IOException | RuntimeException e) {
            index.invalidate();
            lastError = e.toString();
            log.error("event=config_render_failed path={} error={}", configPath, e.toString());
            if (since != 0) {
                dirtySinceMs.compareAndSet(0, since);
            }
            if (!scheduler.isShutdown()) {
                scheduler.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new java.io.UncheckedIOException((IOException) e);
        }
    }

    /**
     * The file as we last wrote it, open for copying from, or null when we have not written it yet. The index
     * checks its size again, so an edit racing this render makes it format everything rather than copy garbage.
     */
    private FileChannel openOurFile() throws IOException {
        if (lastKnown == null || !Files.exists(configPath)) {
            return null;
        }
        return FileChannel.open(configPath, StandardOpenOption.READ);
    }

    private void retry() {
        if (dirtySinceMs.get() != 0) {
            renderQuietly();
        }
    }

    private record FileState(long size, FileTime mtime) {
        static FileState of(Path path) throws IOException {
            return new FileState(Files.size(path), Files.getLastModifiedTime(path));
        }

        boolean sameFileAs(Path path) throws IOException {
            // A missing file is "not the same": the re-read that follows reports it in words.
            return Files.exists(path)
                    && Files.size(path) == size
                    && Files.getLastModifiedTime(path).equals(mtime);
        }
    }

    /**
     * Re-reads the operator's document only when the file changed since we last wrote it; keeping just the
     * client-less skeleton in memory means a 100k-client render never holds the whole parsed tree.
     */
    private XrayConfig skeleton() throws IOException {
        if (skeleton != null && lastKnown != null && lastKnown.sameFileAs(configPath)) {
            return skeleton;
        }
        byte[] current = readIfPresent();
        skeleton = XrayConfig.parseWithoutClients(current, configPath.toString(), inboundTag)
                .skeleton();
        index.invalidate(); // someone else wrote the file: none of our runs can be copied from it
        lastKnown = FileState.of(configPath);
        return skeleton;
    }

    /**
     * Start-up hands over the client-less document it already parsed, so the first render does not parse a large
     * file a second time. That first render always writes: start-up cannot tell whether the file holds the store's
     * users (an import, a flow repair) without rendering them anyway.
     */
    public synchronized void prime(byte[] skeletonJson) throws java.io.UncheckedIOException {
        try {
            skeleton = XrayConfig.parse(skeletonJson, configPath.toString());
            lastKnown = FileState.of(configPath);
            mustWrite = true;
            index.invalidate();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private byte[] readIfPresent() throws IOException {
        try {
            return Files.readAllBytes(configPath);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "Xray config " + configPath + " disappeared; the API renders into an existing file", e);
        }
    }
}
