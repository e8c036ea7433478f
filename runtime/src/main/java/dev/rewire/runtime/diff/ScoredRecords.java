package dev.rewire.runtime.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A file of {@code rewire score} output read back as {@link RewardRecord}s, whole (a diff pairs
 * records across the two files by id). A line that is not a reward record is reported with its line
 * number and left out; a file where no line is one is an error.
 */
public final class ScoredRecords {

    private ScoredRecords() {
    }

    public static List<RewardRecord> read(Path file, Consumer<String> log) throws IOException {
        List<RewardRecord> records = new ArrayList<>();
        long skipped = 0;
        String firstProblem = null;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(decode(line));
                } catch (IllegalArgumentException e) {
                    skipped++;
                    String problem = file + " line " + number + ": " + e.getMessage();
                    firstProblem = firstProblem == null ? problem : firstProblem;
                    if (skipped <= 10) {
                        log.accept("skipped " + problem);
                    }
                }
            }
        }
        if (records.isEmpty() && firstProblem != null) {
            throw new IllegalArgumentException("no reward record in " + file + " (" + firstProblem + ")");
        }
        if (skipped > 10) {
            log.accept("skipped " + skipped + " lines of " + file + " in all");
        }
        return records;
    }

    /** One line of score output; IllegalArgumentException naming what is wrong. */
    static RewardRecord decode(String line) {
        JsonNode n;
        try {
            n = RewireJson.mapper().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
        for (String field : new String[] {"id", "prompt_id", "reward", "advantage"}) {
            if (!n.hasNonNull(field)) {
                throw new IllegalArgumentException("missing field '" + field + "' (is this rewire score output?)");
            }
        }
        Map<String, TermOutcome> terms = new TreeMap<>();
        n.path("terms").fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            terms.put(e.getKey(), new TermOutcome(t.hasNonNull("value") ? t.get("value").asDouble() : null,
                    t.path("weight").asDouble(0), t.hasNonNull("abstained") ? t.get("abstained").asText() : null));
        });
        List<String> rules = new ArrayList<>();
        n.path("rules").forEach(r -> rules.add(r.asText()));
        JsonNode o = n.path("observed");
        Observation observed = o.isMissingNode() ? null : new Observation(text(o, "domain"), text(o, "source"),
                o.path("length").asInt(0), o.hasNonNull("confidence") ? o.get("confidence").asDouble() : null,
                o.hasNonNull("correct") ? o.get("correct").asBoolean() : null,
                o.hasNonNull("approved") ? o.get("approved").asBoolean() : null);
        JsonNode p = n.path("provenance");
        Provenance provenance = null;
        if (!p.isMissingNode()) {
            Map<String, String> bundles = new LinkedHashMap<>();
            p.path("bundles").fields().forEachRemaining(e -> bundles.put(e.getKey(), e.getValue().asText()));
            provenance = new Provenance(bundles, text(p, "policy"), null);
        }
        Verdict verdict = null;
        if (n.hasNonNull("verdict")) {
            try {
                verdict = Verdict.valueOf(n.get("verdict").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown verdict '" + n.get("verdict").asText() + "'");
            }
        }
        return new RewardRecord(n.get("id").asText(), n.get("prompt_id").asText(), n.path("batch").asLong(0),
                n.get("reward").asDouble(), n.get("advantage").asDouble(), terms, rules, verdict, observed, provenance);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
