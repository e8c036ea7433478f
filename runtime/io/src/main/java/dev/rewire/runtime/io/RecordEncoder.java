package dev.rewire.runtime.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reward records as JSON lines, written field by field with Jackson's streaming generator: the same
 * text {@link RewireJson#mapper()} writes for a {@link RewardRecord} (pinned by a test), without its
 * reflection. The provenance block, identical on most records of a batch (the pipeline shares one
 * {@link Provenance} instance per combination of routed terms), is encoded once per instance and
 * copied; every record still carries it. Not thread safe: one encoder per writing thread.
 */
public final class RecordEncoder {

    private final Map<Provenance, String> provenanceJson = new IdentityHashMap<>();

    /** The records as UTF-8, one JSON object per line, each line ending in a newline. */
    public byte[] encode(List<RewardRecord> records) {
        // the cache lives for one call: instances are shared within a batch, never across batches
        provenanceJson.clear();
        ByteArrayBuilder bytes = new ByteArrayBuilder(records.size() * 1024);
        try (JsonGenerator g = RewireJson.mapper().getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (RewardRecord r : records) {
                write(g, r);
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode reward records: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private void write(JsonGenerator g, RewardRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("prompt_id", r.promptId());
        g.writeNumberField("batch", r.batch());
        g.writeNumberField("reward", r.reward());
        g.writeNumberField("advantage", r.advantage());
        if (r.group() != null) {
            g.writeObjectFieldStart("group");
            g.writeNumberField("size", r.group().size());
            g.writeBooleanField("complete", r.group().complete());
            if (r.group().expected() != null) {
                g.writeNumberField("expected", r.group().expected());
            }
            g.writeEndObject();
        }
        if (r.terms() != null) {
            g.writeObjectFieldStart("terms");
            for (Map.Entry<String, TermOutcome> e : r.terms().entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        }
        if (r.rules() != null) {
            g.writeArrayFieldStart("rules");
            for (String rule : r.rules()) {
                g.writeString(rule);
            }
            g.writeEndArray();
        }
        if (r.verdict() != null) {
            g.writeStringField("verdict", r.verdict().name());
        }
        if (r.observed() != null) {
            g.writeFieldName("observed");
            write(g, r.observed());
        }
        if (r.provenance() != null) {
            g.writeFieldName("provenance");
            g.writeRawValue(provenanceJson.computeIfAbsent(r.provenance(), RecordEncoder::json));
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, TermOutcome t) throws IOException {
        g.writeStartObject();
        if (t.value() != null) {
            g.writeNumberField("value", t.value());
        }
        g.writeNumberField("weight", t.weight());
        if (t.abstentionReason() != null) {
            g.writeStringField("abstained", t.abstentionReason());
        }
        if (t.rules() != null) {
            g.writeArrayFieldStart("rules");
            for (String step : t.rules()) {
                g.writeString(step);
            }
            g.writeEndArray();
        }
        if (!t.explanation().isEmpty()) {
            g.writeObjectFieldStart("explanation");
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
            g.writeStringField("domain", o.domain());
        }
        if (o.source() != null) {
            g.writeStringField("source", o.source());
        }
        g.writeNumberField("length", o.length());
        if (o.confidence() != null) {
            g.writeNumberField("confidence", o.confidence());
        }
        if (o.correct() != null) {
            g.writeBooleanField("correct", o.correct());
        }
        if (o.approved() != null) {
            g.writeBooleanField("approved", o.approved());
        }
        g.writeEndObject();
    }

    /** Provenance holds configuration values of any JSON type, so the mapper writes it (once). */
    private static String json(Provenance p) {
        try {
            return RewireJson.mapper().writeValueAsString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode provenance: " + e.getMessage(), e);
        }
    }
}
