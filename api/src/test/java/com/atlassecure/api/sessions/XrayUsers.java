package com.atlassecure.api.sessions;

import com.atlassecure.xray.proto.handler.AddUserOperation;
import com.atlassecure.xray.proto.handler.AlterInboundRequest;
import com.atlassecure.xray.proto.handler.HandlerServiceGrpc;
import com.atlassecure.xray.proto.handler.RemoveUserOperation;
import com.atlassecure.xray.proto.protocol.User;
import com.atlassecure.xray.proto.serial.TypedMessage;
import com.atlassecure.xray.proto.stats.GetStatsRequest;
import com.atlassecure.xray.proto.stats.StatsServiceGrpc;
import com.atlassecure.xray.proto.vless.Account;
import com.google.protobuf.Message;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/**
 * Adds and removes VLESS users over Xray's HandlerService, as the API does before calling the closer, and reads a
 * user's online count (GetStatsOnline), which the API itself never asks for.
 */
final class XrayUsers {
    private final HandlerServiceGrpc.HandlerServiceBlockingStub handler;
    private final StatsServiceGrpc.StatsServiceBlockingStub stats;
    private final String tag;

    XrayUsers(Channel channel, String tag) {
        this.handler = HandlerServiceGrpc.newBlockingStub(channel);
        this.stats = StatsServiceGrpc.newBlockingStub(channel);
        this.tag = tag;
    }

    /** How many distinct IPs Xray counts the user online from; 0 before the user's first connection. */
    long onlineCount(String email) {
        try {
            return stats.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getStatsOnline(GetStatsRequest.newBuilder()
                            .setName("user>>>" + email + ">>>online")
                            .build())
                    .getStat()
                    .getValue();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }

    void remove(String email) {
        alter(RemoveUserOperation.newBuilder().setEmail(email).build());
    }

    void add(String id, String email, String flow) {
        Account account = Account.newBuilder()
                .setId(id)
                .setFlow(flow)
                .setEncryption("none")
                .build();
        User user = User.newBuilder()
                .setLevel(0)
                .setEmail(email)
                .setAccount(typed(account))
                .build();
        alter(AddUserOperation.newBuilder().setUser(user).build());
    }

    private void alter(Message operation) {
        handler.withDeadlineAfter(5, TimeUnit.SECONDS)
                .alterInbound(AlterInboundRequest.newBuilder()
                        .setTag(tag)
                        .setOperation(typed(operation))
                        .build());
    }

    private static TypedMessage typed(Message message) {
        return TypedMessage.newBuilder()
                .setType(message.getDescriptorForType().getFullName())
                .setValue(message.toByteString())
                .build();
    }
}
