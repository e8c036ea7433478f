package dev.rewire.runtime.engine.pairs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.SignalOutcome;
import dev.rewire.framework.record.WeightedPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well the classification recovers planted signal types: per type, precision and recall
 * against a truth file of {@code {"pair": "...", "annotator": "...", "type": "GENUINE"}} lines
 * (optionally with a {@code "design"} name, for files that mix designs: then also per design).
 * UNDETERMINED is never planted; it counts against recall and is listed with how often it was
 * given.
 *
 * @param perType  type -> {precision, recall, planted, classified}
 * @param compared signals found in both
 * @param byDesign design -> its own per-type table (empty when the truth names no designs)
 */
public record Recovery(Map<String, Map<String, Double>> perType, long compared,
                       Map<String, Map<String, Map<String, Double>>> byDesign) {

    /** One planted signal. */
    private record Planted(Verdict type, String design) {
    }

    public static Recovery of(Path truthFile, List<WeightedPair> pairs) throws IOException {
        Map<List<String>, Planted> truth = new HashMap<>();
        List<String> lines = Files.readAllLines(truthFile);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                Map.Entry<List<String>, Planted> e = parse(lines.get(i), truthFile, i + 1);
                truth.put(e.getKey(), e.getValue());
            }
        }
        Map<String, List<Verdict[]>> byDesign = new TreeMap<>(NaturalOrder.INSTANCE);
        List<Verdict[]> all = new ArrayList<>();
        for (WeightedPair p : pairs) {
            for (SignalOutcome s : p.signals()) {
                Planted planted = truth.get(List.of(p.id(), s.annotator()));
                if (planted == null || s.verdict() == null) {
                    continue;
                }
                Verdict[] comparison = {planted.type(), s.verdict()};
                all.add(comparison);
                if (planted.design() != null) {
                    byDesign.computeIfAbsent(planted.design(), d -> new ArrayList<>()).add(comparison);
                }
            }
        }
        Map<String, Map<String, Map<String, Double>>> designs = new LinkedHashMap<>();
        byDesign.forEach((d, comparisons) -> designs.put(d, table(comparisons)));
        return new Recovery(table(all), all.size(), designs);
    }

    private static Map.Entry<List<String>, Planted> parse(String line, Path file, int number) throws IOException {
        String where = file + " line " + number;
        JsonNode n;
        try {
            n = RewireJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": malformed JSON: " + e.getOriginalMessage());
        }
        for (String field : List.of("pair", "annotator", "type")) {
            if (n == null || !n.path(field).isTextual()) {
                throw new IllegalArgumentException(where + ": needs a string \"" + field + "\"");
            }
        }
        Verdict type;
        try {
            type = Verdict.valueOf(n.get("type").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": type must be GENUINE, CONSTRUCTED, NON_ATTITUDE or ARTIFACT, "
                    + "got \"" + n.get("type").asText() + "\"");
        }
        if (type == Verdict.UNDETERMINED) {
            throw new IllegalArgumentException(where + ": UNDETERMINED is an answer, not a type to plant");
        }
        String design = n.path("design").isTextual() ? n.get("design").asText() : null;
        return Map.entry(List.of(n.get("pair").asText(), n.get("annotator").asText()), new Planted(type, design));
    }

    private static Map<String, Map<String, Double>> table(List<Verdict[]> comparisons) {
        Map<Verdict, long[]> counts = new LinkedHashMap<>(); // type -> {tp, planted, classified}
        for (Verdict v : Verdict.values()) {
            counts.put(v, new long[3]);
        }
        for (Verdict[] c : comparisons) {
            counts.get(c[0])[1]++;
            counts.get(c[1])[2]++;
            counts.get(c[0])[0] += c[0] == c[1] ? 1 : 0;
        }
        Map<String, Map<String, Double>> perType = new LinkedHashMap<>();
        counts.forEach((type, c) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("precision", c[2] == 0 || type == Verdict.UNDETERMINED ? Double.NaN : (double) c[0] / c[2]);
            m.put("recall", c[1] == 0 ? Double.NaN : (double) c[0] / c[1]);
            m.put("planted", (double) c[1]);
            m.put("classified", (double) c[2]);
            perType.put(type.name(), m);
        });
        return perType;
    }

    public String table() {
        StringBuilder sb = new StringBuilder(format(perType));
        byDesign.forEach((design, t) -> sb.append("design ").append(design).append(":\n").append(format(t)));
        return sb.toString();
    }

    private static String format(Map<String, Map<String, Double>> perType) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-13s %9s %9s %8s %10s%n", "planted type",
                "precision", "recall", "planted", "classified"));
        perType.forEach((type, m) -> sb.append(String.format(Locale.ROOT, "%-13s %9s %9s %8.0f %10.0f%n", type,
                fmt(m.get("precision")), fmt(m.get("recall")), m.get("planted"), m.get("classified"))));
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
