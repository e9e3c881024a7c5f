package com.atlassecure.api.xray;

import com.atlassecure.xray.proto.protocol.User;
import com.atlassecure.xray.proto.vless.Account;
import com.google.protobuf.InvalidProtocolBufferException;

/** Reads the VLESS account inside a user Xray lists: its id and flow, the two things reconcile compares. */
final class VlessAccounts {
    static final String TYPE = "xray.proxy.vless.Account";

    private VlessAccounts() {}

    static XrayUser toXrayUser(User u) {
        String id = "";
        String flow = "";
        if (TYPE.equals(u.getAccount().getType())) {
            try {
                Account a = Account.parseFrom(u.getAccount().getValue());
                id = a.getId();
                flow = a.getFlow();
            } catch (InvalidProtocolBufferException e) {
                throw new XrayException("Xray returned an unreadable VLESS account for " + u.getEmail(), e);
            }
        }
        return new XrayUser(id, u.getEmail(), flow, u.getLevel());
    }
}
