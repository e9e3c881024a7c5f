package com.atlassecure.api.config;

import java.time.Duration;

/** How often the expiry sweep and the reconcile run, and how long a config.json render waits to batch changes. */
public record Timers(Duration expirySweepInterval, Duration reconcileInterval, Duration configRenderDelay) {}
