package com.atlassecure.api.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Renders the results and the score as the audit did: a PASS/WARN/FAIL table and a breakdown, or as JSON. */
final class Report {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<CheckResult> results;
    private final Score score;

    Report(List<CheckResult> results) {
        this.results = List.copyOf(results);
        this.score = Scorer.score(results);
    }

    Score score() {
        return score;
    }

    String verdict() {
        return Doctor.anyFailed(results) ? "FAIL" : "PASS";
    }

    String table() {
        int categoryWidth = Math.max(
                "CATEGORY".length(),
                results.stream()
                        .mapToInt(r -> r.category().title().length())
                        .max()
                        .orElse(0));
        int idWidth = Math.max(
                "CHECK".length(),
                results.stream().mapToInt(r -> r.id().length()).max().orElse(0));
        String row = "%-6s %-" + categoryWidth + "s  %-" + idWidth + "s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(row, "STATUS", "CATEGORY", "CHECK", "REASON"));
        for (CheckResult r : results) {
            out.append(String.format(row, r.status(), r.category().title(), r.id(), r.reason()));
        }
        out.append(System.lineSeparator())
                .append("Score breakdown (audit section 12 weights):")
                .append(System.lineSeparator());
        int titleWidth = 0;
        for (Category c : Category.values()) {
            titleWidth = Math.max(titleWidth, c.title().length());
        }
        for (Score.CategoryScore c : score.categories()) {
            String points = c.assessed()
                    ? number(c.points()) + "/" + c.category().weight() + "  (" + c.checks() + " checks)"
                    : "not assessed (weight " + c.category().weight() + "; its inputs were not given)";
            out.append(
                    String.format("  %-" + titleWidth + "s  %s%n", c.category().title(), points));
        }
        out.append(String.format(
                "Score: %d/100 over the assessed weight %d of 100%n", score.total(), score.assessedWeight()));
        out.append(String.format(
                "Result: %s (%d PASS, %d WARN, %d FAIL)%n",
                verdict(), count(Status.PASS), count(Status.WARN), count(Status.FAIL)));
        return out.toString();
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("result", verdict());
        ObjectNode s = root.putObject("score");
        s.put("total", score.total());
        s.put("out_of", 100);
        s.put("assessed_weight", score.assessedWeight());
        ArrayNode categories = s.putArray("categories");
        for (Score.CategoryScore c : score.categories()) {
            ObjectNode node = categories.addObject();
            node.put("name", c.category().title());
            node.put("key", c.category().name().toLowerCase(java.util.Locale.ROOT));
            node.put("weight", c.category().weight());
            node.put("assessed", c.assessed());
            node.put("checks", c.checks());
            if (c.assessed()) {
                node.put("points", new BigDecimal(c.points()).setScale(2, RoundingMode.HALF_UP));
            } else {
                node.putNull("points");
            }
        }
        ObjectNode counts = root.putObject("counts");
        for (Status status : Status.values()) {
            counts.put(status.name().toLowerCase(java.util.Locale.ROOT), count(status));
        }
        ArrayNode checks = root.putArray("checks");
        for (CheckResult r : results) {
            checks.addObject()
                    .put("id", r.id())
                    .put("category", r.category().title())
                    .put("status", r.status().name())
                    .put("reason", r.reason());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the doctor report as JSON", e);
        }
    }

    private long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    private static String number(double points) {
        BigDecimal rounded =
                new BigDecimal(points).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }
}
