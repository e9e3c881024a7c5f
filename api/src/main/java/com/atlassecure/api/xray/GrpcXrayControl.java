package com.atlassecure.api.xray;

import com.atlassecure.xray.proto.handler.AddUserOperation;
import com.atlassecure.xray.proto.handler.AlterInboundRequest;
import com.atlassecure.xray.proto.handler.GetInboundUserRequest;
import com.atlassecure.xray.proto.handler.HandlerServiceGrpc;
import com.atlassecure.xray.proto.handler.RemoveUserOperation;
import com.atlassecure.xray.proto.protocol.User;
import com.atlassecure.xray.proto.serial.TypedMessage;
import com.atlassecure.xray.proto.stats.GetAllOnlineUsersRequest;
import com.atlassecure.xray.proto.stats.GetStatsRequest;
import com.atlassecure.xray.proto.stats.QueryStatsRequest;
import com.atlassecure.xray.proto.stats.StatsServiceGrpc;
import com.atlassecure.xray.proto.stats.SysStatsRequest;
import com.atlassecure.xray.proto.vless.Account;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.buffer.UnpooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link XrayControl} over Xray's HandlerService and StatsService: plaintext gRPC to a loopback address, a deadline on
 * every call, and every gRPC failure mapped to one {@link XrayException} subtype. Thread-safe (one shared channel).
 */
public final class GrpcXrayControl implements XrayControl {
    static final String ADD_USER_TYPE = "xray.app.proxyman.command.AddUserOperation";
    static final String REMOVE_USER_TYPE = "xray.app.proxyman.command.RemoveUserOperation";
    static final String VLESS_ACCOUNT_TYPE = VlessAccounts.TYPE;

    private final String address;
    private final ManagedChannel channel;
    private final Duration deadline;
    // Listing 100k users is a large message and takes longer than a single add.
    private final Duration listDeadline;
    private final XrayDevices devices;

    public GrpcXrayControl(String hostPort, Duration deadline) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("gRPC address must be host:port, got " + hostPort);
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        this.address = hostPort;
        this.deadline = deadline;
        this.listDeadline = deadline.multipliedBy(10);
        this.channel = NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                // Our callers decide about retries (an add is refused as xray_unavailable and the bot retries);
                // gRPC's own retry machinery wrapped every call in a buffering stream for nothing.
                .disableRetry()
                .maxInboundMessageSize(256 * 1024 * 1024)
                // Unpooled heap buffers: a pooled direct allocator keeps the memory of the largest message it ever
                // received (a 100k-user GetInboundUsers is ~10 MB) outside the heap for good, which is what pushed
                // the API's RSS past its budget. The heap cap bounds these buffers; the GC returns them.
                .withOption(ChannelOption.ALLOCATOR, new UnpooledByteBufAllocator(false))
                .build();
        this.devices = new GrpcXrayDevices(channel, deadline, listDeadline, this, this::translate);
    }

    @Override
    public XrayDevices devices() {
        return devices;
    }

    @Override
    public void addUser(String inboundTag, XrayUser user) {
        Account account = Account.newBuilder()
                .setId(user.id())
                .setFlow(user.flow())
                .setEncryption("none")
                .build();
        User protoUser = User.newBuilder()
                .setLevel(user.level())
                .setEmail(user.email())
                .setAccount(typed(VLESS_ACCOUNT_TYPE, account.toByteString()))
                .build();
        AddUserOperation op = AddUserOperation.newBuilder().setUser(protoUser).build();
        call(
                "AlterInbound(add " + user.email() + ")",
                () -> handler()
                        .alterInbound(AlterInboundRequest.newBuilder()
                                .setTag(inboundTag)
                                .setOperation(typed(ADD_USER_TYPE, op.toByteString()))
                                .build()));
    }

    @Override
    public void removeUser(String inboundTag, String email) {
        RemoveUserOperation op =
                RemoveUserOperation.newBuilder().setEmail(email).build();
        call(
                "AlterInbound(remove " + email + ")",
                () -> handler()
                        .alterInbound(AlterInboundRequest.newBuilder()
                                .setTag(inboundTag)
                                .setOperation(typed(REMOVE_USER_TYPE, op.toByteString()))
                                .build()));
    }

    @Override
    public List<XrayUser> listUsers(String inboundTag) {
        return fetchUsers(inboundTag, "", listDeadline);
    }

    @Override
    public Optional<XrayUser> findUser(String inboundTag, String email) {
        try {
            return fetchUsers(inboundTag, email, deadline).stream()
                    .filter(u -> u.email().equalsIgnoreCase(email))
                    .findFirst();
        } catch (XrayUserNotFoundException e) {
            return Optional.empty();
        }
    }

    private List<XrayUser> fetchUsers(String inboundTag, String email, Duration callDeadline) {
        var response = call(
                "GetInboundUsers(" + inboundTag + ")",
                () -> HandlerServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS)
                        .getInboundUsers(GetInboundUserRequest.newBuilder()
                                .setTag(inboundTag)
                                .setEmail(email)
                                .build()));
        List<XrayUser> users = new ArrayList<>(response.getUsersCount());
        for (User u : response.getUsersList()) {
            users.add(VlessAccounts.toXrayUser(u));
        }
        return users;
    }

    @Override
    public long countUsers(String inboundTag) {
        return call(
                        "GetInboundUsersCount(" + inboundTag + ")",
                        () -> handler()
                                .getInboundUsersCount(GetInboundUserRequest.newBuilder()
                                        .setTag(inboundTag)
                                        .build()))
                .getCount();
    }

    @Override
    public UserTraffic traffic(String email) {
        return new UserTraffic(
                counter("user>>>" + email + ">>>traffic>>>uplink"),
                counter("user>>>" + email + ">>>traffic>>>downlink"));
    }

    @Override
    public Map<String, UserTraffic> allTraffic() {
        return TrafficStats.byEmail(call(
                        "QueryStats(user>>>)",
                        () -> stats().queryStats(QueryStatsRequest.newBuilder()
                                .setPattern(TrafficStats.USER_PREFIX)
                                .build()))
                .getStatList());
    }

    private long counter(String name) {
        try {
            return call(
                            "GetStats(" + name + ")",
                            () -> stats().getStats(GetStatsRequest.newBuilder()
                                    .setName(name)
                                    .build()))
                    .getStat()
                    .getValue();
        } catch (XrayUserNotFoundException e) {
            // Xray creates a user's counters on their first connection; before that there is simply no traffic.
            return 0L;
        }
    }

    @Override
    public Map<String, Long> onlineIps(String email) {
        String name = OnlineNames.of(email);
        try {
            return call(
                            "GetStatsOnlineIpList(" + name + ")",
                            () -> stats().getStatsOnlineIpList(GetStatsRequest.newBuilder()
                                    .setName(name)
                                    .build()))
                    .getIpsMap();
        } catch (XrayUserNotFoundException e) {
            return Map.of();
        }
    }

    @Override
    public List<String> onlineEmails() {
        // One name per online user, so at 100k it is a list call: it gets the list deadline.
        return call(
                        "GetAllOnlineUsers",
                        () -> StatsServiceGrpc.newBlockingStub(channel)
                                .withDeadlineAfter(listDeadline.toMillis(), TimeUnit.MILLISECONDS)
                                .getAllOnlineUsers(GetAllOnlineUsersRequest.getDefaultInstance()))
                .getUsersList()
                .stream()
                .flatMap(name -> OnlineNames.emailOf(name).stream())
                .toList();
    }

    @Override
    public long uptimeSeconds() {
        return Integer.toUnsignedLong(
                call("GetSysStats", () -> stats().getSysStats(SysStatsRequest.getDefaultInstance()))
                        .getUptime());
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HandlerServiceGrpc.HandlerServiceBlockingStub handler() {
        return HandlerServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private StatsServiceGrpc.StatsServiceBlockingStub stats() {
        return StatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static TypedMessage typed(String type, com.google.protobuf.ByteString value) {
        return TypedMessage.newBuilder().setType(type).setValue(value).build();
    }

    private <T> T call(String what, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw translate(what, e);
        }
    }

    /** Maps a gRPC failure to our exception types; Xray reports user errors as UNKNOWN with a plain message. */
    XrayException translate(String what, StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? "" : status.getDescription();
        String message = what + " at " + address + " failed: " + status.getCode() + " " + description;
        String lower = description.toLowerCase(Locale.ROOT);
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> new XrayUnavailableException(message, e);
            case NOT_FOUND -> new XrayUserNotFoundException(message, e);
            case ALREADY_EXISTS -> new XrayUserExistsException(message, e);
            default -> {
                if (transportClosed(e)) {
                    // Xray died mid-call: netty reports the closed socket as UNKNOWN "channel closed". Nothing was
                    // applied that survives (Xray's in-memory users die with it), so it is unavailability, not refusal.
                    yield new XrayUnavailableException(message, e);
                }
                if (lower.contains("already exists")) {
                    yield new XrayUserExistsException(message, e);
                } else if (lower.contains("not found")) {
                    yield new XrayUserNotFoundException(message, e);
                }
                yield new XrayException(message, e);
            }
        };
    }

    /** True when the call failed because the connection to Xray broke, whatever status gRPC chose to report. */
    private static boolean transportClosed(StatusRuntimeException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return "channel closed".equalsIgnoreCase(e.getStatus().getDescription());
    }
}
