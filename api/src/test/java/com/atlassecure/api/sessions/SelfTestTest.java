package com.atlassecure.api.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The self-test against the real ss and kernel, on a loopback pair of its own. */
class SelfTestTest {

    @Test
    void killsItsLoopbackPairWhenTheProcessHoldsNetAdmin() {
        assumeTrue(Capabilities.hasNetAdmin(), "this JVM lacks CAP_NET_ADMIN");
        SelfTest.Result result = SelfTest.run(new SsTool(List.of(), "ss", CommandRunner.processes()));
        assertThat(result.support()).as(result.detail()).isEqualTo(Support.SUPPORTED);
        assertThat(result.detail()).contains("loopback pair");
    }

    @Test
    void reportsUnsupportedWithTheKernelsAnswerWhenNetAdminIsDropped() {
        SelfTest.Result result =
                SelfTest.run(new SsTool(Capabilities.withoutNetAdmin(), "ss", CommandRunner.processes()));
        assertThat(result.support()).isEqualTo(Support.UNSUPPORTED);
        assertThat(result.detail()).contains("Operation not permitted");
    }

    @Test
    void reportsUnsupportedWhenSsIsMissing() {
        SelfTest.Result result = SelfTest.run(new SsTool(List.of(), "/nonexistent/ss", CommandRunner.processes()));
        assertThat(result.support()).isEqualTo(Support.UNSUPPORTED);
        assertThat(result.detail()).startsWith("cannot run /nonexistent/ss");
    }

    @Test
    void reportsUnsupportedWhenSsClaimsSuccessButKillsNothing() {
        ScriptedRunner liar = new ScriptedRunner(argv -> ScriptedRunner.ok(""));
        SelfTest.Result result = SelfTest.run(new SsTool(List.of(), "ss", liar));
        assertThat(result.support()).isEqualTo(Support.UNSUPPORTED);
        assertThat(result.detail()).contains("no killed socket");
    }
}
