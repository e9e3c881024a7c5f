package com.atlassecure.api.links;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed share link: the UUID, the address, the decoded query parameters in order, and the decoded remark. */
public record VlessLink(String uuid, String host, int port, Map<String, String> params, String remark) {

    public VlessLink {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String param(String name) {
        return params.get(name);
    }
}
