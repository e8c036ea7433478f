package dev.rewire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two scored JSONL files record by record, in order: the id, reward and advantage (to
 * 1e-9, relative to values above 1), and every term's value (or abstention) and weight; where both
 * records carry them, also rules, each term's rules (the trail of its weight), batch, verdict,
 * observed and provenance. Prints the agreement
 * per field and the first differences with their ids.
 *
 * <p>Usage: {@code CompareScored EXPECTED ACTUAL [--strict] [--policy-hash-may-differ] [--show N]}. Exit status 0 when every
 * record agrees on id, reward, advantage and terms (with {@code --strict}, also on rules, batch,
 * verdict, observed, provenance, each term's rules and each abstention's reason), 1 otherwise, 2 on usage errors.
 */
public final class CompareScored {

    static final double TOLERANCE = 1e-9;

    private final Map<String, long[]> fields = new LinkedHashMap<>(); // name -> {compared, differing}
    private final List<String> shown = new ArrayList<>();
    private final int show;

    private CompareScored(int show) {
        this.show = show;
        for (String f : List.of("id", "reward", "advantage", "terms", "rules", "batch", "verdict", "observed",
                "provenance", "abstained", "term_rules")) {
            fields.put(f, new long[2]);
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> files = new ArrayList<>();
        boolean strict = false;
        boolean policyHashMayDiffer = false;
        int show = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--strict" -> strict = true;
                // two checkouts whose policy folders differ in a file scoring never reads (pairs.drl)
                case "--policy-hash-may-differ" -> policyHashMayDiffer = true;
                case "--show" -> show = Integer.parseInt(args[++i]);
                default -> files.add(args[i]);
            }
        }
        if (files.size() != 2) {
            System.err.println("usage: CompareScored EXPECTED ACTUAL [--strict] [--policy-hash-may-differ] [--show N]");
            System.exit(2);
        }
        CompareScored c = new CompareScored(show);
        ObjectMapper mapper = new ObjectMapper();
        long expectedOnly = 0;
        long actualOnly = 0;
        long records = 0;
        try (BufferedReader a = Files.newBufferedReader(Path.of(files.get(0)), StandardCharsets.UTF_8);
             BufferedReader b = Files.newBufferedReader(Path.of(files.get(1)), StandardCharsets.UTF_8)) {
            while (true) {
                String x = next(a);
                String y = next(b);
                if (x == null && y == null) {
                    break;
                }
                if (x == null || y == null) {
                    if (x == null) {
                        actualOnly++;
                    } else {
                        expectedOnly++;
                    }
                    continue;
                }
                records++;
                JsonNode ex = mapper.readTree(x);
                JsonNode ac = mapper.readTree(y);
                if (policyHashMayDiffer) {
                    for (JsonNode n : List.of(ex, ac)) {
                        if (n.path("provenance") instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                            o.remove("policy");
                        }
                    }
                }
                c.compare(ex, ac);
            }
        }
        System.out.printf(Locale.ROOT, "compared %d records of %s (expected) and %s (actual)%n", records,
                files.get(0), files.get(1));
        if (expectedOnly + actualOnly > 0) {
            System.out.printf(Locale.ROOT, "  record counts differ: %d only in expected, %d only in actual%n",
                    expectedOnly, actualOnly);
        }
        boolean failed = expectedOnly + actualOnly > 0;
        for (Map.Entry<String, long[]> e : c.fields.entrySet()) {
            long compared = e.getValue()[0];
            long differing = e.getValue()[1];
            boolean core = List.of("id", "reward", "advantage", "terms").contains(e.getKey());
            if (compared == 0) {
                System.out.printf(Locale.ROOT, "  %-10s not in both%n", e.getKey());
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-10s %d of %d agree (%.4f%%)%s%n", e.getKey(), compared - differing,
                    compared, 100.0 * (compared - differing) / compared, core ? "" : strict ? " [strict]" : " [info]");
            if (differing > 0 && (core || strict)) {
                failed = true;
            }
        }
        if (!c.shown.isEmpty()) {
            System.out.println("first differences:");
            c.shown.forEach(s -> System.out.println("  " + s));
        }
        System.out.println(failed ? "DIFFERENT" : "AGREE");
        System.exit(failed ? 1 : 0);
    }

    private static String next(BufferedReader r) throws java.io.IOException {
        String line;
        while ((line = r.readLine()) != null) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    private void compare(JsonNode x, JsonNode y) {
        String id = x.path("id").asText();
        count("id", id, x.path("id").asText(), y.path("id").asText(), x.path("id").asText().equals(y.path("id").asText()));
        count("reward", id, x.get("reward"), y.get("reward"), close(x.get("reward"), y.get("reward")));
        count("advantage", id, x.get("advantage"), y.get("advantage"), close(x.get("advantage"), y.get("advantage")));
        JsonNode tx = x.path("terms");
        JsonNode ty = y.path("terms");
        boolean termsAgree = true;
        String termDiff = null;
        TreeSet<String> names = new TreeSet<>();
        tx.fieldNames().forEachRemaining(names::add);
        ty.fieldNames().forEachRemaining(names::add);
        boolean reasonsAgree = true;
        boolean anyReason = false;
        boolean trailsAgree = true;
        boolean anyTrail = false;
        for (String t : names) {
            JsonNode a = tx.get(t);
            JsonNode b = ty.get(t);
            if (a == null || b == null) {
                termsAgree = false;
                termDiff = t + " routed in " + (a == null ? "actual only" : "expected only");
                break;
            }
            JsonNode va = a.get("value");
            JsonNode vb = b.get("value");
            boolean valueAgrees = va == null || va.isNull() ? vb == null || vb.isNull() : close(va, vb);
            if (!valueAgrees || !close(a.get("weight"), b.get("weight"))) {
                termsAgree = false;
                termDiff = t + ": " + a + " vs " + b;
                break;
            }
            if (a.has("rules") && b.has("rules")) {
                anyTrail = true;
                trailsAgree &= a.get("rules").equals(b.get("rules"));
            }
            if (a.has("abstained") && b.has("abstained")) {
                anyReason = true;
                reasonsAgree &= a.get("abstained").equals(b.get("abstained"));
            }
        }
        count("terms", id, termDiff, null, termsAgree);
        if (anyReason) {
            count("abstained", id, tx, ty, reasonsAgree);
        }
        if (anyTrail) {
            count("term_rules", id, tx, ty, trailsAgree);
        }
        both("rules", id, x, y);
        both("batch", id, x, y);
        both("observed", id, x, y);
        both("provenance", id, x, y);
        if (x.has("rules") && y.has("rules")) { // verdict is optional: absent means none
            count("verdict", id, x.get("verdict"), y.get("verdict"),
                    x.path("verdict").asText("").equals(y.path("verdict").asText("")));
        }
    }

    private void both(String field, String id, JsonNode x, JsonNode y) {
        if (x.has(field) && y.has(field)) {
            count(field, id, x.get(field), y.get(field), x.get(field).equals(y.get(field)));
        }
    }

    private static boolean close(JsonNode a, JsonNode b) {
        if (a == null || b == null || !a.isNumber() || !b.isNumber()) {
            return a != null && b != null && a.equals(b);
        }
        double p = a.doubleValue();
        double q = b.doubleValue();
        return p == q || Math.abs(p - q) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(p), Math.abs(q)));
    }

    private void count(String field, String id, Object expected, Object actual, boolean agrees) {
        long[] c = fields.get(field);
        c[0]++;
        if (!agrees) {
            c[1]++;
            if (shown.size() < show) {
                shown.add(field + " of " + id + ": expected " + expected + (actual == null ? "" : ", actual " + actual));
            }
        }
    }

}
