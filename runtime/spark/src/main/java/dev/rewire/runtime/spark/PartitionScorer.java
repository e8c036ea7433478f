package dev.rewire.runtime.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.engine.PipelineState;
import dev.rewire.runtime.io.DecodedLine;
import dev.rewire.runtime.io.RecordEncoder;
import dev.rewire.runtime.io.RejectSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores one partition's batches in order on a borrowed host, from a given state, as
 * {@code rewire score} scores consecutive batches: each batch's policy sees the checks of the batch
 * before it. Re-scoring a partition from a corrected state stops as soon as its state after a batch
 * equals the earlier scoring's after that batch: from there on the two cannot differ. One partition
 * per instance, on the task's thread.
 */
final class PartitionScorer implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private static final int LOGGED_LINES = 20;

    private final HostShipment shipment;
    private final JobSettings settings;
    private final int groupSize;
    /** What the input's records are called: "line" or "row". */
    private final String unit;

    PartitionScorer(HostShipment shipment, JobSettings settings, int groupSize, String unit) {
        this.shipment = shipment;
        this.settings = settings;
        this.groupSize = groupSize;
        this.unit = unit;
    }

    /**
     * @param seed      the state the first batch starts from; null for a run's start
     * @param rejoin    the earlier scoring's states after each batch, to stop at the first equal one; null to score all
     * @param samples   the partition's samples in batch, group and member order
     */
    List<JobOutput> score(int partition, PipelineState seed, Map<Long, String> rejoin, Iterator<PlannedSample> samples) {
        ExecutorHosts.Host host = ExecutorHosts.borrow(shipment, settings);
        int logged = host.log().size();
        boolean reusable = true;
        try {
            PipelineState start = seed == null ? host.initial() : seed;
            BatchPipeline pipeline = host.pipeline();
            pipeline.restore(start);
            if (!fingerprint(pipeline.state()).equals(fingerprint(start))) {
                // a check did not take its state back: this host cannot start another partition cleanly
                reusable = false;
                ExecutorHosts.retire(host);
                host = ExecutorHosts.borrow(shipment, settings);
                logged = host.log().size();
                reusable = true;
                pipeline = host.pipeline();
                pipeline.restore(start);
                if (!fingerprint(pipeline.state()).equals(fingerprint(start))) {
                    reusable = false;
                    throw new IllegalStateException("partition " + partition + ": a check does not restore the state it "
                            + "saves (BatchCheck.state/restore), so the partition cannot start where the one before ended");
                }
            }
            return run(partition, pipeline, fingerprint(start), rejoin, samples, host, logged);
        } finally {
            if (reusable) {
                ExecutorHosts.giveBack(host);
            }
        }
    }

    private List<JobOutput> run(int partition, BatchPipeline pipeline, String seed, Map<Long, String> rejoin,
                                Iterator<PlannedSample> samples, ExecutorHosts.Host host, int logged) {
        List<JobOutput> out = new ArrayList<>();
        Map<Long, String> after = new LinkedHashMap<>();
        RecordEncoder encoder = new RecordEncoder();
        BatchReader batches = new BatchReader(samples);
        long mergedAt = -1;
        long blockedBatch = -1;
        String blockedBy = null;
        long records = 0;
        long rejected = 0;
        String device = null;
        while (batches.hasNext()) {
            BatchReader.Read read = batches.next();
            BatchResult result = pipeline.process(read.batch());
            if (result.device() != null) {
                device = result.device();
            }
            if (result.blockedBy() != null) {
                blockedBatch = read.batch().index();
                out.add(checks(blockedBatch, List.of()));
                blockedBy = "batch " + blockedBatch + " blocked by rule \"" + result.blockedBy().getRule() + "\": "
                        + result.blockedBy().getReason();
                break;
            }
            for (BatchResult.Poisoned p : result.poisoned()) {
                PlannedSample at = read.byId().get(p.sample().id());
                out.add(new JobOutput(JobOutput.Kind.REJECT, read.batch().index(),
                        RejectSink.entry(new DecodedLine<>(at.line(), at.text(), null, p.sample().id(), p.reason()), unit)));
                rejected++;
            }
            for (String line : lines(encoder, result)) {
                out.add(new JobOutput(JobOutput.Kind.RECORD, read.batch().index(), line));
            }
            records += result.records().size();
            out.add(checks(read.batch().index(), result.checks()));
            String state = fingerprint(pipeline.state());
            after.put(read.batch().index(), state);
            if (rejoin != null && state.equals(rejoin.get(read.batch().index()))) {
                mergedAt = read.batch().index();
                break;
            }
        }
        List<String> log = host.log();
        List<String> fresh = log.subList(Math.min(logged, log.size()), Math.min(log.size(), logged + LOGGED_LINES));
        PartitionSummary summary = new PartitionSummary(partition, seed, after, pipeline.state().toJson().toString(),
                mergedAt, blockedBatch, blockedBy, records, rejected, device, List.copyOf(fresh));
        out.add(new JobOutput(JobOutput.Kind.SUMMARY, -1, summary.toJson()));
        return out;
    }

    private static JobOutput checks(long batch, List<dev.rewire.framework.spi.CheckResult> results) {
        try {
            return new JobOutput(JobOutput.Kind.CHECKS, batch,
                    dev.rewire.framework.json.RewireJson.mapper().writeValueAsString(results));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("batch " + batch + ": its check results could not be written as JSON", e);
        }
    }

    private static List<String> lines(RecordEncoder encoder, BatchResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(result.records().size() * 1024);
        encoder.encodeTo(result.records(), bytes);
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(result.records().size());
        int from = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
            lines.add(text.substring(from, nl));
            from = nl + 1;
        }
        return lines;
    }

    /**
     * What the next batch depends on, as the SHA-256 of its JSON: the last checks' outcomes and the
     * checks' states.
     * The per-term statistics are left out: they feed the summary, never a record.
     */
    static String fingerprint(PipelineState state) {
        ObjectNode json = canonical(state.toJson());
        json.remove("terms");
        // a digest: the driver keeps one per batch of the run
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(json.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JSON with every object's fields in name order: a state's maps iterate in an order each JVM
     * salts afresh ({@code Map.copyOf}), and a fingerprint made on one executor is compared with one
     * made on another, or on the driver.
     */
    static ObjectNode canonical(ObjectNode json) {
        ObjectNode sorted = json.objectNode();
        java.util.TreeMap<String, com.fasterxml.jackson.databind.JsonNode> fields = new java.util.TreeMap<>();
        json.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        fields.forEach((name, value) -> sorted.set(name, canonicalValue(value)));
        return sorted;
    }

    private static com.fasterxml.jackson.databind.JsonNode canonicalValue(com.fasterxml.jackson.databind.JsonNode value) {
        if (value instanceof ObjectNode object) {
            return canonical(object);
        }
        if (value.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode array = (com.fasterxml.jackson.databind.node.ArrayNode) value;
            com.fasterxml.jackson.databind.node.ArrayNode out = array.arrayNode();
            array.forEach(v -> out.add(canonicalValue(v)));
            return out;
        }
        return value;
    }

    /** Cuts the partition's ordered samples into its batches and groups. */
    private final class BatchReader {
        // lives within one score call, on the task thread; never shipped
        private final Iterator<PlannedSample> samples;
        private PlannedSample pending;

        record Read(Batch batch, Map<String, PlannedSample> byId) {
        }

        BatchReader(Iterator<PlannedSample> samples) {
            this.samples = samples;
            this.pending = samples.hasNext() ? samples.next() : null;
        }

        boolean hasNext() {
            return pending != null;
        }

        Read next() {
            long index = pending.batch();
            List<Group> groups = new ArrayList<>();
            Map<String, PlannedSample> byId = new HashMap<>();
            while (pending != null && pending.batch() == index) {
                long ordinal = pending.ordinal();
                String prompt = pending.promptId();
                boolean whole = pending.whole();
                List<Sample> members = new ArrayList<>();
                while (pending != null && pending.batch() == index && pending.ordinal() == ordinal) {
                    Sample s = decode(pending, unit);
                    members.add(s);
                    byId.put(s.id(), pending);
                    pending = samples.hasNext() ? samples.next() : null;
                }
                boolean complete = groupSize > 0 ? members.size() >= groupSize : whole;
                groups.add(new Group(prompt, members, groupSize > 0 ? groupSize : null, complete));
            }
            return new Read(new Batch(index, groups), byId);
        }
    }

    /** The sample as {@code rewire score} decodes its line (it was valid when the job planned it). */
    static Sample decode(PlannedSample p, String unit) {
        try {
            Sample s = SampleCodec.decode(p.text(), unit + "-" + p.line());
            s.parsed();
            return s;
        } catch (InvalidRecordException e) {
            throw new IllegalStateException(unit + " " + p.line() + " decoded when planned but not when scored: "
                    + e.getMessage(), e);
        }
    }
}
