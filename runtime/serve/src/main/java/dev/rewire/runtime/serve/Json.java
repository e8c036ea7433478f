package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;

/** Field checks shared by the protocols; every failure names the field. */
final class Json {

    private Json() {
    }

    static JsonNode requiredArray(JsonNode body, String field) throws BadRequestException {
        JsonNode v = body.get(field);
        if (v == null || !v.isArray()) {
            throw new BadRequestException("field '" + field + "' must be a list" + (v == null ? " (missing)" : ""));
        }
        return v;
    }

    /** An optional list that, when present, must have {@code size} items. */
    static JsonNode optionalArray(JsonNode body, String field, int size) throws BadRequestException {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray() || v.size() != size) {
            throw new BadRequestException("field '" + field + "' must be a list of " + size + " items, like 'query'");
        }
        return v;
    }

    static JsonNode requiredObject(JsonNode body, String field) throws BadRequestException {
        JsonNode v = body.get(field);
        if (v == null || !v.isObject()) {
            throw new BadRequestException("field '" + field + "' must be an object" + (v == null ? " (missing)" : ""));
        }
        return v;
    }
}
