package com.atlassecure.api.doctor;

import java.util.List;

/**
 * The audit-style score: per category the points earned out of its weight, or "not assessed" when no check of the
 * category ran; {@code total} is out of 100 over the assessed weight only (see {@link Scorer}).
 */
public record Score(List<CategoryScore> categories, int total, int assessedWeight) {
    public Score {
        categories = List.copyOf(categories);
    }

    /** One category: {@code points} of {@code category.weight()} from {@code checks} checks. */
    public record CategoryScore(Category category, int checks, double points) {
        public boolean assessed() {
            return checks > 0;
        }
    }
}
