package com.atlassecure.testkit.xray;

import com.atlassecure.xray.proto.handler.GetInboundUserRequest;
import com.atlassecure.xray.proto.handler.HandlerServiceGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real xray process under test: its config file in a temp dir, its log file, start/stop/kill/restart, and a
 * gRPC channel to its API. Not thread-safe; one test drives it.
 */
public final class XrayProcess implements AutoCloseable {

    /** How long {@link #start()} waits for the inbounds and the gRPC API by default. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(XrayProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    // A test JVM that exits without close() (a crash, a surefire timeout) must not leave xray bound to its ports.
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "xray-process-reaper"));
    }

    private final XrayBinary binary;
    private final Path dir;
    private final Path configFile;
    private final Path logFile;
    private Process process;
    private ManagedChannel channel;
    private int starts;

    private XrayProcess(XrayBinary binary, Path dir) {
        this.binary = binary;
        this.dir = dir;
        this.configFile = dir.resolve("config.json");
        this.logFile = dir.resolve("xray.log");
    }

    /** Writes the config to a fresh temp dir; does not start xray. */
    public static XrayProcess create(XrayBinary binary, String configJson) {
        XrayConfigs.parse(configJson); // fail here, with the JSON error, rather than inside xray
        try {
            XrayProcess xray = new XrayProcess(binary, Files.createTempDirectory("atlas-xray-"));
            xray.writeConfig(configJson);
            return xray;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for xray", e);
        }
    }

    /** Writes the config to a fresh temp dir; does not start xray. */
    public static XrayProcess create(XrayBinary binary, JsonNode config) {
        return create(binary, XrayConfigs.render(config));
    }

    /** Runs {@code xray run -test -c FILE} on the given config, in a throwaway temp dir. */
    public static ConfigCheck check(XrayBinary binary, String configJson) {
        try (XrayProcess xray = create(binary, configJson)) {
            return xray.checkConfig();
        }
    }

    /** Runs {@code xray run -test -c FILE} on the given config, in a throwaway temp dir. */
    public static ConfigCheck check(XrayBinary binary, JsonNode config) {
        return check(binary, XrayConfigs.render(config));
    }

    /** Runs {@code xray run -test -c} on this process's current config file. */
    public ConfigCheck checkConfig() {
        return ConfigCheck.run(binary, dir, configFile);
    }

    /** Replaces the config file; a running xray sees it only after {@link #restart()}. */
    public void writeConfig(String configJson) {
        try {
            Files.writeString(configFile, configJson, StandardCharsets.UTF_8);
            // It holds a REALITY private key: owner-only, as on a server (doctor FAILs any "other" bit).
            Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
    }

    /** Starts {@code xray run -c FILE} and waits up to {@link #DEFAULT_START_TIMEOUT} until it is ready. */
    public XrayProcess start() {
        return start(DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts xray and waits until every TCP inbound accepts connections and, when the config has an "api"
     * block, HandlerService.GetInboundUsersCount answers. Throws with the log's tail if xray exits or times out.
     */
    public XrayProcess start(Duration timeout) {
        if (isAlive()) {
            throw new IllegalStateException("xray is already running as pid " + process.pid());
        }
        starts++;
        try {
            Files.writeString(
                    logFile,
                    "=== atlas testkit: start #" + starts + " ===\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(binary.path().toString(), "run", "-c", configFile.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary.path(), e);
        }
        LIVE.add(process);
        process.onExit().thenAccept(LIVE::remove);
        LOG.info("event=xray_started pid={} config={}", process.pid(), configFile);
        new XrayReadiness(this, XrayConfigs.parse(readConfig())).await(timeout);
        if (channel != null) {
            channel.resetConnectBackoff(); // the old channel may sit in backoff after a kill
        }
        return this;
    }

    /** SIGTERM, then SIGKILL if xray has not exited within 10 s. Idempotent. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(STOP_GRACE)) {
            LOG.warn("event=xray_stop_timeout pid={} grace={}", process.pid(), STOP_GRACE);
            kill();
        }
    }

    /** SIGKILL (kill -9), as a crash would; waits until the process is gone. */
    public void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        if (!waitForExit(STOP_GRACE)) {
            throw new IllegalStateException("xray pid " + process.pid() + " survived SIGKILL for " + STOP_GRACE);
        }
    }

    /** Stops xray if it runs and starts it again with the current config file. */
    public XrayProcess restart() {
        stop();
        return start();
    }

    /** True while the xray process runs. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The OS pid of the current xray process. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("xray was never started");
        }
        return process.pid();
    }

    /** The config file xray runs with (tests may point the API under test at it). */
    public Path configFile() {
        return configFile;
    }

    /** The file that collects xray's stdout and stderr across all starts. */
    public Path logFile() {
        return logFile;
    }

    /** The whole log so far. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /** Waits until the log contains the fragment (xray writes it asynchronously); false after the timeout. */
    public boolean awaitLog(String fragment, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The current config file's content. */
    public String readConfig() {
        try {
            return Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile, e);
        }
    }

    /** "127.0.0.1:PORT" of the gRPC API named in the config's "api" block. */
    public String apiAddress() {
        int port = XrayConfigs.apiPort(XrayConfigs.parse(readConfig()))
                .orElseThrow(() -> new IllegalStateException(configFile + " has no api.listen"));
        return "127.0.0.1:" + port;
    }

    /** A plaintext gRPC channel to the API, shared and closed by {@link #close()}; survives restarts. */
    public ManagedChannel apiChannel() {
        if (channel == null) {
            channel =
                    ManagedChannelBuilder.forTarget(apiAddress()).usePlaintext().build();
        }
        return channel;
    }

    /** HandlerService.GetInboundUsersCount for the inbound with this tag. */
    public long inboundUsersCount(String tag) {
        return HandlerServiceGrpc.newBlockingStub(apiChannel())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getInboundUsersCount(
                        GetInboundUserRequest.newBuilder().setTag(tag).build())
                .getCount();
    }

    /** The last lines of the log, for failure messages. */
    String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    Process process() {
        return process;
    }

    XrayBinary binary() {
        return binary;
    }

    /** Stops xray, closes the channel and deletes the temp dir (set -Datlas.keepXrayDir=true to keep it). */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (channel != null) {
                channel.shutdownNow();
                channel = null;
            }
            if (!Boolean.getBoolean("atlas.keepXrayDir")) {
                deleteDir();
            }
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void deleteDir() {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("event=xray_dir_not_deleted dir={} error={}", dir, e.toString());
        }
    }
}
