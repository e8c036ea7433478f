package dev.rewire.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4), strict enough that a test
 * reading {@code /metrics} through it fails on a malformed line: {@code # HELP} and {@code # TYPE}
 * comments, then samples {@code name{label="value",...} value [timestamp]}, label values with the
 * escapes {@code \\}, {@code \"} and {@code \n}, values as Go parses them ({@code NaN},
 * {@code +Inf}, {@code -Inf}, decimals and exponents).
 */
final class PrometheusText {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText out = new PrometheusText();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 4 && parts[1].equals("TYPE")) {
                    if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3].trim())) {
                        throw new IllegalArgumentException("line " + lineNo + ": unknown type: " + line);
                    }
                    out.types.put(parts[2], parts[3].trim());
                }
                continue;
            }
            out.samples.add(sample(line, lineNo));
        }
        return out;
    }

    private static Sample sample(String line, int lineNo) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new IllegalArgumentException("line " + lineNo + ": no metric name: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*") || line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("line " + lineNo + ": bad label at " + i + ": " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        if (rest.length < 1 || rest.length > 2 || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("line " + lineNo + ": expected ' value [timestamp]': " + line);
        }
        return new Sample(name, labels, value(rest[0], lineNo));
    }

    private static double value(String v, int lineNo) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + lineNo + ": not a number: " + v);
                }
            }
        };
    }

    /** Samples of this name whose labels include these ({@code "k", "v", ...}). */
    List<Sample> find(String name, String... labels) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < labels.length; k += 2) {
                match &= labels[k + 1].equals(s.labels().get(labels[k]));
            }
            if (match) {
                out.add(s);
            }
        }
        return out;
    }

    /** The one sample of this name and labels, when there is exactly one. */
    Optional<Double> value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        return found.size() == 1 ? Optional.of(found.get(0).value()) : Optional.empty();
    }
}
