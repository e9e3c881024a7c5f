package com.atlassecure.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The load generator's own JIT and GC time. It shares the two cores with the API and xray, so a phase that runs
 * while this JVM is still compiling is charged for it; the phase log shows how much that was.
 */
record HarnessJvm(long jitMs, long gcMs) {
    static HarnessJvm now() {
        long gc = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, bean.getCollectionTime());
        }
        return new HarnessJvm(ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), gc);
    }

    HarnessJvm since(HarnessJvm before) {
        return new HarnessJvm(jitMs - before.jitMs, gcMs - before.gcMs);
    }
}
