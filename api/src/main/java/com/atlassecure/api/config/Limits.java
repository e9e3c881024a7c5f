package com.atlassecure.api.config;

/**
 * The upper bounds on what the API grants (decision 0016): the furthest expiry, the number of active users, and
 * the largest share of active users one expiry sweep may remove.
 */
public record Limits(int maxExpiryDays, int maxUsers, int expirySweepMaxPercent) {}
