package com.atlassecure.contract.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins every wire code and HTTP status. The bot and operators' alerts branch on these values, so changing one is a
 * breaking change of the API: this test must be edited on purpose, together with the OpenAPI document.
 */
class ErrorCodeTest {

    private static final Map<String, Integer> PINNED = pinned();

    private static Map<String, Integer> pinned() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("malformed_json", 400);
        m.put("unknown_field", 400);
        m.put("invalid_field", 422);
        m.put("missing_field", 422);
        m.put("invalid_uuid", 422);
        m.put("invalid_expiry", 422);
        m.put("unauthorized", 401);
        m.put("bad_signature", 401);
        m.put("stale_timestamp", 401);
        m.put("replayed_signature", 401);
        m.put("user_not_found", 404);
        m.put("not_found", 404);
        m.put("method_not_allowed", 405);
        m.put("uuid_conflict", 409);
        m.put("body_too_large", 413);
        m.put("unsupported_media_type", 415);
        m.put("rate_limited", 429);
        m.put("internal", 500);
        m.put("xray_unavailable", 503);
        m.put("capacity_exhausted", 507);
        return m;
    }

    @Test
    void codesAndStatusesArePinned() {
        Map<String, Integer> actual = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::code, ErrorCode::httpStatus, (a, b) -> a, LinkedHashMap::new));
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(PINNED);
    }

    @Test
    void wireCodesAreUniqueAndLowerSnakeCase() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z][a-z0-9_]*"));
    }

    @Test
    void everyDesignStatusHasAtLeastOneCode() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::httpStatus))
                .contains(400, 401, 404, 409, 413, 422, 429, 503);
    }

    @Test
    void fromCodeRoundTripsEveryConstant() {
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(ErrorCode.fromCode(c.code())).isSameAs(c);
        }
    }

    @Test
    void anUnknownOrMissingCodeFromANewerServerMapsToInternal() {
        assertThat(ErrorCode.fromCode("something_new")).isSameAs(ErrorCode.INTERNAL);
        assertThat(ErrorCode.fromCode(null)).isSameAs(ErrorCode.INTERNAL);
        assertThat(ErrorCode.fromCode("INVALID_UUID")).isSameAs(ErrorCode.INTERNAL);
    }

    @Test
    void errorBodyHasTheDocumentedShape() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String written = json.writeValueAsString(ErrorBody.of(ErrorCode.INVALID_UUID, "uuid must be 8-4-4-4-12 hex"));
        assertThat(json.readTree(written))
                .isEqualTo(json.readTree(
                        "{\"error\":{\"code\":\"invalid_uuid\",\"message\":\"uuid must be 8-4-4-4-12" + " hex\"}}"));
        assertThat(json.readValue(written, ErrorBody.class))
                .isEqualTo(ErrorBody.of(ErrorCode.INVALID_UUID, "uuid must be 8-4-4-4-12 hex"));
    }
}
