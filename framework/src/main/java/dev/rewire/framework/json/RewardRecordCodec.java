package dev.rewire.framework.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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

    /*
     * The written names, encoded once: a name given as a String is escaped and encoded afresh on
     * every record, one given pre-encoded is a copy of its bytes (the same bytes: plain ASCII).
     */
    private static final SerializableString N_ID = new SerializedString(ID);
    private static final SerializableString N_PROMPT_ID = new SerializedString(PROMPT_ID);
    private static final SerializableString N_BATCH = new SerializedString(BATCH);
    private static final SerializableString N_REWARD = new SerializedString(REWARD);
    private static final SerializableString N_ADVANTAGE = new SerializedString(ADVANTAGE);
    private static final SerializableString N_GROUP = new SerializedString(GROUP);
    private static final SerializableString N_TERMS = new SerializedString(TERMS);
    private static final SerializableString N_RULES = new SerializedString(RULES);
    private static final SerializableString N_VERDICT = new SerializedString(VERDICT);
    private static final SerializableString N_OBSERVED = new SerializedString(OBSERVED);
    private static final SerializableString N_PROVENANCE = new SerializedString(PROVENANCE);
    private static final SerializableString N_GROUP_SIZE = new SerializedString(GROUP_SIZE);
    private static final SerializableString N_GROUP_COMPLETE = new SerializedString(GROUP_COMPLETE);
    private static final SerializableString N_GROUP_EXPECTED = new SerializedString(GROUP_EXPECTED);
    private static final SerializableString N_TERM_VALUE = new SerializedString(TERM_VALUE);
    private static final SerializableString N_TERM_WEIGHT = new SerializedString(TERM_WEIGHT);
    private static final SerializableString N_TERM_ABSTAINED = new SerializedString(TERM_ABSTAINED);
    private static final SerializableString N_TERM_EXPLANATION = new SerializedString(TERM_EXPLANATION);
    private static final SerializableString N_DOMAIN = new SerializedString(DOMAIN);
    private static final SerializableString N_SOURCE = new SerializedString(SOURCE);
    private static final SerializableString N_LENGTH = new SerializedString(LENGTH);
    private static final SerializableString N_CONFIDENCE = new SerializedString(CONFIDENCE);
    private static final SerializableString N_CORRECT = new SerializedString(CORRECT);
    private static final SerializableString N_APPROVED = new SerializedString(APPROVED);

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
        g.writeFieldName(N_ID);
        g.writeString(r.id());
        g.writeFieldName(N_PROMPT_ID);
        g.writeString(r.promptId());
        g.writeFieldName(N_BATCH);
        g.writeNumber(r.batch());
        g.writeFieldName(N_REWARD);
        g.writeNumber(r.reward());
        g.writeFieldName(N_ADVANTAGE);
        g.writeNumber(r.advantage());
        if (r.group() != null) {
            g.writeFieldName(N_GROUP);
            g.writeStartObject();
            g.writeFieldName(N_GROUP_SIZE);
            g.writeNumber(r.group().size());
            g.writeFieldName(N_GROUP_COMPLETE);
            g.writeBoolean(r.group().complete());
            if (r.group().expected() != null) {
                g.writeFieldName(N_GROUP_EXPECTED);
                g.writeNumber(r.group().expected());
            }
            g.writeEndObject();
        }
        if (r.terms() != null) {
            g.writeFieldName(N_TERMS);
            g.writeStartObject();
            for (Map.Entry<String, TermOutcome> e : r.terms().entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        }
        if (r.rules() != null) {
            writeStrings(g, r.rules());
        }
        if (r.verdict() != null) {
            g.writeFieldName(N_VERDICT);
            g.writeString(r.verdict().name());
        }
        if (r.observed() != null) {
            g.writeFieldName(N_OBSERVED);
            write(g, r.observed());
        }
        if (r.provenance() != null) {
            g.writeFieldName(N_PROVENANCE);
            provenance.write(g, r.provenance());
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, TermOutcome t) throws IOException {
        g.writeStartObject();
        if (t.value() != null) {
            g.writeFieldName(N_TERM_VALUE);
            g.writeNumber(t.value());
        }
        g.writeFieldName(N_TERM_WEIGHT);
        g.writeNumber(t.weight());
        if (t.abstentionReason() != null) {
            g.writeFieldName(N_TERM_ABSTAINED);
            g.writeString(t.abstentionReason());
        }
        if (t.rules() != null) {
            writeStrings(g, t.rules());
        }
        if (!t.explanation().isEmpty()) {
            g.writeFieldName(N_TERM_EXPLANATION);
            g.writeStartObject();
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
            g.writeFieldName(N_DOMAIN);
            g.writeString(o.domain());
        }
        if (o.source() != null) {
            g.writeFieldName(N_SOURCE);
            g.writeString(o.source());
        }
        g.writeFieldName(N_LENGTH);
        g.writeNumber(o.length());
        if (o.confidence() != null) {
            g.writeFieldName(N_CONFIDENCE);
            g.writeNumber(o.confidence());
        }
        if (o.correct() != null) {
            g.writeFieldName(N_CORRECT);
            g.writeBoolean(o.correct());
        }
        if (o.approved() != null) {
            g.writeFieldName(N_APPROVED);
            g.writeBoolean(o.approved());
        }
        g.writeEndObject();
    }

    /** A rule trail: the record's own or a term's, both under {@link #RULES}. */
    private static void writeStrings(JsonGenerator g, List<String> values) throws IOException {
        g.writeFieldName(N_RULES);
        g.writeStartArray();
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
