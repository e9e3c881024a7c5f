package com.atlassecure.contract.health;

/** One named check inside {@link HealthResponse}; {@code detail} names the values involved. */
public record HealthCheck(String name, boolean ok, String detail) {}
