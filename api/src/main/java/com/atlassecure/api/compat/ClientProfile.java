package com.atlassecure.api.compat;

import com.atlassecure.contract.clients.ClientCore;

/**
 * How a client core presents itself to a REALITY server: the version it writes into the session id and whether its
 * ClientHello carries an X25519MLKEM768 key share. Facts from the cores' sources and trackers (xray-facts.md).
 *
 * @param reports the version the core writes; for Xray-core its own release, here the oldest release we still
 *     expect in apps (the stable 26.3.27)
 */
public record ClientProfile(ClientCore core, CoreVersion reports, boolean sendsMlKemShare, String source) {

    /** Xray-core apps (v2rayNG, v2rayN, Happ): their own version; uTLS chrome sends X25519MLKEM768. */
    public static final ClientProfile XRAY =
            new ClientProfile(ClientCore.XRAY, new CoreVersion(26, 3, 27), true, "Xray-core writes its own version");

    /** sing-box apps (Hiddify, SFA/SFI, Karing, NekoBox): 1.8.1, and no ML-KEM share (sing-box #4520). */
    public static final ClientProfile SING_BOX = new ClientProfile(
            ClientCore.SING_BOX, new CoreVersion(1, 8, 1), false, "sing-box common/tls/reality_client.go");

    /** mihomo apps (Clash Meta, Stash): 1.8.2; ML-KEM only with support-x25519mlkem768, off by default. */
    public static final ClientProfile MIHOMO =
            new ClientProfile(ClientCore.MIHOMO, new CoreVersion(1, 8, 2), false, "mihomo reports 1.8.2");

    /** Every core doctor predicts for, in the order it prints them. */
    public static final java.util.List<ClientProfile> ALL = java.util.List.of(XRAY, SING_BOX, MIHOMO);

    /** The same core at another reported version (an Xray-core client of a given release). */
    public ClientProfile reporting(CoreVersion version) {
        return new ClientProfile(core, version, sendsMlKemShare, source);
    }

    public static ClientProfile of(ClientCore core) {
        return ALL.stream().filter(p -> p.core == core).findFirst().orElseThrow();
    }
}
