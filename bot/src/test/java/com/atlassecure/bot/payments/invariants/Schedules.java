package com.atlassecure.bot.payments.invariants;

import com.atlassecure.bot.support.ScriptedXrayApi;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random schedules of payment events, weighted so that money, faults and work all happen often. */
final class Schedules {
    private Schedules() {}

    static Arbitrary<List<Step>> schedules() {
        return step().list().ofMinSize(3).ofMaxSize(25);
    }

    private static Arbitrary<Step> step() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 5);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Step.Trial())),
                net.jqwik.api.Tuple.of(5, held().map(Step.Subscribe::new)),
                net.jqwik.api.Tuple.of(6, held().map(Step.Renew::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Step.Release())),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Step.BuyMonth())),
                net.jqwik.api.Tuple.of(4, index.map(Step.Replay::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 2).map(Step.BadPreCheckout::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Step.Cancel())),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Step.Resume())),
                net.jqwik.api.Tuple.of(3, index.map(Step.Refund::new)),
                net.jqwik.api.Tuple.of(4, nodeFault()),
                net.jqwik.api.Tuple.of(5, Arbitraries.just(new Step.Work())),
                net.jqwik.api.Tuple.of(
                        4, Arbitraries.integers().between(1, 60 * 24 * 20).map(Step.Advance::new)));
    }

    /** One update in four is held back, so that renewals overtake first payments and each other. */
    private static Arbitrary<Boolean> held() {
        return Arbitraries.of(true, false, false, false);
    }

    private static Arbitrary<Step> nodeFault() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.of(ScriptedXrayApi.Fault.class),
                        Arbitraries.of(true, false, false))
                .as(Step.NodeFault::new);
    }
}
