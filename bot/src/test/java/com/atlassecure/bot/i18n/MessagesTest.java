package com.atlassecure.bot.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.clients.RecommendedApps;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private final Messages messages = Messages.load();

    @Test
    void everyKeyExistsInBothLanguages() {
        assertThat(messages.missingKeys()).isEmpty();
        assertThat(messages.keys(Language.EN)).hasSizeGreaterThan(30);
    }

    @Test
    void russianPluralsFollowRussianRules() {
        assertThat(messages.get(Language.RU, "button.trial", "days", 1)).contains("1 день");
        assertThat(messages.get(Language.RU, "button.trial", "days", 3)).contains("3 дня");
        assertThat(messages.get(Language.RU, "button.trial", "days", 5)).contains("5 дней");
        assertThat(messages.get(Language.RU, "button.trial", "days", 21)).contains("21 день");
        assertThat(messages.get(Language.RU, "button.plan", "months", 12, "stars", 900))
                .startsWith("12 месяцев");
    }

    @Test
    void englishPluralsFollowEnglishRules() {
        assertThat(messages.get(Language.EN, "button.trial", "days", 1)).contains("1 day)");
        assertThat(messages.get(Language.EN, "button.trial", "days", 3)).contains("3 days");
    }

    @Test
    void languageComesFromTelegramLanguageCode() {
        assertThat(Language.fromTelegram("ru")).isEqualTo(Language.RU);
        assertThat(Language.fromTelegram("ru-RU")).isEqualTo(Language.RU);
        assertThat(Language.fromTelegram("en-GB")).isEqualTo(Language.EN);
        assertThat(Language.fromTelegram("de")).isEqualTo(Language.EN);
        assertThat(Language.fromTelegram(null)).isEqualTo(Language.EN);
    }

    @Test
    void keyMessageCarriesTheLinkVerbatimAndTheSetupSteps() {
        String link = "opaque-key-text?a=1&b='x'#Name";
        String text = messages.get(
                Language.EN, "key.message", "link", link, "date", Instant.parse("2027-01-02T03:04:05Z"), "days", 5);
        assertThat(text).contains(link).contains("5 days").contains("2027");
        for (String app : new String[] {"v2rayNG", "v2rayN", "Hiddify", "Streisand", "Happ"}) {
            assertThat(text).contains(app);
        }
    }

    /**
     * The apps named in "How to connect" are exactly contract's RecommendedApps, whose cores doctor and the client
     * matrix prove the server admits; an app added to the message alone would send customers to an unproven core.
     */
    @Test
    void howToConnectNamesOnlyTheAppsWhoseCoresTheServerIsProvenToAdmit() {
        List<String> known = List.of(
                "v2rayNG",
                "v2rayN",
                "Hiddify",
                "Streisand",
                "Happ",
                "NekoBox",
                "Karing",
                "FoXray",
                "V2Box",
                "Shadowrocket",
                "sing-box",
                "SFA",
                "SFI",
                "Clash",
                "Stash",
                "v2RayTun",
                "INCY",
                "Throne");
        Set<String> recommended = new HashSet<>();
        RecommendedApps.ALL.forEach(app -> recommended.add(app.name()));
        for (Language language : Language.values()) {
            String text = messages.get(language, "key.message", "link", "k", "date", Instant.EPOCH, "days", 1);
            for (String app : recommended) {
                assertThat(text).as(language + " names " + app).contains(app);
            }
            for (String app : known) {
                if (Pattern.compile("\\b" + Pattern.quote(app) + "\\b")
                        .matcher(text)
                        .find()) {
                    assertThat(recommended).as(language + " names " + app).contains(app);
                }
            }
        }
    }
}
