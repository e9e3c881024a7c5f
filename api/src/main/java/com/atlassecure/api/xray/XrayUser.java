package com.atlassecure.api.xray;

import com.atlassecure.contract.validation.Uuids;

/** One VLESS user as Xray holds it live: the account id, its flow, the email Xray keys it by, and its level. */
public record XrayUser(String id, String email, String flow, int level) {

    /** Whether this live user carries exactly the account we meant to give it (ids compare case-insensitively). */
    public boolean sameAccount(String otherId, String otherFlow) {
        return id.equalsIgnoreCase(otherId) && flow.equals(otherFlow);
    }

    @Override
    public String toString() {
        return "XrayUser[id=" + Uuids.shortForm(id) + ", email=" + email + ", flow=" + flow + ", level=" + level + "]";
    }
}
