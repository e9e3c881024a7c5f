package com.atlassecure.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.contract.errors.ErrorCode;
import java.util.Locale;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Properties of the shared validators, over generated input rather than hand-picked cases. */
class ValidatorPropertiesTest {

    @Property
    void everyRandomUuidIsAcceptedVerbatim(@ForAll("uuids") String uuid) {
        assertThat(Uuids.requireValid(uuid)).isEqualTo(uuid);
    }

    @Property
    void whitespaceAroundAUuidIsTheOnlyThingRemoved(
            @ForAll("uuids") String uuid, @ForAll("whitespace") String before, @ForAll("whitespace") String after) {
        assertThat(Uuids.requireValid(before + uuid + after)).isEqualTo(uuid);
    }

    @Property
    void acceptedValuesAreAFixedPointOfValidation(@ForAll("uuidsInAnyCase") String uuid) {
        String once = Uuids.requireValid(uuid);
        assertThat(Uuids.requireValid(once)).isEqualTo(once);
    }

    @Property
    void anEnvironmentPrefixInAnyCaseIsAlwaysRejected(
            @ForAll("uuids") String uuid, @ForAll("prefixesInAnyCase") String prefix) {
        assertThatThrownBy(() -> Uuids.requireValid(prefix + uuid))
                .isInstanceOf(ContractViolation.class)
                .satisfies(e -> assertThat(((ContractViolation) e).code()).isEqualTo(ErrorCode.INVALID_UUID));
    }

    @Property
    void changingOneCharacterToANonHexCharacterIsRejected(
            @ForAll("uuids") String uuid, @ForAll("positions") int position, @ForAll("nonHex") char replacement) {
        String broken = uuid.substring(0, position) + replacement + uuid.substring(position + 1);
        Assume.that(!broken.strip().equals(uuid));
        assertThat(Uuids.isValid(broken)).isFalse();
    }

    @Property
    void droppingAnyCharacterIsRejected(@ForAll("uuids") String uuid, @ForAll("positions") int position) {
        String shorter = uuid.substring(0, position) + uuid.substring(position + 1);
        assertThat(Uuids.isValid(shorter)).isFalse();
    }

    @Property
    void arbitraryStringsAreAcceptedOnlyWhenTheyStripToACanonicalUuid(@ForAll String raw) {
        boolean canonical =
                raw.strip().matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        assertThat(Uuids.isValid(raw)).isEqualTo(canonical);
    }

    @Property
    void expiryAcceptsExactlyTheHalfOpenRange(@ForAll long expiryMs) {
        boolean inRange = expiryMs >= Expiry.MIN_MS && expiryMs < Expiry.MAX_MS;
        assertThat(accepts(() -> Expiry.requireValid(expiryMs))).isEqualTo(inRange);
    }

    @Property
    void expiryInSecondsForAnyRealisticDateIsRejected(
            @ForAll @LongRange(min = 1_577_836_800L, max = 4_102_444_799L) long epochSeconds) {
        assertThat(accepts(() -> Expiry.requireValid(epochSeconds))).isFalse();
    }

    @Property
    void telegramIdsAreAcceptedExactlyInOneTo52Bits(@ForAll long id) {
        boolean inRange = id >= 1 && id <= TelegramIds.MAX;
        assertThat(accepts(() -> TelegramIds.requireValid(id))).isEqualTo(inRange);
    }

    @Property
    void shortFormNeverExceedsEightCharacters(@ForAll String value) {
        assertThat(Uuids.shortForm(value)).hasSizeLessThanOrEqualTo(8);
    }

    @Provide
    Arbitrary<String> uuids() {
        return Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()).toString());
    }

    @Provide
    Arbitrary<String> uuidsInAnyCase() {
        return uuids().flatMap(u -> Arbitraries.of(u, u.toUpperCase(Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> whitespace() {
        return Arbitraries.strings().withChars(' ', '\t', '\n', '\r', '\u2003').ofMaxLength(4);
    }

    @Provide
    Arbitrary<String> prefixesInAnyCase() {
        return Arbitraries.of("stage-", "prod-", "test-")
                .flatMap(p -> Arbitraries.strings()
                        .withChars('0', '1')
                        .ofLength(p.length())
                        .map(mask -> flipCase(p, mask)));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 35);
    }

    @Provide
    Arbitrary<Character> nonHex() {
        return Arbitraries.chars().all().filter(c -> Character.digit(c, 16) < 0 || c > 'f');
    }

    private static String flipCase(String text, String mask) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(mask.charAt(i) == '1' ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static boolean accepts(Runnable validation) {
        try {
            validation.run();
            return true;
        } catch (ContractViolation e) {
            return false;
        }
    }
}
