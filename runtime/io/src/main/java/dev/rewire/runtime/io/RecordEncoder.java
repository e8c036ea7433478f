package dev.rewire.runtime.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.rewire.framework.json.RewardRecordCodec;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reward records as JSON lines, each written by {@link RewardRecordCodec} on one streaming generator
 * for the whole batch. The provenance block, identical on most records of a batch (the pipeline shares one
 * {@link Provenance} instance per combination of routed terms), is encoded once per instance, to
 * UTF-8 bytes, and copied; every record still carries it. Not thread safe: one encoder per writing thread.
 */
public final class RecordEncoder {

    /** Pre-encoded: written as a copy of its UTF-8 bytes, where a String is encoded again on every record. */
    private final Map<Provenance, SerializableString> provenanceJson = new IdentityHashMap<>();
    private final RewardRecordCodec.ProvenanceWriter cachedProvenance =
            (g, p) -> g.writeRawValue(provenanceJson.computeIfAbsent(p, RecordEncoder::json));

    /**
     * Writes the records to {@code out} as UTF-8, one JSON object per line, each line ending in a
     * newline, through the generator's own buffer (no copy of the whole batch); {@code out} is left
     * open and unflushed.
     */
    public void encodeTo(List<RewardRecord> records, OutputStream out) {
        // the cache lives for one call: instances are shared within a batch, never across batches
        provenanceJson.clear();
        try (JsonGenerator g = RewireJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            g.setRootValueSeparator(null);
            for (RewardRecord r : records) {
                RewardRecordCodec.write(g, r, cachedProvenance);
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode reward records: " + e.getMessage(), e);
        }
    }

    /** Provenance holds configuration values of any JSON type, so the mapper writes it (once). */
    private static SerializableString json(Provenance p) {
        try {
            return new SerializedString(RewireJson.mapper().writeValueAsString(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode provenance: " + e.getMessage(), e);
        }
    }
}
