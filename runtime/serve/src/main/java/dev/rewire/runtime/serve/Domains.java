package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which domain a served sample is scored in (the policy routes on it), in this order:
 * <ol>
 *   <li>the sample's own {@code domain};</li>
 *   <li>{@code --domain-map SOURCE=DOMAIN} for its {@code data_source} (veRL's {@code openai/gsm8k=math});</li>
 *   <li>{@code --domain D}, the server's default;</li>
 *   <li>its {@code data_source} as it is;</li>
 *   <li>{@code unknown}.</li>
 * </ol>
 * So {@code --domain math} holds for veRL samples too, whose {@code data_source} would otherwise
 * name a domain no rule knows. Immutable and thread safe.
 *
 * @param fallback the {@code --domain} default, or null when none was given
 * @param bySource {@code data_source} to domain
 */
public record Domains(String fallback, Map<String, String> bySource) {

    /** The order above, as {@code /ready} shows it. */
    static final String PRECEDENCE = "domain field > --domain-map[data_source] > --domain > data_source > unknown";

    public Domains {
        bySource = Map.copyOf(bySource);
    }

    /** No default and no map: a sample's domain is its own, else its data_source, else unknown. */
    public static Domains none() {
        return new Domains(null, Map.of());
    }

    /** Parses {@code SOURCE=DOMAIN} entries (each may hold several, comma separated). */
    public static Domains of(String fallback, Iterable<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            for (String part : entry.split(",")) {
                int eq = part.lastIndexOf('=');
                if (eq <= 0 || eq == part.length() - 1) {
                    throw new IllegalArgumentException("--domain-map takes SOURCE=DOMAIN (e.g. openai/gsm8k=math), got '"
                            + part + "'");
                }
                map.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return new Domains(fallback, map);
    }

    /** Sets {@code domain} on a sample object that names none, as the order above says. */
    void apply(ObjectNode sample) {
        if (sample.hasNonNull("domain")) {
            return;
        }
        JsonNode source = sample.get("data_source");
        String mapped = source != null && source.isTextual() ? bySource.get(source.textValue()) : null;
        if (mapped != null) {
            sample.put("domain", mapped);
        } else if (fallback != null) {
            sample.put("domain", fallback);
        }
    }

    /** For {@code /ready}. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("default", fallback);
        out.put("map", bySource);
        out.put("precedence", PRECEDENCE);
        return out;
    }
}
