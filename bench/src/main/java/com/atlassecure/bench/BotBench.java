package com.atlassecure.bench;

/** The bot's update throughput through the fake Bot API (filled in below). */
final class BotBench {
    private final BenchMain.Settings s;
    private final Report report;

    BotBench(BenchMain.Settings s, Report report) {
        this.s = s;
        this.report = report;
    }

    void run() {
        report.text("Bot benchmark: not implemented yet.");
    }
}
