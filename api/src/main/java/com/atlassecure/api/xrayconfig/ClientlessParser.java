package com.atlassecure.api.xrayconfig;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Builds the tree of a config.json while streaming past the client lists of chosen inbounds, counting them instead
 * of keeping them. A 100,000-client file parsed as a tree takes about 70 MB of heap, more than the API's budget
 * leaves free once its store is loaded; streamed, the clients cost a few bytes each for the length of one read.
 */
final class ClientlessParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Clients seen in one inbound's list, and how many of them lack the Vision flow. */
    record Counts(int clients, int withoutVisionFlow) {}

    private final IntPredicate streamClientsOf;
    private final Map<Integer, Counts> counts = new HashMap<>();

    private ClientlessParser(IntPredicate streamClientsOf) {
        this.streamClientsOf = streamClientsOf;
    }

    /** The tree, in which the client list of every inbound index accepted by the predicate is left empty. */
    record Result(ObjectNode root, Map<Integer, Counts> counts) {}

    static Result parse(byte[] json, IntPredicate streamClientsOf) throws IOException {
        ClientlessParser reader = new ClientlessParser(streamClientsOf);
        try (JsonParser p = XrayConfig.JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return new Result(null, Map.of()); // the caller reports "not an object"
            }
            ObjectNode root = reader.object(
                    p,
                    (name, q) -> "inbounds".equals(name) && q.currentToken() == JsonToken.START_ARRAY
                            ? reader.inbounds(q)
                            : null);
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "content after the top-level object");
            }
            return new Result(root, reader.counts);
        }
    }

    /** Reads a field's value specially, or returns null to read it as an ordinary tree. */
    @FunctionalInterface
    private interface FieldReader {
        JsonNode read(String name, JsonParser p) throws IOException;
    }

    /** Reads the object the parser is at; {@code special} may take over any field's value. */
    private ObjectNode object(JsonParser p, FieldReader special) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            JsonNode value = special.read(name, p);
            node.set(name, value != null ? value : XrayConfig.JSON.readTree(p));
        }
        return node;
    }

    private ArrayNode inbounds(JsonParser p) throws IOException {
        ArrayNode list = NODES.arrayNode();
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int at = index++;
            if (p.currentToken() == JsonToken.START_OBJECT && streamClientsOf.test(at)) {
                list.add(object(
                        p,
                        (name, q) -> "settings".equals(name) && q.currentToken() == JsonToken.START_OBJECT
                                ? object(
                                        q,
                                        (field, r) -> isClientList(field) && r.currentToken() == JsonToken.START_ARRAY
                                                ? countClients(r, at)
                                                : null)
                                : null));
            } else {
                list.add(XrayConfig.JSON.<JsonNode>readTree(p));
            }
        }
        return list;
    }

    static boolean isClientList(String name) {
        return name.equals("clients") || name.equals("users");
    }

    /** Reads each client on its own (garbage right after) and leaves an empty list in its place. */
    private ArrayNode countClients(JsonParser p, int inboundIndex) throws IOException {
        int clients = 0;
        int withoutFlow = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonNode client = XrayConfig.JSON.readTree(p);
            clients++;
            JsonNode flow = client.get("flow");
            if (flow == null || !Flows.isVision(flow.asText())) {
                withoutFlow++;
            }
        }
        counts.merge(
                inboundIndex,
                new Counts(clients, withoutFlow),
                (a, b) -> new Counts(a.clients() + b.clients(), a.withoutVisionFlow() + b.withoutVisionFlow()));
        return NODES.arrayNode();
    }
}
