package com.atlassecure.api.xrayconfig;

import java.util.List;

/** The top-level {@code api} block of an Xray config: where the gRPC API listens and which services it exposes. */
public record ApiBlock(String tag, String listen, List<String> services) {
    public ApiBlock {
        services = List.copyOf(services);
    }

    public boolean exposes(String service) {
        return services.contains(service);
    }
}
