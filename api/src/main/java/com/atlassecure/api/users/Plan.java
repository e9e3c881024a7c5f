package com.atlassecure.api.users;

import com.atlassecure.api.store.RowWrite;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What a command decided to do: its row writes, its live change, and how to build the caller's answer from the
 * live outcome. {@code keys} name the uuids and emails it touches, so two plans touching the same key never share
 * a batch (each decides against committed state).
 */
record Plan<R>(Set<String> keys, List<RowWrite> writes, LiveOp live, Function<LiveOutcome, R> result) {

    /** A plan that changes nothing and answers {@code value}. */
    static <R> Plan<R> answer(R value) {
        return new Plan<>(Set.of(), List.of(), LiveOp.NONE, outcome -> value);
    }

    static String uuidKey(String uuid) {
        return "uuid:" + uuid.toLowerCase(Locale.ROOT);
    }

    static String emailKey(String email) {
        return "email:" + email.toLowerCase(Locale.ROOT);
    }
}
