package dev.rewire.runtime.pairs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.SignalOutcome;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.model.WeightedPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How well the classification recovers planted signal types: per type, precision and recall
 * against a truth file of {@code {"signal": "pair#annotator", "type": "GENUINE"}} lines.
 *
 * @param perType  type -> {precision, recall, planted, classified}
 * @param compared signals found in both
 */
public record Recovery(Map<String, Map<String, Double>> perType, long compared) {

    public static Recovery of(Path truthFile, List<WeightedPair> pairs) throws IOException {
        Map<String, String> truth = new HashMap<>();
        for (String line : Files.readAllLines(truthFile)) {
            if (!line.isBlank()) {
                JsonNode n = RewireJson.mapper().readTree(line);
                truth.put(n.get("signal").asText(), n.get("type").asText());
            }
        }
        Map<String, long[]> counts = new LinkedHashMap<>(); // type -> {tp, planted, classified}
        for (Verdict v : Verdict.values()) {
            counts.put(v.name(), new long[3]);
        }
        long compared = 0;
        for (WeightedPair p : pairs) {
            for (SignalOutcome s : p.signals()) {
                String planted = truth.get(p.id() + Signals.SEPARATOR + s.annotator());
                if (planted == null || s.verdict() == null) {
                    continue;
                }
                compared++;
                counts.get(planted)[1]++;
                counts.get(s.verdict().name())[2]++;
                if (planted.equals(s.verdict().name())) {
                    counts.get(planted)[0]++;
                }
            }
        }
        Map<String, Map<String, Double>> perType = new LinkedHashMap<>();
        counts.forEach((type, c) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("precision", c[2] == 0 ? Double.NaN : (double) c[0] / c[2]);
            m.put("recall", c[1] == 0 ? Double.NaN : (double) c[0] / c[1]);
            m.put("planted", (double) c[1]);
            m.put("classified", (double) c[2]);
            perType.put(type, m);
        });
        return new Recovery(perType, compared);
    }

    public String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-13s %9s %9s %8s %10s%n", "planted type",
                "precision", "recall", "planted", "classified"));
        perType.forEach((type, m) -> sb.append(String.format(Locale.ROOT, "%-13s %9.3f %9.3f %8.0f %10.0f%n", type,
                m.get("precision"), m.get("recall"), m.get("planted"), m.get("classified"))));
        return sb.toString();
    }
}
