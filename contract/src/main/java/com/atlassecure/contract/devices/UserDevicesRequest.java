package com.atlassecure.contract.devices;

/** Body of {@code POST /users/devices} and {@code POST /users/devices/reset}: the key, kept out of the URL. */
public record UserDevicesRequest(String uuid) {}
