package com.atlassecure.api.archfixture.store;

import com.atlassecure.api.archfixture.xray.FixtureXray;
import io.grpc.Status;

/** Deliberately bad, for {@code ApiArchitectureTest}: a store class that calls into xray and gRPC. */
public final class LeakyRows {
    private LeakyRows() {}

    public static String commit(FixtureXray xray) {
        return xray.tag() + Status.OK.getCode();
    }
}
