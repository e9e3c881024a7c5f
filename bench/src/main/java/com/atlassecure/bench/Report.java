package com.atlassecure.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the run's tables as Markdown and rewrites the results file after every section, so a crash keeps them. */
final class Report {
    private final Path out;
    private final List<String> sections = new ArrayList<>();

    Report(Path out) {
        this.out = out;
    }

    /** A Markdown table under a heading; rows are already-formatted cells. */
    void table(String heading, List<String> columns, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(heading).append("\n\n");
        sb.append("| ").append(String.join(" | ", columns)).append(" |\n");
        sb.append("|").append("---|".repeat(columns.size())).append("\n");
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        add(sb.toString());
    }

    void text(String markdown) {
        add(markdown + "\n");
    }

    private void add(String section) {
        sections.add(section);
        System.out.println(section);
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, String.join("\n", sections), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }
}
