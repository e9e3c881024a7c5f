package com.atlassecure.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the API's fat jar, the artifact production runs; failsafe passes its path as atlas.api.jar. */
final class ApiJar {
    static final String PROPERTY = "atlas.api.jar";

    private ApiJar() {}

    /** The jar, or an IllegalStateException that says how to build it: a missing jar is a failure, never a skip. */
    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set; run the e2e tests through"
                    + " failsafe (./mvnw -B verify -pl e2e) or pass -D" + PROPERTY + "=.../api/target/atlas-api.jar");
        }
        Path jar = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the API jar is missing at " + jar + " (" + PROPERTY + "); build it first:"
                    + " ./mvnw -B install -pl contract,xray-proto,testkit,api -DskipTests");
        }
        return jar;
    }
}
