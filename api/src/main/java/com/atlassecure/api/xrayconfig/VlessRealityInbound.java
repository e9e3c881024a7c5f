package com.atlassecure.api.xrayconfig;

import java.util.List;

/**
 * The facts of the VLESS + REALITY inbound that links are derived from (design principle 1): the port, the
 * server names, the private key and the short ids, plus the clients as configured. {@code minClientVer} and
 * {@code maxClientVer} are the REALITY client-version gates as written ({@code null} when absent), which decide which
 * client cores the server admits (see the {@code compat} package).
 */
public record VlessRealityInbound(
        String tag,
        String listen,
        int port,
        String network,
        String security,
        String decryption,
        List<String> serverNames,
        String privateKey,
        List<String> shortIds,
        String target,
        List<ClientEntry> clients,
        String minClientVer,
        String maxClientVer) {

    public VlessRealityInbound {
        serverNames = List.copyOf(serverNames);
        shortIds = List.copyOf(shortIds);
        clients = List.copyOf(clients);
    }

    public List<ClientEntry> clientsWithoutVisionFlow() {
        return clients.stream().filter(c -> !c.hasVisionFlow()).toList();
    }
}
