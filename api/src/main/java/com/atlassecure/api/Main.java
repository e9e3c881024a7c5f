package com.atlassecure.api;

import ch.qos.logback.classic.LoggerContext;
import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.RetiredSettings;
import com.atlassecure.api.config.SettingsException;
import com.atlassecure.api.config.StartupCheckException;
import com.atlassecure.api.doctor.DoctorCommand;
import com.atlassecure.api.reality.KeygenCommand;
import com.atlassecure.api.sessions.AllowList;
import com.atlassecure.api.sessions.SessionClosing;
import com.atlassecure.api.store.StoreException;
import com.atlassecure.api.xray.GrpcXrayControl;
import com.atlassecure.api.xrayconfig.InitCommand;
import com.atlassecure.api.xrayconfig.XrayConfigException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code atlas-api} command line: a thin root whose subcommands do the work. */
@Command(
        name = "atlas-api",
        mixinStandardHelpOptions = true,
        description = "xray_api: provisions VLESS REALITY users on the Xray next to it.",
        subcommands = {Main.Serve.class, KeygenCommand.class, InitCommand.class, DoctorCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        // The JDK caches, per thread and for good, a direct buffer as large as the largest heap buffer ever written
        // to or read from a file channel. Rendering a 100k-client config.json (~18 MB) from two timer threads thus
        // pinned ~50 MB outside the heap. Larger transfers still work, through a temporary buffer. Must be set before
        // any NIO use, hence first thing here; an explicit -D wins.
        if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) {
            System.setProperty("jdk.nio.maxCachedBufferSize", "262144");
        }
        int code = commandLine().execute(args);
        flushLogs();
        System.exit(code);
    }

    /**
     * Writes out the log lines still queued (the API logs through an asynchronous appender), so that the last lines
     * before an exit, such as a refusal to start or {@code api_stopped}, are never lost. Logging stops here.
     */
    static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /** The command line with its error policy: a configuration problem is one clear sentence, not a trace. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof SettingsException
                    || e instanceof StartupCheckException
                    || e instanceof XrayConfigException
                    || e instanceof StoreException) {
                cmd.getErr().println("atlas-api: " + e.getMessage());
                return CONFIG_ERROR;
            }
            throw e;
        });
    }

    /** sysexits.h EX_CONFIG: systemd shows it, and Restart= policies can tell it from a crash. */
    static final int CONFIG_ERROR = 78;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    /** Runs the API until SIGTERM, configured from the environment. */
    @Command(name = "serve", description = "Run the API (settings from the environment; see .env.example).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            ApiSettings settings = ApiSettings.fromEnv(System.getenv());
            RetiredSettings.warnIfSet(System.getenv());
            AllowList allowList;
            try {
                allowList = AllowList.parse(System.getenv(AllowList.SETTING));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(e.getMessage());
            }
            App app = App.start(
                    settings,
                    new GrpcXrayControl(settings.xray().grpcAddress(), Duration.ofSeconds(3)),
                    Clock.systemUTC(),
                    SessionClosing.withSs(allowList));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                app.close();
                                flushLogs();
                                stopped.countDown();
                            },
                            "shutdown"));
            stopped.await();
            return 0;
        }
    }
}
