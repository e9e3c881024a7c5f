package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.XRAY_CLIENT_CONFIG;

import com.atlassecure.api.config.DeviceLimitSettings;
import com.atlassecure.api.devices.DeviceLimit;
import com.atlassecure.api.xrayconfig.XrayConfig;

/** What the config lacks for live device limits (decision 0025): a warning, since customers are served anyway. */
final class DeviceLimitCheck {
    private DeviceLimitCheck() {}

    static CheckResult of(XrayConfig config) {
        return DeviceLimit.configGap(config, DeviceLimitSettings.DEFAULTS)
                .map(why -> CheckResult.warn(
                        "config.device-limit", XRAY_CLIENT_CONFIG, why + ": device limits are not enforced"))
                .orElseGet(() -> CheckResult.pass(
                        "config.device-limit",
                        XRAY_CLIENT_CONFIG,
                        "RoutingService, a routing block, the blackhole outbound \"block\" and statsUserOnline are"
                                + " there for device limits"));
    }
}
