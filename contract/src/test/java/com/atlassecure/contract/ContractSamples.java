package com.atlassecure.contract;

import com.atlassecure.contract.devices.UserDevicesRequest;
import com.atlassecure.contract.devices.UserDevicesResponse;
import com.atlassecure.contract.errors.ErrorBody;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.health.HealthCheck;
import com.atlassecure.contract.health.HealthResponse;
import com.atlassecure.contract.health.HealthStatus;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.AddUserResponse;
import com.atlassecure.contract.users.ClientConfigs;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.RemoveUserResponse;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.contract.users.UpdateUserResponse;
import com.atlassecure.contract.users.UserBatchItem;
import com.atlassecure.contract.users.UserBatchRequest;
import com.atlassecure.contract.users.UserBatchResponse;
import com.atlassecure.contract.users.UserBatchResult;
import com.atlassecure.contract.users.UserDigest;
import com.atlassecure.contract.users.UserPage;
import com.atlassecure.contract.users.UserPageEntry;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.contract.users.UserStateRequest;
import com.atlassecure.contract.users.UserStateResponse;
import com.atlassecure.contract.users.UserTrafficEntry;
import com.atlassecure.contract.users.UserTrafficList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** One filled-in sample of every wire record, with the OpenAPI schema that documents it. */
final class ContractSamples {
    static final String UUID = "2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f";
    static final long EXPIRY = 1767225600000L;
    // Not a real link: the contract never builds one. Only the shape matters here.
    static final String LINK = "vless://" + UUID + "@vpn.example.test:4443?flow=xtls-rprx-vision#AtlasSecure";
    /** Client configs as a node answers them; their inner names are each app's own, not ours. */
    static final ClientConfigs CONFIGS = new ClientConfigs(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("type", "vless")
                    .put("server", "vpn.mynewllcw.com")
                    .put("server_port", 4443),
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("name", "AtlasSecure")
                    .put("type", "vless")
                    .put("client-fingerprint", "chrome"),
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("tag", "proxy")
                    .put("protocol", "vless"));

    record Sample(Object value, String schema) {
        Class<?> type() {
            return value.getClass();
        }

        @Override
        public String toString() {
            return type().getSimpleName();
        }
    }

    private ContractSamples() {}

    static List<Sample> all() {
        return List.of(
                new Sample(new AddUserRequest(123456789L, UUID, EXPIRY, 3), "AddUserRequest"),
                new Sample(new AddUserResponse(UUID, "user_123456789", EXPIRY, LINK, CONFIGS), "AddUserResponse"),
                new Sample(CONFIGS, "ClientConfigs"),
                new Sample(new UpdateUserRequest(UUID, EXPIRY, 123456789L, 4), "UpdateUserRequest"),
                new Sample(new UpdateUserResponse(UUID, EXPIRY, LINK, true, CONFIGS), "UpdateUserResponse"),
                new Sample(new RemoveUserRequest(UUID), "RemoveUserRequest"),
                new Sample(new RemoveUserResponse(UUID, true), "RemoveUserResponse"),
                new Sample(new UserStateRequest(UUID), "UserStateRequest"),
                new Sample(new UserPage(List.of(new UserPageEntry(UUID, EXPIRY, UserState.active)), UUID), "UserPage"),
                new Sample(new UserPageEntry(UUID, EXPIRY, UserState.removed), "UserPageEntry"),
                new Sample(new UserDigest(1, "0".repeat(64)), "UserDigest"),
                new Sample(new UserTrafficList(List.of(new UserTrafficEntry(UUID, 10, 20))), "UserTrafficList"),
                new Sample(new UserTrafficEntry(UUID, 0, 0), "UserTrafficEntry"),
                new Sample(
                        new UserBatchRequest(List.of(UserBatchItem.add(123456789L, UUID, EXPIRY))), "UserBatchRequest"),
                new Sample(UserBatchItem.remove(UUID), "UserBatchItem"),
                new Sample(
                        new UserBatchResponse(List.of(new UserBatchResult(UUID, 200, EXPIRY, LINK, null, null, null))),
                        "UserBatchResponse"),
                new Sample(
                        new UserBatchResult(
                                UUID, 409, null, null, null, null, new ErrorBody.Detail("uuid_conflict", "bound")),
                        "UserBatchResult"),
                new Sample(
                        new UserStateResponse(UUID, "user_123456789", UserState.expired, EXPIRY, 1024L, 4096L, true),
                        "UserStateResponse"),
                new Sample(
                        new HealthResponse(
                                "ok",
                                true,
                                "26.3.27",
                                "1.8.1 (written in realitySettings.minClientVer)",
                                3,
                                0,
                                4443,
                                "www.microsoft.com",
                                1764288000000L,
                                12,
                                "supported",
                                "not_enforced: Xray's api block does not list RoutingService",
                                List.of(new HealthCheck("port", true, "XRAY_PORT=4443, inbound port 4443"))),
                        "HealthResponse"),
                new Sample(HealthStatus.OK, "HealthStatus"),
                new Sample(new UserDevicesRequest(UUID), "UserDevicesRequest"),
                new Sample(new UserDevicesResponse(UUID, 2, 2, 1, 0, true, "enforced"), "UserDevicesResponse"),
                new Sample(new HealthCheck("flow", false, "1 client without flow: user_42"), "HealthCheck"),
                new Sample(ErrorBody.of(ErrorCode.USER_NOT_FOUND, "no user 2b0c8f4e"), "ErrorBody"),
                new Sample(new ErrorBody.Detail("rate_limited", "slow down"), "ErrorDetail"));
    }

    /**
     * Every wire record compiled into the contract module, found on disk so a new record cannot be forgotten. The
     * {@code clients} package is shared knowledge (which apps the bot recommends) and {@code settings} the env rules
     * both processes read (a fleet node there is a setting); neither is ever a request or an answer.
     */
    static List<Class<?>> recordsInMainClasses() {
        try {
            Path root = Path.of(com.atlassecure.contract.validation.Uuids.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(p -> p.toString().endsWith(".class"))
                        .map(p ->
                                root.relativize(p).toString().replace('/', '.').replace(".class", ""))
                        .map(ContractSamples::load)
                        .filter(Class::isRecord)
                        .filter(c -> !c.getPackageName().endsWith(".clients"))
                        .filter(c -> !c.getPackageName().endsWith(".settings"))
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
