package com.atlassecure.api.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {
    @Test
    void theAuditsWeightsAddUpTo100() {
        assertThat(Arrays.stream(Category.values()).mapToInt(Category::weight).sum())
                .isEqualTo(100);
    }

    @Test
    void aWarnEarnsHalfAndAFailNothingWithinItsCategory() {
        Score score = Scorer.score(List.of(
                CheckResult.pass("a", Category.LINK_GENERATION, "ok"),
                CheckResult.warn("b", Category.LINK_GENERATION, "meh"),
                CheckResult.fail("c", Category.LINK_GENERATION, "bad"),
                CheckResult.fail("d", Category.LINK_GENERATION, "bad")));

        Score.CategoryScore link = score.categories().get(Category.LINK_GENERATION.ordinal());
        assertThat(link.points()).isCloseTo(20 * 1.5 / 4, within(1e-9));
        assertThat(score.assessedWeight()).isEqualTo(20);
        assertThat(score.total()).isEqualTo(38); // 7.5 of 20
    }

    @Test
    void findingsShapedLikeTheAuditsLandNearItsScoreOf58() {
        // The audit scored 25 + 10 + 0 + 8 + 10 + 5 = 58; with half credit for a WARN these findings give 55.
        Score score = Scorer.score(List.of(
                CheckResult.pass("bot", Category.BOT_ARCHITECTURE, ""),
                CheckResult.pass("flow-in-link", Category.LINK_GENERATION, ""),
                CheckResult.fail("port-default", Category.LINK_GENERATION, ""),
                CheckResult.fail("flow-in-clients", Category.XRAY_CLIENT_CONFIG, ""),
                CheckResult.pass("bot-env", Category.CONFIG_ENV_HYGIENE, ""),
                CheckResult.fail("api-env", Category.CONFIG_ENV_HYGIENE, ""),
                CheckResult.pass("constant-time", Category.SECURITY, ""),
                CheckResult.fail("hmac", Category.SECURITY, ""),
                CheckResult.warn("reference-config", Category.VALIDATION, "")));

        assertThat(score.total()).isEqualTo(55);
        assertThat(score.assessedWeight()).isEqualTo(100);
    }

    @Test
    void categoriesWithoutChecksAreLeftOutOfTheTotal() {
        Score score = Scorer.score(List.of(CheckResult.pass("a", Category.SECURITY, "ok")));

        assertThat(score.total()).isEqualTo(100);
        assertThat(score.assessedWeight()).isEqualTo(15);
        assertThat(score.categories().stream().filter(Score.CategoryScore::assessed))
                .hasSize(1);
    }

    @Test
    void noChecksAtAllScoresZeroRatherThanDividingByZero() {
        assertThat(Scorer.score(List.of()).total()).isZero();
    }
}
