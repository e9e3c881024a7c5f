package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.clients.ClientCore;
import com.atlassecure.contract.clients.RecommendedApps;
import com.atlassecure.testkit.api.ApiLauncher;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.SocksHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which apps connect, proven with real bytes (design principle 14). For each server version CI provides, the server
 * runs the config {@code atlas-api init} writes (only the REALITY target is local), a user is added through the API,
 * and each client core, configured from nothing but the returned link, fetches a random body through it. The same
 * grid is repeated with {@code minClientVer} removed, to show what Xray's own default would do. {@code doctor}'s
 * prediction must match every cell, and every core the bot recommends must carry bytes on the shipped config.
 *
 * <p>The table goes to {@code target/client-matrix.md}; .ci/run prints it and docs/COMPATIBILITY.md keeps it.
 */
class ClientMatrixXrayIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClientMatrixXrayIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough for the first REALITY handshake, which waits for the inbound's probe of its target (~5 s). */
    private static final Duration CELL_BUDGET = Duration.ofSeconds(20);

    record Cell(String config, String server, String client, String core, boolean carried, boolean predicted) {}

    @Test
    void everyRecommendedCoreCarriesBytesOnBothServerVersionsAndDoctorPredictsEveryCell(@TempDir Path dir)
            throws Exception {
        ClientCores cores = ClientCores.locateOrAbort();
        String body = HexFormat.of().formatHex(randomBytes(32 * 1024));
        List<Cell> cells = new ArrayList<>();
        try (LoopbackHttpServer http = LoopbackHttpServer.start(body)) {
            for (ClientCores.Server server : cores.servers()) {
                cells.addAll(row("as init writes it", server, cores, http, body, dir, config -> {}));
                cells.addAll(row(
                        "minClientVer removed", server, cores, http, body, dir, ClientMatrixXrayIT::withoutMinimum));
            }
        }
        String table = table(cells);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "client-matrix.md"), table, StandardCharsets.UTF_8);
        LOG.info("event=client_matrix\n{}", table);

        assertThat(cells).hasSize(2 * cores.servers().size() * cores.clients().size());
        assertThat(cells)
                .as("doctor's prediction differs from the real connection in:\n" + table)
                .allSatisfy(cell -> assertThat(cell.carried()).isEqualTo(cell.predicted()));
        List<String> recommended =
                RecommendedApps.cores().stream().map(ClientCore::id).toList();
        assertThat(cells.stream().filter(c -> c.config().equals("as init writes it")))
                .as("a core the bot recommends must carry bytes on the shipped config:\n" + table)
                .filteredOn(c -> recommended.contains(c.core()))
                .isNotEmpty()
                .allSatisfy(cell -> assertThat(cell.carried()).isTrue());
        // The reason minClientVer is written at all: without it a newer server turns sing-box away.
        assertThat(cells)
                .as("Xray's default refuses some core on some server; else the written minClientVer would be moot")
                .anySatisfy(cell -> assertThat(cell.carried()).isFalse());
    }

    private static List<Cell> row(
            String config,
            ClientCores.Server server,
            ClientCores cores,
            LoopbackHttpServer http,
            String body,
            Path parent,
            Consumer<ObjectNode> bend)
            throws IOException {
        Path dir = Files.createTempDirectory(parent, "server-");
        try (AtlasStack stack = AtlasStack.startWithoutBot(server.binary(), dir, bend)) {
            Map<String, Boolean> predicted = predictions(stack.doctorConfigOnly());
            String uuid = UUID.randomUUID().toString();
            long expiry = System.currentTimeMillis() + Duration.ofDays(1).toMillis();
            JsonNode added = stack.api()
                    .post("/add-user", Map.of("telegram_id", 424242L, "uuid", uuid, "expiry_timestamp_ms", expiry));
            ShareLink link = ShareLink.parse(added.path("vless_link").asText());
            List<Cell> cells = new ArrayList<>();
            for (ClientCores.Client client : cores.clients()) {
                Boolean prediction = predicted.get(client.core());
                assertThat(prediction)
                        .as("doctor printed no clients." + client.core() + " row")
                        .isNotNull();
                boolean carried = carries(client, link, http, body);
                cells.add(new Cell(config, server.label(), client.label(), client.core(), carried, prediction));
            }
            return cells;
        }
    }

    /** doctor's clients.&lt;core&gt; rows: PASS means it predicts the core is admitted. */
    static Map<String, Boolean> predictions(ApiLauncher.CommandResult doctor) throws IOException {
        String out = doctor.output();
        JsonNode report = JSON.readTree(out.substring(out.indexOf('{')));
        Map<String, Boolean> admitted = new LinkedHashMap<>();
        for (JsonNode check : report.path("checks")) {
            String id = check.path("id").asText();
            if (id.startsWith("clients.") && !id.equals("clients.min-client-ver")) {
                admitted.put(
                        id.substring("clients.".length()),
                        "PASS".equals(check.path("status").asText()));
            }
        }
        return admitted;
    }

    /** True when the body came back whole within the budget; a refused client gets the target site, not our body. */
    private static boolean carries(ClientCores.Client client, ShareLink link, LoopbackHttpServer http, String body) {
        long deadline = System.nanoTime() + CELL_BUDGET.toNanos();
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            try {
                SocksHttp.Response response = client.get(link, http.uri(), Duration.ofSeconds(8));
                if (response.status() == 200 && body.equals(response.body())) {
                    return true;
                }
                last = "HTTP " + response.status() + " with " + response.body().length() + " chars";
            } catch (IOException | RuntimeException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            sleep(Duration.ofMillis(500));
        }
        LOG.info("event=cell_carried_nothing client=\"{}\" last=\"{}\"", client.label(), last);
        return false;
    }

    private static void withoutMinimum(ObjectNode config) {
        for (JsonNode inbound : config.path("inbounds")) {
            JsonNode reality = inbound.path("streamSettings").path("realitySettings");
            if (reality instanceof ObjectNode settings) {
                settings.remove("minClientVer");
            }
        }
    }

    static String table(List<Cell> cells) {
        List<String> clients = cells.stream().map(Cell::client).distinct().toList();
        StringBuilder out = new StringBuilder();
        out.append("| config | server Xray | ")
                .append(String.join(
                        " | ", clients.stream().map(c -> "client " + c).toList()))
                .append(" |\n|---|---|")
                .append("---|".repeat(clients.size()))
                .append('\n');
        Map<String, List<Cell>> rows = new LinkedHashMap<>();
        cells.forEach(c -> rows.computeIfAbsent(c.config() + "\u0000" + c.server(), k -> new ArrayList<>())
                .add(c));
        for (List<Cell> row : rows.values()) {
            out.append("| ")
                    .append(row.get(0).config())
                    .append(" | ")
                    .append(row.get(0).server());
            for (Cell cell : row) {
                out.append(" | ")
                        .append(cell.carried() ? "carries bytes" : "refused (handed to the target)")
                        .append(cell.carried() == cell.predicted() ? "" : " **doctor predicted the opposite**");
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
