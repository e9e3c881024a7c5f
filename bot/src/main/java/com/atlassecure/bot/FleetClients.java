package com.atlassecure.bot;

import com.atlassecure.bot.apiclient.HttpXrayApi;
import com.atlassecure.bot.config.ApiEndpoint;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.nodes.NodeSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet as the bot wires it: per node its signed API client and what the registry and health polls know of it,
 * in the order the settings list them.
 */
record FleetClients(Map<String, HttpXrayApi> apis, List<NodeSettings> nodes) {
    static FleetClients from(BotConfig config) {
        Map<String, HttpXrayApi> apis = new LinkedHashMap<>();
        for (ApiEndpoint node : config.nodes()) {
            // X-Timestamp is checked against the API's wall clock (+-300 s), so signing uses real time, never the
            // business clock that tests move by days.
            apis.put(
                    node.node(),
                    new HttpXrayApi(
                            node.url(), node.key(), node.signingSecret(), config.apiTimeout(), Clock.systemUTC()));
        }
        List<NodeSettings> nodes = config.nodes().stream()
                .map(n -> new NodeSettings(n.node(), n.country(), n.url()))
                .toList();
        return new FleetClients(Map.copyOf(apis), nodes);
    }
}
