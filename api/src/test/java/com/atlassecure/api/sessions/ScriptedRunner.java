package com.atlassecure.api.sessions;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A CommandRunner that records every argv and answers from a function of it. */
final class ScriptedRunner implements CommandRunner {
    final List<List<String>> calls = new ArrayList<>();
    private final Function<List<String>, Result> answer;

    ScriptedRunner(Function<List<String>, Result> answer) {
        this.answer = answer;
    }

    static Result ok(String stdout) {
        return new Result(0, stdout, "", false);
    }

    @Override
    public synchronized Result run(List<String> argv, Duration timeout) throws IOException {
        calls.add(List.copyOf(argv));
        Result result = answer.apply(argv);
        if (result == null) {
            throw new IOException("Cannot run program \"" + argv.get(0) + "\": error=2, No such file or directory");
        }
        return result;
    }

    List<List<String>> kills() {
        return calls.stream().filter(c -> c.contains("-K")).toList();
    }
}
