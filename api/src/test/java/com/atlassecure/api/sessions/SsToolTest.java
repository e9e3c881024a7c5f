package com.atlassecure.api.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SsToolTest {

    private static InetAddress ip(String text) {
        return IpLiterals.parse(text).orElseThrow();
    }

    @Test
    void killsOnlyEstablishedSocketsFromThePeerToTheInboundPortAsSeparateArguments() {
        SsTool ss = new SsTool(List.of(), "ss", new ScriptedRunner(argv -> ScriptedRunner.ok("")));
        assertThat(ss.killCommand(ip("203.0.113.7"), 4443))
                .containsExactly(
                        "ss", "-K", "-tnH", "state", "established", "dst", "203.0.113.7", "sport", "=", ":4443");
        assertThat(ss.listCommand(ip("2001:db8::7"), 4443))
                .containsExactly(
                        "ss", "-tnH", "state", "established", "dst", "[2001:db8:0:0:0:0:0:7]", "sport", "=", ":4443");
    }

    @Test
    void runsThroughTheConfiguredPrefix() {
        SsTool ss = new SsTool(List.of("nsenter", "-t", "1234", "-n"), "/usr/bin/ss", null);
        assertThat(ss.killCommand(ip("203.0.113.7"), 443))
                .startsWith("nsenter", "-t", "1234", "-n", "/usr/bin/ss", "-K");
    }

    @Test
    void treatsStderrAsFailureEvenWhenSsExitsZero() {
        ScriptedRunner runner = new ScriptedRunner(
                argv -> new CommandRunner.Result(0, "", "SOCK_DESTROY answers: Operation not permitted\n", false));
        SsTool.Outcome outcome = new SsTool(List.of(), "ss", runner).kill(ip("203.0.113.7"), 4443);
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).isEqualTo("SOCK_DESTROY answers: Operation not permitted");
    }

    @Test
    void reportsAMissingBinaryAndANonZeroExitAsFailures() {
        SsTool missing = new SsTool(List.of(), "ss", new ScriptedRunner(argv -> null));
        assertThat(missing.kill(ip("203.0.113.7"), 4443).error()).startsWith("cannot run ss");
        SsTool failing =
                new SsTool(List.of(), "ss", new ScriptedRunner(argv -> new CommandRunner.Result(1, "", "", false)));
        assertThat(failing.list(ip("203.0.113.7"), 4443).error()).isEqualTo("ss exited 1");
    }

    @Test
    void parsesTheSocketsSsPrintsForIpv4AndDualStackListeners() {
        String stdout = "0      0      127.0.0.1:4443 127.0.0.2:43573\n"
                + "0      0      [::ffff:127.0.0.1]:4443 [::ffff:127.0.0.2]:39563\n"
                + "\n";
        SsTool ss = new SsTool(List.of(), "ss", new ScriptedRunner(argv -> ScriptedRunner.ok(stdout)));
        assertThat(ss.kill(ip("127.0.0.2"), 4443).sockets())
                .containsExactly(
                        new TcpSocket("127.0.0.1:4443", "127.0.0.2:43573"),
                        new TcpSocket("[::ffff:127.0.0.1]:4443", "[::ffff:127.0.0.2]:39563"));
    }

    @Test
    void rejectsAPortOutsideTheTcpRange() {
        SsTool ss = new SsTool(List.of(), "ss", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ss.killCommand(ip("203.0.113.7"), 0))
                .hasMessageContaining("got 0");
    }
}
