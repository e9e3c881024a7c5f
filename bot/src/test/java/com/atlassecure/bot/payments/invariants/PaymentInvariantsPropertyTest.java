package com.atlassecure.bot.payments.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 19's invariants under random interleavings: 1,000 schedules per run of first and recurring payments,
 * duplicated and reordered updates, refused pre-checkouts, cancel, resume, refunds, and nodes that are down, answer
 * 500, answer too late or answer garbage. After each schedule (nodes healed, jobs drained): each charge extended
 * access at most once and every accepted one exactly once; access end = trial + paid - refunded, to the millisecond;
 * the bot's subscription state is Telegram's; every customer with access has their key on every node, and one
 * without has none that works. jqwik prints the seed of a failing run; shrunk counterexamples become plain tests in
 * {@link PaymentInvariantsRegressionTest}.
 */
class PaymentInvariantsPropertyTest {
    private static PaymentWorld world;
    private static final AtomicLong USERS = new AtomicLong(1_000_000);

    @BeforeContainer
    static void openTheWorld() throws Exception {
        Path dir = Files.createTempDirectory("payment-invariants");
        world = new PaymentWorld(TestDatabases.sqlite(dir));
    }

    @AfterContainer
    static void closeTheWorld() {
        world.close();
    }

    // A fixed seed in CI: a random one found a fourth real bug in a CI run (now a regression test), and a fuzzer that
    // may fail on any run would let an unrelated, not yet found bug block every landing. Exploring is changing the
    // seed (or deleting it) and running this class; nine random runs of 1,000 passed before it was fixed.
    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED, seed = "6204446837707055423")
    void noInterleavingLosesOrDoublesAPaymentOrLeavesAccessWrong(@ForAll("schedules") List<Step> schedule) {
        Model model = new ScheduleRunner(world, USERS.incrementAndGet()).play(schedule);
        world.healAndDrain();
        List<String> violations = Invariants.check(world, model);
        // What the schedules covered, in jqwik's report: a property that never paid or refunded would prove little.
        Statistics.label("accepted payments").collect(Math.min(model.accepted.size(), 4));
        Statistics.label("refunds").collect(model.refunded.size());
        Statistics.label("access gap or clamp").collect(model.clamped);
        Statistics.label("node faults").collect(schedule.stream().anyMatch(Step.NodeFault.class::isInstance));
        assertThat(violations).as("schedule %s", schedule).isEmpty();
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        return Schedules.schedules();
    }
}
