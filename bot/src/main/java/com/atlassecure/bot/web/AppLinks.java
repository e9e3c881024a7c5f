package com.atlassecure.bot.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One-tap import links for the recommended apps that have a scheme handler, each checked against what the app
 * accepts: v2rayNG reads the {@code url} query parameter of {@code install-sub} and {@code install-config}
 * (UrlSchemeRequest.kt); Hiddify takes the URL as the path of {@code import/} and the profile name from the fragment
 * (link_parsers.dart); Happ ({@code add/}) and Streisand ({@code import/}) publish no source, so theirs follow
 * ../shared/subscription-facts.md. v2rayN has no handler: the page offers the plain URL and the QR code to everyone.
 */
final class AppLinks {
    /** An app's button: its name, the platforms it runs on, and the link that imports the subscription. */
    record AppLink(String app, String platforms, String href) {}

    private AppLinks() {}

    static List<AppLink> forUrl(String subscriptionUrl) {
        String encoded = URLEncoder.encode(subscriptionUrl, StandardCharsets.UTF_8);
        String name =
                URLEncoder.encode(FeedHeaders.TITLE, StandardCharsets.UTF_8).replace("+", "%20");
        return List.of(
                new AppLink("v2rayNG", "Android", "v2rayng://install-sub?url=" + encoded + "&name=" + name),
                new AppLink(
                        "Hiddify",
                        "Android · iOS · Windows · macOS",
                        "hiddify://import/" + subscriptionUrl + "#" + name),
                new AppLink("Happ", "iOS · macOS · Android", "happ://add/" + subscriptionUrl),
                new AppLink("Streisand", "iOS · macOS", "streisand://import/" + subscriptionUrl + "#" + name));
    }
}
