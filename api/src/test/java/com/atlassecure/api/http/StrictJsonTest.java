package com.atlassecure.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.contract.validation.ContractViolation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** No coercion, no unknown fields, no silent defaults for missing ones. */
class StrictJsonTest {
    private static final List<String> ADD_REQUIRED = List.of("telegram_id", "uuid", "expiry_timestamp_ms");

    private static ErrorCode codeOf(String json) {
        try {
            StrictJson.read(json.getBytes(StandardCharsets.UTF_8), AddUserRequest.class, ADD_REQUIRED);
        } catch (ContractViolation e) {
            return e.code();
        }
        throw new AssertionError("accepted: " + json);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"telegram_id\":\"1\",\"uuid\":\"u\",\"expiry_timestamp_ms\":1}|INVALID_FIELD",
                "{\"telegram_id\":1.0,\"uuid\":\"u\",\"expiry_timestamp_ms\":1}|INVALID_FIELD",
                "{\"telegram_id\":1,\"uuid\":1,\"expiry_timestamp_ms\":1}|INVALID_FIELD",
                "{\"telegram_id\":true,\"uuid\":\"u\",\"expiry_timestamp_ms\":1}|INVALID_FIELD",
                "{\"telegram_id\":1,\"uuid\":\"u\",\"expiry_timestamp_ms\":1,\"x\":1}|UNKNOWN_FIELD",
                "{\"telegram_id\":1,\"uuid\":\"u\"}|MISSING_FIELD",
                "{\"telegram_id\":null,\"uuid\":\"u\",\"expiry_timestamp_ms\":1}|MISSING_FIELD",
                "{\"telegram_id\":1,\"telegram_id\":2,\"uuid\":\"u\",\"expiry_timestamp_ms\":1}|MALFORMED_JSON",
                "{\"telegram_id\":1,|MALFORMED_JSON",
                "\"just a string\"|MALFORMED_JSON",
                "|MALFORMED_JSON"
            })
    void refusesWithTheRightCode(String json, ErrorCode code) {
        assertThat(codeOf(json == null ? "" : json)).isEqualTo(code);
    }

    @Test
    void acceptsAWellFormedRequestAndLeavesOptionalFieldsNull() {
        AddUserRequest add = StrictJson.read(
                "{\"telegram_id\":7,\"uuid\":\"u\",\"expiry_timestamp_ms\":1800000000000}"
                        .getBytes(StandardCharsets.UTF_8),
                AddUserRequest.class,
                ADD_REQUIRED);
        UpdateUserRequest update = StrictJson.read(
                "{\"uuid\":\"u\",\"expiry_timestamp_ms\":1800000000000}".getBytes(StandardCharsets.UTF_8),
                UpdateUserRequest.class,
                List.of("uuid", "expiry_timestamp_ms"));

        assertThat(add).isEqualTo(new AddUserRequest(7, "u", 1_800_000_000_000L));
        assertThat(update.telegramId()).isNull();
    }

    @Test
    void aHugeNumberIsAnInvalidFieldNotAnOverflow() {
        assertThat(codeOf("{\"telegram_id\":99999999999999999999999,\"uuid\":\"u\",\"expiry_timestamp_ms\":1}"))
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }
}
