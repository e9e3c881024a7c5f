package com.atlassecure.api.links;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The link parser on hostile text (issue 8, item 4): whatever the input, it either returns a link or refuses with
 * IllegalArgumentException, never another exception; and a link it accepts always has a UUID part and a port in range.
 */
class VlessLinksHostilePropertiesTest {
    private static final String GOOD = "vless://6f1c1c3e-8a1b-4e0e-9d7a-2b3c4d5e6f70@vpn.example.com:4443?type=tcp"
            + "&encryption=none&security=reality&sni=www.example.com&fp=chrome&pbk=E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfIm"
            + "RCdAvFM&sid=ab12&flow=xtls-rprx-vision#Atlas%20Secure";

    @Property(tries = 2000)
    void arbitraryTextIsParsedOrRefusedWithIllegalArgument(@ForAll String text) {
        assertParsedOrRefused("vless://" + text);
        assertParsedOrRefused(text);
    }

    @Property(tries = 3000)
    void mutatedLinksAreParsedOrRefusedWithIllegalArgument(@ForAll("mutations") String link) {
        assertParsedOrRefused(link);
    }

    private static void assertParsedOrRefused(String link) {
        VlessLink parsed;
        try {
            parsed = VlessLinks.parse(link);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertThat(parsed.port()).isBetween(1, 65535);
        assertThat(parsed.host()).isNotEmpty();
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, GOOD.length());
        Arbitrary<String> insert = Arbitraries.oneOf(
                Arbitraries.of(
                        "%",
                        "%z",
                        "%0",
                        "&",
                        "&&",
                        "=",
                        "#",
                        "@",
                        ":",
                        "[",
                        "]",
                        "?",
                        "\u0000",
                        "%00",
                        "\r\n",
                        "\ud83d\ude00",
                        "::1",
                        "99999999999",
                        "-1",
                        "&flow=",
                        "&sni=x&sni=y"),
                Arbitraries.strings().all().ofMaxLength(4));
        return Arbitraries.oneOf(
                at.flatMap(i -> insert.map(s -> GOOD.substring(0, i) + s + GOOD.substring(i))),
                at.map(i -> GOOD.substring(0, i)),
                at.flatMap(i -> at.map(j -> GOOD.substring(0, Math.min(i, j)) + GOOD.substring(Math.max(i, j)))));
    }
}
