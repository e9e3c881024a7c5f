package com.atlassecure.api.doctor;

import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.links.VlessLinks;
import com.atlassecure.api.xrayconfig.InitCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * A deployment made the way an operator makes one: {@code init} writes the config and the API env lines, and the
 * fixture adds a key, signing, a bot env and a link built by the API's own link builder. Tests break one piece.
 */
final class DoctorFixture {
    static final String API_KEY = "k3y-" + "0123456789abcdef".repeat(4);
    static final String SIGNING_SECRET = "s1gn-" + "fedcba9876543210".repeat(4);
    static final String BOT_TOKEN = "123456789:AAE-secret-bot-token-value";
    static final String UUID = "3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";

    final Path dir;
    final Path config;
    final Map<String, String> apiEnv = new LinkedHashMap<>();
    final Map<String, String> botEnv = new LinkedHashMap<>();
    final String privateKey;

    private DoctorFixture(Path dir, String... initArgs) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("config.json");
        Path envOut = dir.resolve("init.env");
        List<String> args = new ArrayList<>(List.of("--out", config.toString(), "--env-out", envOut.toString()));
        args.addAll(List.of(initArgs));
        int exit = new CommandLine(new InitCommand())
                .setOut(new PrintWriter(new StringWriter()))
                .execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("init failed with " + exit);
        }
        apiEnv.putAll(EnvFile.parse(Files.readAllLines(envOut), envOut.toString()));
        apiEnv.put("XRAY_API_KEY", API_KEY);
        apiEnv.put("API_SIGNING", "required");
        apiEnv.put("XRAY_API_SIGNING_SECRET", SIGNING_SECRET);
        botEnv.put("APP_ENV", "prod");
        botEnv.put("BOT_TOKEN", BOT_TOKEN);
        botEnv.put("PROD_XRAY_API_URL", "https://api.mynewllcw.com");
        botEnv.put("PROD_XRAY_API_KEY", API_KEY);
        botEnv.put("SUBSCRIPTION_BASE_URL", "https://sub.mynewllcw.com");
        botEnv.put("XRAY_API_SIGNING_SECRET", SIGNING_SECRET);
        privateKey = new ObjectMapper()
                .readTree(config.toFile())
                .at("/inbounds/0/streamSettings/realitySettings/privateKey")
                .asText();
    }

    static DoctorFixture init(Path dir, String... initArgs) throws IOException {
        return new DoctorFixture(dir, initArgs);
    }

    /** The link the API would issue for {@link #UUID} with this env. */
    String link() {
        return VlessLinks.build(
                new LinkParameters(
                        apiEnv.getOrDefault("XRAY_SERVER_HOST", apiEnv.get("XRAY_SERVER_IP")),
                        Integer.parseInt(apiEnv.get("XRAY_PORT")),
                        apiEnv.get("XRAY_SNI"),
                        apiEnv.get("XRAY_PUBLIC_KEY"),
                        apiEnv.get("XRAY_SHORT_ID"),
                        "chrome",
                        "AtlasSecure"),
                UUID);
    }

    Path write(String name, Map<String, String> env) throws IOException {
        Path file = dir.resolve(name);
        String body = "# written by a test\n"
                + env.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n"))
                + "\n";
        Files.writeString(file, body, StandardCharsets.UTF_8);
        // As the runbook installs them: doctor FAILs env files other users can read (review L6).
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    /** A stand-in xray that answers "run -test" the way the real one does on a good config. */
    Path xrayThatAcceptsEverything() throws IOException {
        return script(
                "xray-ok",
                "echo 'Xray 26.3.27 (Xray, Penetrates Everything.) Custom (go1.26 linux/amd64)'\n"
                        + "echo 'Configuration OK.'\nexit 0\n");
    }

    Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** Every input: config, both envs, the link and the stand-in xray. */
    List<String> fullArgs() throws IOException {
        return new ArrayList<>(List.of(
                "--config", config.toString(),
                "--api-env", write("api.env", apiEnv).toString(),
                "--bot-env", write("bot.env", botEnv).toString(),
                "--link", link(),
                "--xray-bin", xrayThatAcceptsEverything().toString()));
    }

    static Run doctor(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new DoctorCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Runs with --json added and parses the answer. */
    static JsonRun doctorJson(List<String> args) throws IOException {
        List<String> withJson = new ArrayList<>(args);
        withJson.add("--json");
        Run run = doctor(withJson);
        return new JsonRun(run, new ObjectMapper().readTree(run.out()));
    }

    record Run(int exit, String out, String err) {}

    record JsonRun(Run run, JsonNode json) {
        int exit() {
            return run.exit();
        }

        JsonNode check(String id) {
            for (JsonNode c : json.path("checks")) {
                if (c.path("id").asText().equals(id)) {
                    return c;
                }
            }
            throw new AssertionError("no check " + id + " in " + run.out());
        }

        String status(String id) {
            return check(id).path("status").asText();
        }

        String reason(String id) {
            return check(id).path("reason").asText();
        }

        List<String> idsWithStatus(String status) {
            List<String> ids = new ArrayList<>();
            json.path("checks").forEach(c -> {
                if (c.path("status").asText().equals(status)) {
                    ids.add(c.path("id").asText() + ": " + c.path("reason").asText());
                }
            });
            return ids;
        }
    }
}
