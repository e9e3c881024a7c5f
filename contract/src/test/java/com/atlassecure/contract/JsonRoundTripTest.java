package com.atlassecure.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.health.HealthResponse;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.AddUserResponse;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.contract.users.UpdateUserResponse;
import com.atlassecure.contract.users.UserStateResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every wire record survives JSON both ways with a plain ObjectMapper, under snake_case names. */
class JsonRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<ContractSamples.Sample> samples() {
        return ContractSamples.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void recordRoundTripsThroughJson(ContractSamples.Sample sample) throws Exception {
        String written = JSON.writeValueAsString(sample.value());
        assertThat(JSON.readValue(written, sample.type())).isEqualTo(sample.value());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyPropertyNameIsSnakeCaseAndOneExistsPerComponent(ContractSamples.Sample sample) throws Exception {
        JsonNode tree = JSON.valueToTree(sample.value());
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        assertThat(names).allMatch(n -> n.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"), "snake_case");
        assertThat(names).hasSize(sample.type().getRecordComponents().length);
    }

    @Test
    void everyRecordInTheModuleHasASample() {
        assertThat(samples().stream().map(ContractSamples.Sample::type).toList())
                .containsExactlyInAnyOrderElementsOf(ContractSamples.recordsInMainClasses());
    }

    @Test
    void addUserUsesTheAuditFieldNames() throws Exception {
        assertThat(fieldNames(new AddUserRequest(1L, ContractSamples.UUID, ContractSamples.EXPIRY)))
                .containsExactlyInAnyOrder("telegram_id", "uuid", "expiry_timestamp_ms");
        assertThat(fieldNames(new AddUserResponse(ContractSamples.UUID, "user_1", 1L, ContractSamples.LINK)))
                .containsExactlyInAnyOrder("uuid", "email", "expiry_timestamp_ms", "vless_link");
    }

    @Test
    void aDeviceLimitTravelsOnlyWhenSet() throws Exception {
        assertThat(fieldNames(new AddUserRequest(1L, ContractSamples.UUID, ContractSamples.EXPIRY, 2)))
                .containsExactlyInAnyOrder("telegram_id", "uuid", "expiry_timestamp_ms", "device_limit");
        assertThat(fieldNames(new UpdateUserRequest(ContractSamples.UUID, 1L, null, 2)))
                .containsExactlyInAnyOrder("uuid", "expiry_timestamp_ms", "telegram_id", "device_limit");
        assertThat(JSON.readValue(
                                "{\"uuid\":\"" + ContractSamples.UUID
                                        + "\",\"expiry_timestamp_ms\":1,\"device_limit\":3}",
                                UpdateUserRequest.class)
                        .deviceLimit())
                .isEqualTo(3);
    }

    @Test
    void updateAndRemoveUseTheAuditFieldNames() throws Exception {
        assertThat(fieldNames(new UpdateUserRequest(ContractSamples.UUID, 1L, 2L)))
                .containsExactlyInAnyOrder("uuid", "expiry_timestamp_ms", "telegram_id");
        assertThat(fieldNames(new UpdateUserResponse(ContractSamples.UUID, 1L, ContractSamples.LINK, false)))
                .containsExactlyInAnyOrder("uuid", "expiry_timestamp_ms", "vless_link", "recovered");
        assertThat(fieldNames(new RemoveUserRequest(ContractSamples.UUID))).containsExactly("uuid");
    }

    @Test
    void aRequestWrittenByHandInTheAuditFormatIsRead() throws Exception {
        AddUserRequest read = JSON.readValue(
                "{\"telegram_id\": 123456789, \"uuid\": \"" + ContractSamples.UUID
                        + "\", \"expiry_timestamp_ms\": 1767225600000}",
                AddUserRequest.class);
        assertThat(read).isEqualTo(new AddUserRequest(123456789L, ContractSamples.UUID, 1767225600000L));
    }

    @Test
    void updateWithoutTelegramIdReadsAsNull() throws Exception {
        UpdateUserRequest read = JSON.readValue(
                "{\"uuid\": \"" + ContractSamples.UUID + "\", \"expiry_timestamp_ms\": 1767225600000}",
                UpdateUserRequest.class);
        assertThat(read.telegramId()).isNull();
    }

    @Test
    void userStateIsWrittenInLowerCase() throws Exception {
        JsonNode tree = JSON.valueToTree(ContractSamples.all().stream()
                .filter(s -> s.value() instanceof UserStateResponse)
                .findFirst()
                .orElseThrow()
                .value());
        assertThat(tree.get("state").asText()).isEqualTo("expired");
        assertThat(tree.has("uplink_bytes")).isTrue();
        assertThat(tree.has("downlink_bytes")).isTrue();
    }

    @Test
    void healthHelperMethodIsNotAWireProperty() throws Exception {
        HealthResponse health = (HealthResponse) ContractSamples.all().stream()
                .filter(s -> s.value() instanceof HealthResponse)
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(health.healthy()).isTrue();
        assertThat(fieldNames(health)).doesNotContain("healthy").contains("clients_without_flow", "xray_version");
    }

    private static List<String> fieldNames(Object value) {
        List<String> names = new ArrayList<>();
        JSON.valueToTree(value).fieldNames().forEachRemaining(names::add);
        return names;
    }
}
