package com.atlassecure.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.signing.RequestSigning;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code openapi/atlas-api.yaml} true: every record's JSON names, required fields and types match its schema,
 * every {@link ErrorCode} and status is documented, and the routes and security are the ones the API serves.
 *
 * <p>Required means "always present on the wire": every component is required except boxed numbers and booleans
 * ({@code Long telegramId}), which are the contract's optional fields and must admit {@code null} in the schema.
 */
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode doc;
    private static JsonNode schemas;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi/atlas-api.yaml")) {
            assertThat(in).as("openapi/atlas-api.yaml on the classpath").isNotNull();
            doc = new YAMLMapper().readTree(in);
        }
        schemas = doc.at("/components/schemas");
    }

    static List<ContractSamples.Sample> samples() {
        return ContractSamples.all();
    }

    @Test
    void isOpenApi31() {
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void documentsExactlyTheRoutesOfTheApi() {
        Map<String, Set<String>> routes = new LinkedHashMap<>();
        doc.path("paths").fields().forEachRemaining(e -> {
            Set<String> methods = new TreeSet<>();
            e.getValue().fieldNames().forEachRemaining(methods::add);
            routes.put(e.getKey(), methods);
        });
        assertThat(routes)
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("/add-user", Set.of("post")),
                        Map.entry("/update-user", Set.of("post")),
                        Map.entry("/remove-user", Set.of("post")),
                        Map.entry("/users/{uuid}", Set.of("get")),
                        Map.entry("/users", Set.of("get")),
                        Map.entry("/users/digest", Set.of("get")),
                        Map.entry("/users/traffic", Set.of("get")),
                        Map.entry("/users/batch", Set.of("post")),
                        Map.entry("/user-state", Set.of("post")),
                        Map.entry("/users/devices", Set.of("post")),
                        Map.entry("/users/devices/reset", Set.of("post")),
                        Map.entry("/health", Set.of("get")),
                        Map.entry("/health/detail", Set.of("get")),
                        Map.entry("/metrics", Set.of("get"))));
    }

    @Test
    void userRoutesRequireTheApiKeyAndHealthAndMetricsAreOpen() {
        JsonNode global = doc.path("security");
        assertThat(global.isArray()).isTrue();
        for (JsonNode alternative : global) {
            assertThat(alternative.has("ApiKey"))
                    .as("every alternative needs the API key")
                    .isTrue();
        }
        assertThat(global)
                .anySatisfy(alt ->
                        assertThat(alt.has("Timestamp") && alt.has("Signature")).isTrue());
        for (String route : List.of(
                "/add-user",
                "/update-user",
                "/remove-user",
                "/users/{uuid}",
                "/user-state",
                "/health/detail",
                "/users",
                "/users/digest",
                "/users/batch")) {
            operations(route)
                    .forEach(op -> assertThat(op.has("security"))
                            .as(route + " inherits the global security")
                            .isFalse());
        }
        for (String route : List.of("/health", "/metrics")) {
            operations(route).forEach(op -> {
                assertThat(op.path("security").isArray()).isTrue();
                assertThat(op.path("security")).as(route + " is open").isEmpty();
            });
        }
    }

    @Test
    void securitySchemesUseTheHeaderNamesOfTheSigningCode() {
        JsonNode s = doc.at("/components/securitySchemes");
        assertThat(header(s.path("ApiKey"))).isEqualTo(RequestSigning.API_KEY_HEADER);
        assertThat(header(s.path("Timestamp"))).isEqualTo(RequestSigning.TIMESTAMP_HEADER);
        assertThat(header(s.path("Signature"))).isEqualTo(RequestSigning.SIGNATURE_HEADER);
    }

    @Test
    void theNonceSchemeUsesTheSigningCodesHeaderAndIsPartOfTheSignedAlternative() {
        assertThat(header(doc.at("/components/securitySchemes/RequestId")))
                .isEqualTo(com.atlassecure.contract.signing.SignedRequest.NONCE_HEADER);
        assertThat(doc.path("security"))
                .anySatisfy(alt ->
                        assertThat(alt.has("RequestId") && alt.has("Signature")).isTrue());
    }

    @Test
    void theRouteWithAUuidInItsUrlIsDeprecatedAndUserStateIsNot() {
        assertThat(doc.at("/paths/~1users~1{uuid}/get/deprecated").asBoolean()).isTrue();
        assertThat(doc.at("/paths/~1user-state/post/deprecated").asBoolean()).isFalse();
        assertThat(doc.at("/paths/~1user-state/post/requestBody/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/UserStateRequest");
    }

    @Test
    void openHealthAnswersOnlyTheStatusAndTheDetailNeedsTheKey() {
        for (String status : List.of("200", "503")) {
            assertThat(doc.at("/paths/~1health/get/responses/" + status + "/content/application~1json/schema/$ref")
                            .asText())
                    .isEqualTo("#/components/schemas/HealthStatus");
            assertThat(doc.at("/paths/~1health~1detail/get/responses/" + status
                                    + "/content/application~1json/schema/$ref")
                            .asText())
                    .isEqualTo("#/components/schemas/HealthResponse");
        }
        assertThat(fieldNames(schemas.path("HealthStatus").path("properties"))).containsExactly("status");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void schemaPropertiesAreTheRecordsJsonNames(ContractSamples.Sample sample) {
        JsonNode schema = schemas.path(sample.schema());
        assertThat(schema.isObject()).as("schema " + sample.schema()).isTrue();
        assertThat(fieldNames(schema.path("properties")))
                .as(sample.schema() + " properties")
                .containsExactlyInAnyOrderElementsOf(jsonNames(sample.type()).values());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void schemaRequiresExactlyTheAlwaysPresentFields(ContractSamples.Sample sample) {
        Map<String, String> names = jsonNames(sample.type());
        Set<String> expected = new HashSet<>();
        for (RecordComponent c : sample.type().getRecordComponents()) {
            if (!isOptional(c.getType())) {
                expected.add(names.get(c.getName()));
            }
        }
        Set<String> documented = new HashSet<>();
        schemas.path(sample.schema()).path("required").forEach(n -> documented.add(n.asText()));
        assertThat(documented).as(sample.schema() + " required").isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void propertyTypesMatchTheJavaTypes(ContractSamples.Sample sample) {
        Map<String, String> names = jsonNames(sample.type());
        JsonNode properties = schemas.path(sample.schema()).path("properties");
        for (RecordComponent c : sample.type().getRecordComponents()) {
            String name = names.get(c.getName());
            Set<String> allowed = allowedTypes(properties.path(name));
            String where = sample.schema() + "." + name;
            assertThat(allowed).as(where).contains(jsonType(c.getType()));
            if (c.getType().isPrimitive()) {
                assertThat(allowed).as(where + " is primitive, never null").doesNotContain("null");
            }
            if (isOptional(c.getType())) {
                assertThat(allowed)
                        .as(where + " is optional, so null must be allowed")
                        .contains("null");
            }
            if (c.getType().isEnum()) {
                Set<String> constants = new HashSet<>();
                for (Object constant : c.getType().getEnumConstants()) {
                    constants.add(JSON.valueToTree(constant).asText());
                }
                assertThat(enumValues(properties.path(name)))
                        .as(where + " enum")
                        .isEqualTo(constants);
            }
        }
    }

    @Test
    void errorCodeEnumListsEveryCodeAndItsStatus() {
        JsonNode errorCode = schemas.path("ErrorCode");
        Set<String> expectedCodes = new HashSet<>();
        Map<String, Integer> expectedStatus = new HashMap<>();
        for (ErrorCode c : ErrorCode.values()) {
            expectedCodes.add(c.code());
            expectedStatus.put(c.code(), c.httpStatus());
        }
        assertThat(enumValues(errorCode)).isEqualTo(expectedCodes);
        Map<String, Integer> documentedStatus = new HashMap<>();
        errorCode
                .path("x-http-status")
                .fields()
                .forEachRemaining(
                        e -> documentedStatus.put(e.getKey(), e.getValue().asInt()));
        assertThat(documentedStatus).isEqualTo(expectedStatus);
    }

    @Test
    void everyErrorCodeBelongsToExactlyOneDocumentedErrorResponse() {
        Map<String, String> owner = new HashMap<>();
        doc.at("/components/responses").fields().forEachRemaining(e -> {
            assertThat(e.getValue().at("/content/application~1json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/ErrorBody");
            for (JsonNode code : e.getValue().path("x-error-codes")) {
                assertThat(owner.put(code.asText(), e.getKey()))
                        .as(code.asText() + " listed twice")
                        .isNull();
            }
        });
        assertThat(owner.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
    }

    @Test
    void routesUseEachErrorResponseUnderTheStatusOfItsCodes() {
        doc.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                    op.getValue().path("responses").fields().forEachRemaining(r -> {
                        String ref = r.getValue().path("$ref").asText("");
                        if (ref.isEmpty()) {
                            return;
                        }
                        JsonNode response = doc.at(ref.substring(1));
                        assertThat(response.isMissingNode()).as(ref).isFalse();
                        for (JsonNode code : response.path("x-error-codes")) {
                            assertThat(ErrorCode.fromCode(code.asText()).httpStatus())
                                    .as(path.getKey() + " " + op.getKey() + " lists " + code.asText() + " under "
                                            + r.getKey())
                                    .isEqualTo(Integer.parseInt(r.getKey()));
                        }
                    });
                }));
    }

    @Test
    void theDesignStatusesAllAppearOnSomeRoute() {
        Set<String> statuses = new HashSet<>();
        doc.path("paths")
                .forEach(path ->
                        path.forEach(op -> op.path("responses").fieldNames().forEachRemaining(statuses::add)));
        assertThat(statuses).contains("400", "401", "404", "409", "413", "422", "429", "503");
    }

    @Test
    void everyLocalReferenceResolves() {
        List<String> refs = new java.util.ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    // --- helpers ---

    private static List<JsonNode> operations(String route) {
        List<JsonNode> ops = new java.util.ArrayList<>();
        doc.path("paths").path(route).forEach(ops::add);
        assertThat(ops).as(route).isNotEmpty();
        return ops;
    }

    private static String header(JsonNode scheme) {
        assertThat(scheme.path("in").asText()).isEqualTo("header");
        return scheme.path("name").asText();
    }

    /** Java component name to JSON property name, as Jackson itself sees the record. */
    private static Map<String, String> jsonNames(Class<?> type) {
        BeanDescription description = JSON.getSerializationConfig().introspect(JSON.constructType(type));
        Map<String, String> names = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : description.findProperties()) {
            names.put(p.getInternalName(), p.getName());
        }
        for (RecordComponent c : type.getRecordComponents()) {
            assertThat(names)
                    .as(type.getSimpleName() + " exposes " + c.getName())
                    .containsKey(c.getName());
        }
        assertThat(names)
                .as(type.getSimpleName() + " has no extra properties")
                .hasSize(type.getRecordComponents().length);
        return names;
    }

    private static boolean isOptional(Class<?> type) {
        return type == Long.class || type == Integer.class || type == Boolean.class;
    }

    private static String jsonType(Class<?> type) {
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == String.class || type.isEnum()) {
            return "string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "array";
        }
        // A JSON tree is an app's own config carried as is (ClientConfigs); the contract holds only objects there.
        if (type.isRecord() || type == com.fasterxml.jackson.databind.JsonNode.class) {
            return "object";
        }
        throw new AssertionError("no JSON type rule for " + type);
    }

    /** The JSON types a property schema admits, following local $refs and oneOf/anyOf. */
    private static Set<String> allowedTypes(JsonNode schema) {
        assertThat(schema.isMissingNode()).as("property schema").isFalse();
        Set<String> types = new HashSet<>();
        JsonNode resolved = resolve(schema);
        JsonNode type = resolved.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            resolved.path(combinator).forEach(alt -> types.addAll(allowedTypes(alt)));
        }
        return types;
    }

    private static Set<String> enumValues(JsonNode schema) {
        Set<String> values = new HashSet<>();
        resolve(schema).path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            current = doc.at(current.get("$ref").asText().substring(1));
            assertThat(current.isMissingNode()).as("dangling $ref").isFalse();
        }
        return current;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
