package com.atlassecure.api.sessions;

import com.atlassecure.xray.proto.stats.GetAllOnlineUsersRequest;
import com.atlassecure.xray.proto.stats.GetStatsRequest;
import com.atlassecure.xray.proto.stats.StatsServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link OnlineIps} over Xray's StatsService. The channel belongs to the caller (the API's one
 * channel to Xray); failures other than NOT_FOUND propagate as {@link StatusRuntimeException}.
 */
public final class GrpcOnlineIps implements OnlineIps {
    private final StatsServiceGrpc.StatsServiceBlockingStub stats;
    private final Duration deadline;

    public GrpcOnlineIps(Channel channel, Duration deadline) {
        this.stats = StatsServiceGrpc.newBlockingStub(channel);
        this.deadline = deadline;
    }

    @Override
    public Map<String, Long> ipsOf(String email) {
        try {
            return Map.copyOf(stub().getStatsOnlineIpList(request(email)).getIpsMap());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Map.of(); // Xray creates the map on the user's first connection
            }
            throw e;
        }
    }

    @Override
    public long onlineCount(String email) {
        try {
            return stub().getStatsOnline(request(email)).getStat().getValue();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }

    @Override
    public List<String> onlineEmails() {
        return stub().getAllOnlineUsers(GetAllOnlineUsersRequest.getDefaultInstance()).getUsersList().stream()
                .flatMap(name -> OnlineNames.emailOf(name).stream())
                .toList();
    }

    private StatsServiceGrpc.StatsServiceBlockingStub stub() {
        return stats.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static GetStatsRequest request(String email) {
        return GetStatsRequest.newBuilder().setName(OnlineNames.of(email)).build();
    }
}
