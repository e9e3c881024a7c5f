package com.atlassecure.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Telegram's initData check, pinned by a known answer: the initData below was signed outside this code base (Python's
 * hmac, following Telegram's published steps) with a made-up bot token and our own user, so the Java check is held to
 * the algorithm, not to itself.
 */
class MiniAppAuthTest {
    static final String TOKEN = "5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8";
    static final String SIGNED = "auth_date=1767225600&query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A4242%2C"
            + "%22first_name%22%3A%22Ada%22%2C%22language_code%22%3A%22en%22%7D&hash="
            + "6b3dbb55c562fe7067843573c6685401b7553a124c33d4740366823165849794";
    static final Instant SIGNED_AT = Instant.ofEpochSecond(1767225600);

    private final MiniAppAuth auth = new MiniAppAuth(TOKEN);

    @Test
    void acceptsInitDataSignedWithTheBotTokenAsTelegramSpecifies() throws Exception {
        MiniAppAuth.Verified verified = auth.verify(SIGNED, SIGNED_AT.plusSeconds(30));

        assertThat(verified.userId()).isEqualTo(4242);
        assertThat(verified.hash()).isEqualTo("6b3dbb55c562fe7067843573c6685401b7553a124c33d4740366823165849794");
        assertThat(verified.authDate()).isEqualTo(SIGNED_AT);
    }

    @Test
    void fieldOrderInTheQueryDoesNotMatterBecauseTheCheckStringIsSorted() throws Exception {
        String[] parts = SIGNED.split("&");
        String shuffled = parts[3] + "&" + parts[2] + "&" + parts[0] + "&" + parts[1];

        assertThat(auth.verify(shuffled, SIGNED_AT).userId()).isEqualTo(4242);
    }

    @Test
    void refusesAnotherBotsSignature() {
        MiniAppAuth other = new MiniAppAuth("5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx9");

        assertThatThrownBy(() -> other.verify(SIGNED, SIGNED_AT)).hasMessage("signature");
    }

    @Test
    void refusesAChangedUserOrDateEvenWithTheHashKept() {
        String otherUser = SIGNED.replace("4242", "4243");
        String otherDate = SIGNED.replace("1767225600", "1767225601");

        assertThatThrownBy(() -> auth.verify(otherUser, SIGNED_AT)).hasMessage("signature");
        assertThatThrownBy(() -> auth.verify(otherDate, SIGNED_AT)).hasMessage("signature");
    }

    @Test
    void refusesInitDataOlderThanAnHourOrFromTheFuture() {
        assertThatThrownBy(() ->
                        auth.verify(SIGNED, SIGNED_AT.plus(MiniAppAuth.MAX_AGE).plusSeconds(1)))
                .hasMessage("stale auth_date");
        assertThatThrownBy(() -> auth.verify(SIGNED, SIGNED_AT.minusSeconds(120)))
                .hasMessage("stale auth_date");
    }

    @Test
    void refusesMalformedInput() {
        assertThatThrownBy(() -> auth.verify(null, SIGNED_AT)).isInstanceOf(MiniAppAuth.Refused.class);
        assertThatThrownBy(() -> auth.verify("", SIGNED_AT)).isInstanceOf(MiniAppAuth.Refused.class);
        assertThatThrownBy(() -> auth.verify(SIGNED.replace("&hash=", "&hash=0"), SIGNED_AT))
                .hasMessage("no hash");
        assertThatThrownBy(() -> auth.verify(SIGNED + "&user=x", SIGNED_AT)).hasMessage("repeated field user");
        assertThatThrownBy(() -> auth.verify("%zz=1&" + SIGNED, SIGNED_AT)).hasMessage("bad percent-encoding");
        assertThatThrownBy(() -> auth.verify("x".repeat(9000), SIGNED_AT)).hasMessage("missing or oversized");
    }

    @Test
    void theTestSignerAgreesWithTheKnownAnswer() {
        // InitDataSigner makes initData for the journey tests; it must sign exactly as the outside signer did.
        String signed = InitDataSigner.sign(
                TOKEN,
                java.util.Map.of(
                        "auth_date", "1767225600",
                        "query_id", "AAHdF6IQAAAAAN0XohDhrOrc",
                        "user", "{\"id\":4242,\"first_name\":\"Ada\",\"language_code\":\"en\"}"));

        assertThat(signed).endsWith("hash=6b3dbb55c562fe7067843573c6685401b7553a124c33d4740366823165849794");
    }
}
