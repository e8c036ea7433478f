package dev.rewire.bundles.terms.python;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code rewire-term/1} protocol's messages, one JSON object per line (see
 * docs/python-terms.md and {@code rewire_term_host.py}): the process's handshake, the request for a
 * batch, and the response. Stateless and thread safe.
 */
final class TermProtocol {

    static final String VERSION = "rewire-term/1";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private TermProtocol() {
    }

    /**
     * What the process says once it has loaded the function: the file and the sha256 of the bytes it
     * loaded, or why it could not ({@code error} set, every other field null).
     */
    record Handshake(String function, String kind, String file, String sha256, String pythonVersion, String error) {
    }

    /** A message that does not follow the protocol. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    /** One request line (without its newline) for these samples, in this order. */
    static String request(List<Sample> samples) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("batch");
            for (Sample s : samples) {
                g.writeStartObject();
                g.writeStringField("id", s.id());
                g.writeStringField("prompt_id", s.promptId());
                g.writeStringField("domain", s.domain());
                g.writeStringField("source", s.source());
                g.writeStringField("prompt", s.prompt());
                g.writeStringField("completion", s.completion());
                g.writeStringField("reference", s.reference());
                g.writeFieldName("completion_tokens");
                writeValue(g, s.completionTokens());
                g.writeFieldName("step");
                writeValue(g, s.step());
                g.writeFieldName("fields");
                writeValue(g, s.fields());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Writes a value of a sample's fields: null, strings, numbers, booleans, lists and maps of them. */
    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof java.math.BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeString(value.toString());
        }
    }

    /** Reads the handshake line. */
    static Handshake handshake(String line) throws ProtocolException {
        Map<String, Object> m = object(line, "handshake");
        Object protocol = m.get("protocol");
        if (!VERSION.equals(protocol)) {
            throw new ProtocolException("handshake speaks " + (protocol == null ? "no protocol" : "'" + protocol + "'")
                    + ", expected '" + VERSION + "': " + abbreviate(line));
        }
        if (m.get("error") != null) {
            return new Handshake(null, null, null, null, null, String.valueOf(m.get("error")));
        }
        return new Handshake(text(m, "function"), text(m, "kind"), text(m, "file"), text(m, "sha256"),
                m.get("python") == null ? null : String.valueOf(m.get("python")), null);
    }

    /**
     * Reads a response line for a batch of {@code samples}: per sample its value, or its abstention
     * with the process's reason. A response {@code {"error": ...}} makes every sample abstain with it.
     */
    static List<TermResult> response(String line, int samples) throws ProtocolException {
        Map<String, Object> m = object(line, "response");
        if (m.get("error") != null) {
            TermResult failed = TermResult.abstain(String.valueOf(m.get("error")));
            List<TermResult> all = new ArrayList<>(samples);
            for (int i = 0; i < samples; i++) {
                all.add(failed);
            }
            return all;
        }
        List<?> values = list(m, "values", samples, true);
        List<?> reasons = list(m, "reasons", samples, false);
        List<?> diagnostics = list(m, "diagnostics", samples, false);
        List<TermResult> results = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            Object value = values.get(i);
            Object reason = reasons == null ? null : reasons.get(i);
            if (reason != null || value == null) {
                results.add(TermResult.abstain(reason != null ? String.valueOf(reason)
                        : "python returned neither a value nor a reason"));
            } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                results.add(TermResult.of(n.doubleValue(), diagnosticsAt(diagnostics, i)));
            } else {
                throw new ProtocolException("values[" + i + "] is " + abbreviate(String.valueOf(value))
                        + ", not a finite number or null");
            }
        }
        return results;
    }

    private static Map<String, Double> diagnosticsAt(List<?> diagnostics, int i) throws ProtocolException {
        Object d = diagnostics == null ? null : diagnostics.get(i);
        if (d == null) {
            return Map.of();
        }
        if (!(d instanceof Map<?, ?> map)) {
            throw new ProtocolException("diagnostics[" + i + "] is not an object");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                out.put(String.valueOf(e.getKey()), n.doubleValue());
            }
        }
        return out;
    }

    private static List<?> list(Map<String, Object> m, String key, int size, boolean required)
            throws ProtocolException {
        Object v = m.get(key);
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw new ProtocolException("response has no '" + key + "' list");
        }
        if (list.size() != size) {
            throw new ProtocolException("response has " + list.size() + " " + key + " for " + size + " samples");
        }
        return list;
    }

    private static String text(Map<String, Object> m, String key) throws ProtocolException {
        if (!(m.get(key) instanceof String s)) {
            throw new ProtocolException("handshake has no string '" + key + "'");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String line, String what) throws ProtocolException {
        Object v;
        try (JsonParser p = JSON.createParser(line)) {
            v = read(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new ProtocolException(what + " has text after its JSON object: " + abbreviate(line));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProtocolException(what + " is not JSON (" + e.getOriginalMessage() + "): " + abbreviate(line));
        } catch (IOException e) {
            throw new ProtocolException(what + " is not JSON (" + e.getMessage() + "): " + abbreviate(line));
        }
        if (!(v instanceof Map)) {
            throw new ProtocolException(what + " is not a JSON object: " + abbreviate(line));
        }
        return (Map<String, Object>) v;
    }

    /** A JSON value as Java: maps, lists, strings, numbers (as double or long), booleans, null. */
    private static Object read(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("end of input");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(p, next));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getDoubleValue() : p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
