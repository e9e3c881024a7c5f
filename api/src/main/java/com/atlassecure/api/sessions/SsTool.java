package com.atlassecure.api.sessions;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ss} invocations that list and kill the established TCP sockets from one peer address
 * to one local port. The filter is always both the address and the port: dropping the port would
 * also kill the customer's SSH or anything else they reach on this host.
 */
final class SsTool {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<String> prefix;
    private final String binary;
    private final CommandRunner runner;

    /**
     * @param prefix programs to run ss through, e.g. {@code nsenter -t PID -n} to reach Xray's
     *     network namespace; usually empty
     */
    SsTool(List<String> prefix, String binary, CommandRunner runner) {
        this.prefix = List.copyOf(prefix);
        this.binary = binary;
        this.runner = runner;
    }

    /** What ss did; {@code error} is non-null when the call must be treated as failed. */
    record Outcome(List<TcpSocket> sockets, String error) {
        boolean ok() {
            return error == null;
        }
    }

    List<String> killCommand(InetAddress peer, int localPort) {
        return command(true, peer, localPort);
    }

    List<String> listCommand(InetAddress peer, int localPort) {
        return command(false, peer, localPort);
    }

    /** Kills the matching sockets; the listed sockets are the ones the kernel destroyed. */
    Outcome kill(InetAddress peer, int localPort) {
        return run(killCommand(peer, localPort));
    }

    Outcome list(InetAddress peer, int localPort) {
        return run(listCommand(peer, localPort));
    }

    private List<String> command(boolean kill, InetAddress peer, int localPort) {
        if (localPort < 1 || localPort > 65535) {
            throw new IllegalArgumentException("local port must be 1..65535, got " + localPort);
        }
        List<String> argv = new ArrayList<>(prefix);
        argv.add(binary);
        if (kill) {
            argv.add("-K");
        }
        argv.addAll(List.of(
                "-tnH", "state", "established", "dst", IpLiterals.ssOperand(peer), "sport", "=", ":" + localPort));
        return argv;
    }

    private Outcome run(List<String> argv) {
        CommandRunner.Result result;
        try {
            result = runner.run(argv, TIMEOUT);
        } catch (IOException e) {
            return new Outcome(List.of(), "cannot run " + binary + ": " + e.getMessage());
        }
        // ss exits 0 when SOCK_DESTROY is refused ("SOCK_DESTROY answers: Operation not permitted"),
        // so stderr, not the exit code, is what tells failure apart.
        if (result.timedOut()) {
            return new Outcome(List.of(), binary + " " + result.stderr());
        }
        String stderr = result.stderr().strip();
        if (!stderr.isEmpty()) {
            return new Outcome(TcpSocket.parseListing(result.stdout()), firstLine(stderr));
        }
        if (result.exitCode() != 0) {
            return new Outcome(List.of(), binary + " exited " + result.exitCode());
        }
        return new Outcome(TcpSocket.parseListing(result.stdout()), null);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
