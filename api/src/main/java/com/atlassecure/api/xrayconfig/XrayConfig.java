package com.atlassecure.api.xrayconfig;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of an Xray config.json. It finds the VLESS + REALITY inbound, reads the facts links come
 * from, and renders a copy with a new client list while leaving every other setting as the operator wrote it.
 * Thread-safe: the parsed tree is never handed out or mutated.
 */
public final class XrayConfig {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS) // Xray itself accepts comments in its config
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    /** Pretty, with every array element on its own line (Jackson's default keeps arrays on one line). */
    private static final DefaultPrettyPrinter PRETTY =
            new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private final ObjectNode root;
    private final String source;

    private XrayConfig(ObjectNode root, String source) {
        this.root = root;
        this.source = source;
    }

    public static XrayConfig load(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new XrayConfigException("cannot read Xray config " + path + ": " + e.getMessage(), e);
        }
        return parse(bytes, path.toString());
    }

    public static XrayConfig parse(byte[] json, String sourceName) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw notJson(sourceName, e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new XrayConfigException(sourceName + " must hold a JSON object at the top level");
        }
        return new XrayConfig(object, sourceName);
    }

    private static XrayConfigException notJson(String sourceName, IOException e) {
        // Where, never what: Jackson's own message quotes the offending token, and a hand-edited privateKey that
        // lost its quotes is exactly such a token (security review M3). The cause is not attached for the same
        // reason: a logged stack trace would print its message.
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
            return new XrayConfigException(sourceName + " is not valid JSON at line "
                    + jpe.getLocation().getLineNr() + ", column "
                    + jpe.getLocation().getColumnNr() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return new XrayConfigException(
                sourceName + " is not valid JSON (" + e.getClass().getSimpleName() + ")");
    }

    /** A config.json read without the clients of its VLESS REALITY inbound, and what those clients were. */
    public record Clientless(XrayConfig skeleton, int clients, int clientsWithoutVisionFlow) {}

    /**
     * Parses {@code json} like {@link #parse}, but never holds the chosen inbound's client list as a tree: it is
     * counted while streaming and left empty in the result, ready for {@link #writeWithClients}. Every other part
     * of the document, other inbounds' clients included, is kept as written. This is how a running API re-reads a
     * file of 100,000 clients that someone else changed.
     */
    public static Clientless parseWithoutClients(byte[] json, String sourceName, String tagOrNull) {
        try {
            // First pass: set every client list aside, which is enough to find the inbound and count its clients.
            ClientlessParser.Result all = ClientlessParser.parse(json, index -> true);
            if (all.root() == null) {
                throw new XrayConfigException(sourceName + " must hold a JSON object at the top level");
            }
            XrayConfig stripped = new XrayConfig(all.root(), sourceName);
            int target = stripped.vlessRealityIndex(tagOrNull);
            ClientlessParser.Counts counts = all.counts().getOrDefault(target, new ClientlessParser.Counts(0, 0));
            boolean othersHaveClients = all.counts().entrySet().stream()
                    .anyMatch(e -> e.getKey() != target && e.getValue().clients() > 0);
            // Another inbound's clients are the operator's: a second pass keeps them.
            XrayConfig skeleton = othersHaveClients
                    ? new XrayConfig(
                            ClientlessParser.parse(json, index -> index == target)
                                    .root(),
                            sourceName)
                    : stripped;
            return new Clientless(skeleton, counts.clients(), counts.withoutVisionFlow());
        } catch (IOException e) {
            throw notJson(sourceName, e);
        }
    }

    public String source() {
        return source;
    }

    /** The VLESS + REALITY inbound with this tag, or the only one when {@code tagOrNull} is null. */
    public VlessRealityInbound inbound(String tagOrNull) {
        return InboundReader.read(vlessRealityNode(tagOrNull), source);
    }

    /** The VLESS inbounds with REALITY security, by tag (untagged ones are listed as ""). */
    public List<String> vlessRealityTags() {
        List<String> tags = new ArrayList<>();
        for (JsonNode inbound : root.path("inbounds")) {
            if (InboundReader.isVlessReality(inbound)) {
                tags.add(inbound.path("tag").asText(""));
            }
        }
        return tags;
    }

    public Optional<ApiBlock> apiBlock() {
        JsonNode api = root.get("api");
        if (api == null || !api.isObject()) {
            return Optional.empty();
        }
        List<String> services = new ArrayList<>();
        api.path("services").forEach(s -> services.add(s.asText()));
        return Optional.of(new ApiBlock(
                api.path("tag").asText(""),
                api.hasNonNull("listen") ? api.get("listen").asText() : null,
                services));
    }

    /** True when the config has a routing block: without one Xray runs no router to add rules to. */
    public boolean hasRouting() {
        return root.path("routing").isObject();
    }

    /** The protocol of the outbound tagged {@code tag} ("blackhole", "freedom", ...), if the config has one. */
    public Optional<String> outboundProtocol(String tag) {
        for (JsonNode outbound : root.path("outbounds")) {
            if (tag.equals(outbound.path("tag").asText(null))) {
                return Optional.of(outbound.path("protocol").asText(""));
            }
        }
        return Optional.empty();
    }

    public boolean statsEnabled() {
        return root.has("stats") && root.get("stats").isObject();
    }

    public boolean userTrafficStatsEnabled() {
        JsonNode level = levelZero();
        return level.path("statsUserUplink").asBoolean(false)
                && level.path("statsUserDownlink").asBoolean(false);
    }

    public boolean userOnlineStatsEnabled() {
        return levelZero().path("statsUserOnline").asBoolean(false);
    }

    private JsonNode levelZero() {
        return root.path("policy").path("levels").path("0");
    }

    /**
     * The document with the inbound's clients replaced by {@code clients}, pretty-printed. Clients are streamed
     * straight to the output rather than built as a tree, because at 100,000 clients the tree would dominate.
     */
    public byte[] withClients(String tag, List<ClientEntry> clients) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024 + clients.size() * 128);
        writeWithClients(tag, clients, out);
        return out.toByteArray();
    }

    /**
     * Streams the same document into {@code out}, which stays open (the caller fsyncs and closes it). The clients are
     * only iterated, so a caller can pass a lazy view instead of materialising 100,000 entries.
     */
    public void writeWithClients(String tag, Iterable<ClientEntry> clients, OutputStream out) {
        writeWithClients(tag, ClientArray.of(clients), out);
    }

    /** Streams the document into {@code out}, with {@code clients} writing the inbound's client list itself. */
    public void writeWithClients(String tag, ClientArray clients, OutputStream out) {
        JsonNode target = vlessRealityNode(tag);
        try (JsonGenerator gen = JSON.getFactory().createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.setPrettyPrinter(PRETTY.createInstance()); // a printer keeps its nesting depth: one per document
            new ClientRenderer(gen, out, target.path("settings"), clients).write(root);
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("rendering Xray config from " + source, e);
        }
    }

    private JsonNode vlessRealityNode(String tagOrNull) {
        return root.path("inbounds").get(vlessRealityIndex(tagOrNull));
    }

    /** The index in "inbounds" of the inbound with this tag, or of the only VLESS REALITY one when null. */
    private int vlessRealityIndex(String tagOrNull) {
        List<Integer> matches = new ArrayList<>();
        int index = 0;
        for (JsonNode inbound : root.path("inbounds")) {
            boolean tagMatches =
                    tagOrNull == null || tagOrNull.equals(inbound.path("tag").asText(null));
            if (tagMatches && (tagOrNull != null || InboundReader.isVlessReality(inbound))) {
                matches.add(index);
            }
            index++;
        }
        if (matches.isEmpty()) {
            throw new XrayConfigException(
                    tagOrNull == null
                            ? source + " has no VLESS inbound with REALITY security"
                            : "XRAY_INBOUND_TAG=" + tagOrNull + " but " + source
                                    + " has no inbound with that tag (VLESS" + " REALITY inbounds: "
                                    + vlessRealityTags() + ")");
        }
        if (matches.size() > 1) {
            throw new XrayConfigException(source + " has " + matches.size() + " VLESS REALITY inbounds "
                    + vlessRealityTags() + "; set XRAY_INBOUND_TAG to choose one");
        }
        return matches.get(0);
    }

    /** Writes a tree, substituting the client list when it reaches the target inbound's settings object. */
    private static final class ClientRenderer {
        private final JsonGenerator gen;
        private final JsonNode targetSettings;
        private final ClientArray clients;
        private final OutputStream out;

        ClientRenderer(JsonGenerator gen, OutputStream out, JsonNode targetSettings, ClientArray clients) {
            this.gen = gen;
            this.out = out;
            this.targetSettings = targetSettings;
            this.clients = clients;
        }

        void write(JsonNode node) throws IOException {
            if (node.isObject()) {
                boolean isTarget = node == targetSettings;
                boolean wroteClients = false;
                gen.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    gen.writeFieldName(field.getKey());
                    // Xray 26.5.9 renamed "clients" to "users"; keep whichever name the operator used.
                    if (isTarget && !wroteClients && isClientList(field.getKey())) {
                        writeClients();
                        wroteClients = true;
                    } else {
                        write(field.getValue());
                    }
                }
                if (isTarget && !wroteClients) {
                    gen.writeFieldName("clients");
                    writeClients();
                }
                gen.writeEndObject();
            } else if (node.isArray()) {
                gen.writeStartArray();
                for (JsonNode element : node) {
                    write(element);
                }
                gen.writeEndArray();
            } else {
                JSON.writeTree(gen, node);
            }
        }

        private static boolean isClientList(String name) {
            return name.equals("clients") || name.equals("users");
        }

        /**
         * One compact line per client, written as bytes past the generator (see {@link ClientLines}). The generator
         * is told a value follows, so its separators stay right, and flushed first, so the bytes land in order.
         */
        private void writeClients() throws IOException {
            gen.writeRawValue("");
            gen.flush();
            clients.writeTo(out, "  ".repeat(gen.getOutputContext().getNestingDepth()));
        }
    }
}
