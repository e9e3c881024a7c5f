package com.atlassecure.api.xray;

import com.atlassecure.xray.proto.router.Cidr;
import com.atlassecure.xray.proto.router.Config;
import com.atlassecure.xray.proto.router.RoutingRule;
import com.atlassecure.xray.proto.router.SourceCidrRule;
import com.atlassecure.xray.proto.router.SourceGeoIp;
import com.atlassecure.xray.proto.router.SourceIpRule;
import com.atlassecure.xray.proto.routing.AddRuleRequest;
import com.atlassecure.xray.proto.routing.ListRuleItem;
import com.atlassecure.xray.proto.routing.ListRuleRequest;
import com.atlassecure.xray.proto.routing.RemoveRuleRequest;
import com.atlassecure.xray.proto.routing.RoutingContext;
import com.atlassecure.xray.proto.routing.RoutingServiceGrpc;
import com.atlassecure.xray.proto.routing.TestRouteRequest;
import com.atlassecure.xray.proto.serial.TypedMessage;
import com.atlassecure.xray.proto.stats.GetUsersStatsRequest;
import com.atlassecure.xray.proto.stats.GetUsersStatsResponse;
import com.atlassecure.xray.proto.stats.OnlineIPEntry;
import com.atlassecure.xray.proto.stats.StatsServiceGrpc;
import com.atlassecure.xray.proto.stats.UserStat;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** {@link XrayDevices} over Xray's RoutingService and StatsService, on the API's one gRPC channel. */
final class GrpcXrayDevices implements XrayDevices {
    static final String ROUTER_CONFIG_TYPE = "xray.app.router.Config";
    /** About 30 ms of the API's CPU at the measured 60 µs per call, inside the pass's 50 ms with the decisions. */
    static final int PER_USER_CALLS_PER_READ = 500;

    private final ManagedChannel channel;
    private final Duration deadline;
    private final Duration listDeadline;
    private final PerUserOnlineReads perUser;
    private final BiFunction<String, StatusRuntimeException, XrayException> translate;
    // Null until the first read: then whether this Xray has GetUsersStats (26.7.28) or needs a call per user.
    // Reads are made by the device limit's pass, one at a time.
    private volatile Boolean bulkStats;

    GrpcXrayDevices(
            ManagedChannel channel,
            Duration deadline,
            Duration listDeadline,
            XrayControl perUser,
            BiFunction<String, StatusRuntimeException, XrayException> translate) {
        this.channel = channel;
        this.deadline = deadline;
        this.listDeadline = listDeadline;
        this.perUser = new PerUserOnlineReads(perUser::onlineEmails, perUser::onlineIps, PER_USER_CALLS_PER_READ);
        this.translate = translate;
    }

    @Override
    public Map<String, Map<String, Long>> onlineByUser() {
        if (!Boolean.FALSE.equals(bulkStats)) {
            try {
                Map<String, Map<String, Long>> all = call(
                        "GetUsersStats",
                        () -> StatsServiceGrpc.newBlockingStub(channel)
                                .withDeadlineAfter(listDeadline.toMillis(), TimeUnit.MILLISECONDS)
                                .getUsersStats(GetUsersStatsRequest.getDefaultInstance()),
                        GrpcXrayDevices::byUser);
                bulkStats = Boolean.TRUE;
                return all;
            } catch (UnimplementedException e) {
                bulkStats = Boolean.FALSE;
            }
        }
        // Xray 26.3.27 and older: the list of online users, then a bounded number of calls, one per user.
        return perUser.read();
    }

    /** Xray's answer as a map; every pass reads it, so its cost is in the device limit's benchmark. */
    static Map<String, Map<String, Long>> byUser(GetUsersStatsResponse response) {
        Map<String, Map<String, Long>> byUser = new HashMap<>(response.getUsersCount() * 2);
        for (UserStat user : response.getUsersList()) {
            Map<String, Long> ips = new HashMap<>(4);
            for (OnlineIPEntry entry : user.getIpsList()) {
                ips.put(entry.getIp(), entry.getLastSeen());
            }
            byUser.put(user.getEmail(), ips);
        }
        return byUser;
    }

    @Override
    public void addSourceRule(
            String ruleTag, String email, InetAddress source, String outbound, SourceEncoding encoding) {
        Cidr cidr = Cidr.newBuilder()
                .setIp(ByteString.copyFrom(source.getAddress()))
                .setPrefix(source.getAddress().length * 8)
                .build();
        ByteString entry = switch (encoding) {
            case GEOIP_CIDRS -> SourceGeoIp.newBuilder().addCidr(cidr).build().toByteString();
            case IP_RULE ->
                SourceIpRule.newBuilder()
                        .setCustom(SourceCidrRule.newBuilder().setCidr(cidr))
                        .build()
                        .toByteString();
        };
        Config config = Config.newBuilder()
                .addRule(RoutingRule.newBuilder()
                        .setTag(outbound)
                        .setRuleTag(ruleTag)
                        .addUserEmail(email)
                        .addSource(entry))
                .build();
        call(
                "AddRule",
                () -> routing()
                        .addRule(AddRuleRequest.newBuilder()
                                .setConfig(TypedMessage.newBuilder()
                                        .setType(ROUTER_CONFIG_TYPE)
                                        .setValue(config.toByteString()))
                                // Without it Xray would replace every rule of the config with this one.
                                .setShouldAppend(true)
                                .build()),
                r -> r);
    }

    @Override
    public void removeRule(String ruleTag) {
        call(
                "RemoveRule",
                () -> routing()
                        .removeRule(RemoveRuleRequest.newBuilder()
                                .setRuleTag(ruleTag)
                                .build()),
                r -> r);
    }

    @Override
    public Set<String> ruleTags() {
        return call("ListRule", () -> routing().listRule(ListRuleRequest.getDefaultInstance()), r -> {
            Set<String> tags = new HashSet<>();
            for (ListRuleItem item : r.getRulesList()) {
                if (!item.getRuleTag().isEmpty()) {
                    tags.add(item.getRuleTag());
                }
            }
            return tags;
        });
    }

    @Override
    public Optional<String> outboundFor(String inboundTag, String email, InetAddress source) {
        TestRouteRequest request = TestRouteRequest.newBuilder()
                .setRoutingContext(RoutingContext.newBuilder()
                        .setInboundTag(inboundTag)
                        .setUser(email)
                        .addSourceIPs(ByteString.copyFrom(source.getAddress())))
                .addFieldSelectors("outbound")
                .build();
        try {
            return Optional.of(routing().testRoute(request).getOutboundTag()).filter(tag -> !tag.isEmpty());
        } catch (StatusRuntimeException e) {
            XrayException translated = translate.apply("TestRoute", e);
            if (translated instanceof XrayUnavailableException) {
                throw translated;
            }
            // Xray answers an error when no rule matches ("no clue"): the default outbound takes the connection.
            return Optional.empty();
        }
    }

    private RoutingServiceGrpc.RoutingServiceBlockingStub routing() {
        return RoutingServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <R, T> T call(String what, Supplier<R> rpc, java.util.function.Function<R, T> read) {
        R response;
        try {
            response = rpc.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                throw new UnimplementedException(translate.apply(what, e));
            }
            throw translate.apply(what, e);
        }
        return read.apply(response);
    }

    /** Xray does not have the method (an older version, or the service is not in the api block). */
    static final class UnimplementedException extends XrayException {
        UnimplementedException(XrayException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
