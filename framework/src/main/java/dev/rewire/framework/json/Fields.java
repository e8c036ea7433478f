package dev.rewire.framework.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed, validating access to the fields of one JSON object; every failure names the field path.
 */
final class Fields {

    private final JsonNode node;
    private final String path;
    String id;

    Fields(JsonNode node) throws InvalidRecordException {
        this(node, "", null);
    }

    private Fields(JsonNode node, String path, String id) throws InvalidRecordException {
        this.node = node;
        this.path = path;
        this.id = id;
        if (node == null || !node.isObject()) {
            throw invalid((path.isEmpty() ? "record" : path) + " must be a JSON object");
        }
    }

    Fields element(String elementPath, JsonNode element) throws InvalidRecordException {
        return new Fields(element, path + elementPath + ".", id);
    }

    InvalidRecordException invalid(String message) {
        return new InvalidRecordException(message, id);
    }

    String requiredString(String field) throws InvalidRecordException {
        String value = optionalString(field);
        if (value == null) {
            throw invalid("missing required field '" + path + field + "'");
        }
        return value;
    }

    /**
     * A string as it may be written back: an unpaired surrogate (a {@code \\ud800} escape with no
     * partner) cannot be encoded as UTF-8, so the record is rejected here rather than break the output.
     */
    String text(String field, String value) throws InvalidRecordException {
        int at = unpairedSurrogateAt(value);
        if (at >= 0) {
            throw invalid(String.format("field '%s' holds an unpaired surrogate \\u%04x at character %d",
                    field, (int) value.charAt(at), at + 1));
        }
        return value;
    }

    /** The index of the first unpaired surrogate in the text, or -1 when there is none. */
    static int unpairedSurrogateAt(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    /** A field that must be present and not null, of any JSON type. */
    JsonNode required(String field) throws InvalidRecordException {
        JsonNode v = present(field);
        if (v == null) {
            throw invalid("missing required field '" + path + field + "'");
        }
        return v;
    }

    String optionalString(String field) throws InvalidRecordException {
        JsonNode v = present(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return text(path + field, v.textValue());
    }

    Double optionalNumber(String field) throws InvalidRecordException {
        JsonNode v = present(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw wrongType(field, "a number", v);
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            // only a number too large for a double gets here (1e400 reads as Infinity; NaN is not JSON)
            throw invalid("field '" + path + field + "' is a number beyond the range of a double (over 1.8e308 in size)");
        }
        return d;
    }

    Boolean optionalBoolean(String field) throws InvalidRecordException {
        JsonNode v = present(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false", v);
        }
        return v.booleanValue();
    }

    /** The field's value of any type; null when absent or JSON null. */
    JsonNode optionalValue(String field) {
        return present(field);
    }

    JsonNode optionalArray(String field) throws InvalidRecordException {
        JsonNode v = present(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array", v);
        }
        return v;
    }

    private JsonNode present(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    InvalidRecordException wrongType(String field, String expected, JsonNode actual) {
        String shown = actual.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 37) + "...";
        }
        return invalid("field '" + path + field + "' must be " + expected + ", got " + actual.getNodeType()
                .toString().toLowerCase() + " " + shown);
    }
}
