package com.atlassecure.api.http;

import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.validation.ContractViolation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Strict JSON for request bodies. Unknown fields are refused (400 unknown_field) rather than ignored, because a
 * misspelt {@code expiry_timestamp_ms} silently ignored would provision a customer with the wrong expiry. No
 * coercion: "123" is not a number, 1.5 is not a long, 123 is not a string, null is not a number.
 */
public final class StrictJson {
    static final ObjectMapper MAPPER = build();

    private StrictJson() {}

    private static ObjectMapper build() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses {@code body} into {@code type}; the fields in {@code required} must be present and non-null. Every
     * failure is a {@link ContractViolation} with the stable code for it.
     */
    public static <T> T read(byte[] body, Class<T> type, List<String> required) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ContractViolation(ErrorCode.MALFORMED_JSON, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ContractViolation(ErrorCode.MALFORMED_JSON, "body could not be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ContractViolation(ErrorCode.MALFORMED_JSON, "body must be a JSON object");
        }
        List<String> missing =
                required.stream().filter(f -> !tree.hasNonNull(f)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new ContractViolation(ErrorCode.MISSING_FIELD, "missing required field(s): " + missing);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ContractViolation(
                    ErrorCode.UNKNOWN_FIELD,
                    "unknown field '" + e.getPropertyName() + "'; known fields: " + e.getKnownPropertyIds());
        } catch (InvalidFormatException e) {
            throw new ContractViolation(ErrorCode.INVALID_FIELD, "field " + path(e) + " has the wrong type or format");
        } catch (MismatchedInputException e) {
            throw new ContractViolation(ErrorCode.INVALID_FIELD, "field " + path(e) + " has the wrong type");
        } catch (JsonProcessingException e) {
            throw new ContractViolation(
                    ErrorCode.INVALID_FIELD, "body does not match the request: " + e.getOriginalMessage());
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                .collect(Collectors.joining(".", "'", "'"));
    }
}
