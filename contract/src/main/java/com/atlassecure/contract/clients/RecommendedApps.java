package com.atlassecure.contract.clients;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The apps the bot names in "How to connect", with the core each runs. The bot's messages are held to this list by a
 * test, and {@code atlas-api doctor} fails when the server would refuse one of these cores, so the two cannot drift:
 * a customer is never sent to an app the server turns away. See docs/COMPATIBILITY.md for the evidence per app.
 */
public final class RecommendedApps {

    /** One recommended app. {@code platforms} is what the bot's message lists it under. */
    public record App(String name, ClientCore core, List<String> platforms) {
        public App {
            platforms = List.copyOf(platforms);
        }
    }

    /** In the order the bot lists them. */
    public static final List<App> ALL = List.of(
            new App("v2rayNG", ClientCore.XRAY, List.of("Android")),
            new App("Hiddify", ClientCore.SING_BOX, List.of("Android", "Windows", "iOS", "macOS", "Linux")),
            new App("v2rayN", ClientCore.XRAY, List.of("Windows")),
            new App("Streisand", ClientCore.SING_BOX, List.of("iOS", "macOS")),
            new App("Happ", ClientCore.XRAY, List.of("iOS", "macOS", "Android")));

    private RecommendedApps() {}

    /** The cores of the recommended apps: the ones the server must admit. */
    public static Set<ClientCore> cores() {
        Set<ClientCore> cores = EnumSet.noneOf(ClientCore.class);
        ALL.forEach(app -> cores.add(app.core()));
        return cores;
    }
}
