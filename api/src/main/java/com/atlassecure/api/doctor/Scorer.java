package com.atlassecure.api.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores results with the audit's weights (section 12). Within a category every check counts the same: PASS full
 * credit, WARN half, FAIL none, so points = weight x mean credit. A category with no checks (its input was not given)
 * is not assessed and is left out: the total is the earned points divided by the assessed weight, scaled to 100, and
 * the assessed weight is reported next to it so a partial run cannot pass for a full one.
 */
final class Scorer {
    private Scorer() {}

    static Score score(List<CheckResult> results) {
        List<Score.CategoryScore> categories = new ArrayList<>();
        double earned = 0;
        int assessed = 0;
        for (Category category : Category.values()) {
            List<CheckResult> mine =
                    results.stream().filter(r -> r.category() == category).toList();
            double credit = mine.stream().mapToDouble(r -> r.status().credit()).sum();
            double points = mine.isEmpty() ? 0 : category.weight() * credit / mine.size();
            categories.add(new Score.CategoryScore(category, mine.size(), points));
            if (!mine.isEmpty()) {
                earned += points;
                assessed += category.weight();
            }
        }
        int total = assessed == 0 ? 0 : (int) Math.round(100 * earned / assessed);
        return new Score(categories, total, assessed);
    }
}
