package dev.rewire.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewire.framework.spi.TermResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * Golden values: a term's expected value per sample id, kept in a file next to the test, compared
 * with a tolerance. Two formats, told apart by the file name:
 * <ul>
 * <li>{@code .json}: one object, {@code {"s1": 1.0, "s2": null}};
 * <li>{@code .jsonl}: one record a line, {@code {"id": "s1", "value": 1.0}}.
 * </ul>
 * A null value means the term must abstain there (for any reason). The comparison fails once,
 * naming every mismatching id with its expected and actual value, every expected id the run lacks
 * and every sample of the run the file does not list.
 */
public final class Golden {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {
    }

    /** Compares the run with the golden file, each value within {@code tolerance} (absolute). */
    public static void assertMatches(Path golden, TermRun run, double tolerance) {
        Map<String, Double> expected = read(golden);
        List<String> mismatches = new ArrayList<>();
        expected.forEach((id, want) -> {
            TermResult got = run.byId().get(id);
            if (got == null) {
                mismatches.add(id + ": expected " + show(want) + ", but the run has no such sample");
            } else if (want == null ? !got.abstained()
                    : got.abstained() || !(Math.abs(got.value() - want) <= tolerance)) {
                mismatches.add(id + ": expected " + show(want) + ", actual "
                        + (got.abstained() ? "abstained (" + got.reason() + ")" : got.value()));
            }
        });
        run.byId().keySet().stream().filter(id -> !expected.containsKey(id))
                .forEach(id -> mismatches.add(id + ": not in " + golden.getFileName()));
        if (!mismatches.isEmpty()) {
            Assertions.fail("term " + run.termId() + " differs from " + golden + " (tolerance " + tolerance + ") on "
                    + mismatches.size() + " sample(s):\n  " + String.join("\n  ", mismatches));
        }
    }

    /** {@link #assertMatches(Path, TermRun, double)} on a class-path resource. */
    public static void assertMatches(Class<?> anchor, String resource, TermRun run, double tolerance) {
        assertMatches(SampleFiles.resource(anchor, resource), run, tolerance);
    }

    /**
     * The run's values in the {@code .json} format (abstentions as null), to write a first golden
     * file from a run checked by hand.
     */
    public static String toJson(TermRun run) {
        Map<String, Double> values = new LinkedHashMap<>();
        run.byId().forEach((id, r) -> values.put(id, r.abstained() ? null : r.value()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected values by id (null: abstains), in file order. */
    static Map<String, Double> read(Path golden) {
        Map<String, Double> expected = new LinkedHashMap<>();
        try {
            if (golden.getFileName().toString().endsWith(".jsonl")) {
                List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) {
                        readRecord(golden, i + 1, JSON.readTree(lines.get(i)), expected);
                    }
                }
            } else {
                JsonNode root = JSON.readTree(golden.toFile());
                if (root == null || !root.isObject()) {
                    throw new AssertionError(golden + ": expected one JSON object of id -> value");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    expected.put(e.getKey(), value(golden, e.getKey(), e.getValue()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + golden + ": " + e.getMessage(), e);
        }
        return expected;
    }

    private static void readRecord(Path golden, int line, JsonNode record, Map<String, Double> expected) {
        JsonNode id = record.get("id");
        if (id == null || !id.isTextual() || !record.has("value")) {
            throw new AssertionError(golden + ":" + line + ": expected {\"id\": \"...\", \"value\": number or null}");
        }
        if (expected.put(id.asText(), value(golden, id.asText(), record.get("value"))) != null) {
            throw new AssertionError(golden + ":" + line + ": id " + id.asText() + " is listed twice");
        }
    }

    private static Double value(Path golden, String id, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new AssertionError(golden + ": the value of " + id + " is " + value + ", not a number or null");
        }
        return value.doubleValue();
    }

    private static String show(Double value) {
        return value == null ? "an abstention" : String.valueOf(value);
    }
}
