package com.atlassecure.api.sessions;

import com.atlassecure.xray.proto.handler.AddUserOperation;
import com.atlassecure.xray.proto.handler.AlterInboundRequest;
import com.atlassecure.xray.proto.handler.HandlerServiceGrpc;
import com.atlassecure.xray.proto.handler.RemoveUserOperation;
import com.atlassecure.xray.proto.protocol.User;
import com.atlassecure.xray.proto.serial.TypedMessage;
import com.atlassecure.xray.proto.vless.Account;
import com.google.protobuf.Message;
import io.grpc.Channel;
import java.util.concurrent.TimeUnit;

/** Adds and removes VLESS users over Xray's HandlerService, as the API does before calling the closer. */
final class XrayUsers {
    private final HandlerServiceGrpc.HandlerServiceBlockingStub handler;
    private final String tag;

    XrayUsers(Channel channel, String tag) {
        this.handler = HandlerServiceGrpc.newBlockingStub(channel);
        this.tag = tag;
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
