package com.atlassecure.api.users;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserStore;
import com.atlassecure.api.store.UserView;
import com.atlassecure.api.xrayconfig.AtomicFiles;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.XrayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps config.json's clients equal to the store's active users, every one with the Vision flow, so that Xray
 * starts with the same users after a restart or reboot. Changes are coalesced: the file is rewritten (atomically,
 * keeping the operator's other settings) at most about {@code delay} after the first change, never per request,
 * because a 100k-client rewrite costs tens of milliseconds. Thread-safe.
 */
public final class ConfigRenderer implements UserStore.CommitListener {
    private static final Logger log = LoggerFactory.getLogger(ConfigRenderer.class);
    private static final Comparator<UserRecord> ORDER =
            Comparator.comparingLong(UserRecord::createdMs).thenComparing(UserRecord::uuid);

    private final Path configPath;
    private final String inboundTag;
    private final UserView view;
    private final Duration delay;
    private final ScheduledExecutorService scheduler;
    /** Wall-clock ms of the oldest change not yet on disk; 0 when the file is current. */
    private final AtomicLong dirtySinceMs = new AtomicLong();

    /** The operator's document without clients, parsed once per external change of the file. */
    private XrayConfig skeleton;
    /** Size, mtime and digest of the file as we last wrote or read it; a mismatch means someone else edited it. */
    private FileState lastKnown;

    private volatile long lastRenderMs;
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
        markDirty();
    }

    public void markDirty() {
        if (dirtySinceMs.compareAndSet(0, System.currentTimeMillis())) {
            scheduler.schedule(this::renderQuietly, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** How long the oldest change has waited to reach the file; 0 when the file is current. */
    public long lagMs() {
        long since = dirtySinceMs.get();
        return since == 0 ? 0 : Math.max(0, System.currentTimeMillis() - since);
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
     * Renders now (start-up repair, shutdown, scheduled runs). Returns true when the file changed. On failure the
     * change stays pending and a retry is scheduled.
     */
    public synchronized boolean renderNow() {
        long since = dirtySinceMs.getAndSet(0);
        try {
            List<UserRecord> active = view.active();
            active.sort(ORDER);
            List<ClientEntry> clients = active.stream()
                    .map(r -> ClientEntry.vision(r.uuid(), r.email(), r.expiryMs()))
                    .toList();
            XrayConfig base = skeleton();
            byte[] rendered = base.withClients(inboundTag, clients);
            byte[] digest = sha256(rendered);
            boolean changed = lastKnown == null || !Arrays.equals(lastKnown.digest(), digest);
            if (changed) {
                AtomicFiles.writeAtomically(configPath, rendered);
                lastKnown = FileState.of(configPath, digest);
            }
            lastRenderMs = System.currentTimeMillis();
            lastError = null;
            log.info(
                    "event=config_rendered path={} clients={} changed={} lag_ms={}",
                    configPath,
                    clients.size(),
                    changed,
                    since == 0 ? 0 : lastRenderMs - since);
            return changed;
        } catch (IOException | RuntimeException e) {
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

    private void retry() {
        if (dirtySinceMs.get() != 0) {
            renderQuietly();
        }
    }

    private record FileState(long size, FileTime mtime, byte[] digest) {
        static FileState of(Path path, byte[] digest) throws IOException {
            return new FileState(Files.size(path), Files.getLastModifiedTime(path), digest);
        }

        boolean sameFileAs(Path path) throws IOException {
            return Files.size(path) == size && Files.getLastModifiedTime(path).equals(mtime);
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
        XrayConfig full = XrayConfig.parse(current, configPath.toString());
        skeleton = XrayConfig.parse(full.withClients(inboundTag, List.of()), configPath.toString());
        lastKnown = FileState.of(configPath, sha256(current));
        return skeleton;
    }

    /**
     * Start-up hands over what it already parsed: the client-less document and the digest of the file as read, so
     * the first render does not parse a large file a second time.
     */
    public synchronized void prime(byte[] skeletonJson, byte[] fileDigest) throws java.io.UncheckedIOException {
        try {
            skeleton = XrayConfig.parse(skeletonJson, configPath.toString());
            lastKnown = FileState.of(configPath, fileDigest);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
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
