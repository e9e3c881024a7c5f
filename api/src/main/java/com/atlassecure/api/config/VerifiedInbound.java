package com.atlassecure.api.config;

import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.VlessRealityInbound;
import java.util.List;

/** The inbound after the startup checks passed, the link parameters taken from it, and clients needing repair. */
public record VerifiedInbound(VlessRealityInbound inbound, LinkParameters link, List<ClientEntry> clientsMissingFlow) {
    public VerifiedInbound {
        clientsMissingFlow = List.copyOf(clientsMissingFlow);
    }
}
