package dev.rewire.framework.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec of a {@link RewardRecord}, a line of {@code rewire score} output: its JSON field
 * names live here and nowhere else. Writing is field by field on Jackson's streaming generator (the
 * score writer's hot path, and {@link RewireJson#mapper()} for every other record it writes, serve's
 * answers included); reading is from a JSON tree (check, explain, diff). Stateless and thread safe.
 */
public final class RewardRecordCodec {

    public static final String ID = "id";
    public static final String PROMPT_ID = "prompt_id";
    public static final String BATCH = "batch";
    public static final String REWARD = "reward";
    public static final String ADVANTAGE = "advantage";
    public static final String GROUP = "group";
    public static final String TERMS = "terms";
    public static final String RULES = "rules";
    public static final String VERDICT = "verdict";
    public static final String OBSERVED = "observed";
    public static final String PROVENANCE = "provenance";

    private static final String GROUP_SIZE = "size";
    private static final String GROUP_COMPLETE = "complete";
    private static final String GROUP_EXPECTED = "expected";
    public static final String TERM_VALUE = "value";
    public static final String TERM_WEIGHT = "weight";
    public static final String TERM_ABSTAINED = "abstained";
    private static final String TERM_EXPLANATION = "explanation";
    public static final String DOMAIN = "domain";
    public static final String SOURCE = "source";
    public static final String LENGTH = "length";
    public static final String CONFIDENCE = "confidence";
    public static final String CORRECT = "correct";
    public static final String APPROVED = "approved";

    /** Writes a record's provenance block (a writer of many records may encode each instance once). */
    @FunctionalInterface
    public interface ProvenanceWriter {
        void write(JsonGenerator g, Provenance provenance) throws IOException;
    }

    private RewardRecordCodec() {
    }

    /** Writes one record as a JSON object: nulls left out, terms in their map's order. */
    public static void write(JsonGenerator g, RewardRecord r, ProvenanceWriter provenance) throws IOException {
        g.writeStartObject();
        g.writeStringField(ID, r.id());
        g.writeStringField(PROMPT_ID, r.promptId());
        g.writeNumberField(BATCH, r.batch());
        g.writeNumberField(REWARD, r.reward());
        g.writeNumberField(ADVANTAGE, r.advantage());
        if (r.group() != null) {
            g.writeObjectFieldStart(GROUP);
            g.writeNumberField(GROUP_SIZE, r.group().size());
            g.writeBooleanField(GROUP_COMPLETE, r.group().complete());
            if (r.group().expected() != null) {
                g.writeNumberField(GROUP_EXPECTED, r.group().expected());
            }
            g.writeEndObject();
        }
        if (r.terms() != null) {
            g.writeObjectFieldStart(TERMS);
            for (Map.Entry<String, TermOutcome> e : r.terms().entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        }
        if (r.rules() != null) {
            writeStrings(g, RULES, r.rules());
        }
        if (r.verdict() != null) {
            g.writeStringField(VERDICT, r.verdict().name());
        }
        if (r.observed() != null) {
            g.writeFieldName(OBSERVED);
            write(g, r.observed());
        }
        if (r.provenance() != null) {
            g.writeFieldName(PROVENANCE);
            provenance.write(g, r.provenance());
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, TermOutcome t) throws IOException {
        g.writeStartObject();
        if (t.value() != null) {
            g.writeNumberField(TERM_VALUE, t.value());
        }
        g.writeNumberField(TERM_WEIGHT, t.weight());
        if (t.abstentionReason() != null) {
            g.writeStringField(TERM_ABSTAINED, t.abstentionReason());
        }
        if (t.rules() != null) {
            writeStrings(g, RULES, t.rules());
        }
        if (!t.explanation().isEmpty()) {
            g.writeObjectFieldStart(TERM_EXPLANATION);
            for (Map.Entry<String, String> e : t.explanation().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Observation o) throws IOException {
        g.writeStartObject();
        if (o.domain() != null) {
            g.writeStringField(DOMAIN, o.domain());
        }
        if (o.source() != null) {
            g.writeStringField(SOURCE, o.source());
        }
        g.writeNumberField(LENGTH, o.length());
        if (o.confidence() != null) {
            g.writeNumberField(CONFIDENCE, o.confidence());
        }
        if (o.correct() != null) {
            g.writeBooleanField(CORRECT, o.correct());
        }
        if (o.approved() != null) {
            g.writeBooleanField(APPROVED, o.approved());
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /**
     * Reads a record back. The caller has checked that {@link #ID}, {@link #PROMPT_ID}, {@link #REWARD},
     * {@link #ADVANTAGE}, {@link #TERMS} and {@link #OBSERVED} are there; what records written before a
     * field existed lack is read as its default (batch 0, no group, no rules, domain "unknown").
     *
     * @throws IllegalArgumentException an unknown verdict or an unreadable provenance, named
     */
    public static RewardRecord read(JsonNode n) {
        Map<String, TermOutcome> terms = new LinkedHashMap<>();
        n.get(TERMS).fields().forEachRemaining(e -> terms.put(e.getKey(), term(e.getValue())));
        JsonNode o = n.get(OBSERVED);
        Observation observed = new Observation(o.path(DOMAIN).asText("unknown"), o.path(SOURCE).asText("unknown"),
                o.path(LENGTH).asInt(0), o.hasNonNull(CONFIDENCE) ? o.get(CONFIDENCE).asDouble() : null,
                o.hasNonNull(CORRECT) ? o.get(CORRECT).asBoolean() : null,
                o.hasNonNull(APPROVED) ? o.get(APPROVED).asBoolean() : null);
        List<String> rules = new ArrayList<>();
        n.path(RULES).forEach(r -> rules.add(r.asText()));
        JsonNode g = n.get(GROUP);
        GroupInfo group = g == null || !g.isObject() ? null : new GroupInfo(g.path(GROUP_SIZE).asInt(1),
                g.path(GROUP_COMPLETE).asBoolean(true), g.hasNonNull(GROUP_EXPECTED) ? g.get(GROUP_EXPECTED).asInt() : null);
        return new RewardRecord(n.get(ID).asText(), n.get(PROMPT_ID).asText(), n.path(BATCH).asLong(0),
                n.get(REWARD).asDouble(), n.get(ADVANTAGE).asDouble(), group, terms, rules, verdict(n), observed,
                provenance(n));
    }

    /** A term's outcome; one with no value abstained (for the reason it gives, else "abstained"). */
    private static TermOutcome term(JsonNode t) {
        String abstained = t.hasNonNull(TERM_VALUE) ? null : t.path(TERM_ABSTAINED).asText("abstained");
        List<String> rules = null;
        if (t.has(RULES)) {
            rules = new ArrayList<>();
            for (JsonNode step : t.get(RULES)) {
                rules.add(step.asText());
            }
        }
        Map<String, String> explanation = new LinkedHashMap<>();
        t.path(TERM_EXPLANATION).fields().forEachRemaining(x -> explanation.put(x.getKey(), x.getValue().asText()));
        return new TermOutcome(abstained == null ? t.get(TERM_VALUE).asDouble() : null, t.path(TERM_WEIGHT).asDouble(),
                abstained, rules, explanation);
    }

    private static Verdict verdict(JsonNode n) {
        if (!n.hasNonNull(VERDICT)) {
            return null;
        }
        try {
            return Verdict.valueOf(n.get(VERDICT).asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown verdict '" + n.get(VERDICT).asText() + "'");
        }
    }

    private static Provenance provenance(JsonNode n) {
        if (!n.hasNonNull(PROVENANCE)) {
            return null;
        }
        try {
            JsonNode p = n.get(PROVENANCE);
            // a Parquet column that a writer without a JSON column type made (Spark's) holds the object as text
            if (p.isTextual()) {
                p = RewireJson.mapper().readTree(p.asText());
            }
            return RewireJson.mapper().treeToValue(p, Provenance.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable provenance: " + e.getOriginalMessage());
        }
    }
}
