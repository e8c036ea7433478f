package dev.rewire.bench.singlepass;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The yardstick of issue 13: a hand-written, single-threaded program that computes for every sample
 * what {@code rewire score} computes with the default policy and the bundled terms, filters and
 * checks, in one pass over the input, and writes comparable records. It depends on nothing of
 * Rewire's (only jackson-core), so it does not get faster when Rewire does.
 *
 * <p>Per line: stream-parse the sample and derive what its text says once (length, final answer,
 * correctness, stated confidence). Per batch (256 samples, whole groups, cut as rewire cuts them):
 * filter verdicts, routes and weights (the policy as if/else, the previous batch's check outcomes
 * included), term values, reward = the weighted sum of non-abstaining terms, advantage = (r - mean) /
 * (population std + 1e-6) within the prompt's group, records written with a streaming generator and
 * flushed once per batch, then the checks the policy reads.
 *
 * <p>Usage: {@code SinglePassBaseline IN OUT [POLICY_DIR]}; POLICY_DIR (default: none) is hashed
 * into provenance as rewire hashes its policy folder. Prints {@code N records in S s: R records/s}
 * to stderr.
 */
public final class SinglePassBaseline {

    static final int BATCH_SIZE = 256;
    static final double EPSILON = 1e-6;

    private final JsonGenerator out;
    private final Checks checks = new Checks();
    private final String policyHash;
    private long batchIndex;
    private long written;
    private String blockedBy;

    private SinglePassBaseline(JsonGenerator out, String policyHash) {
        this.out = out;
        this.policyHash = policyHash;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SinglePassBaseline IN OUT [POLICY_DIR]");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        String policy = args.length > 2 ? policyHash(Path.of(args[2])) : "default.drl";
        JsonFactory json = new JsonFactory();
        long read = 0;
        long rejected = 0;
        SinglePassBaseline run;
        try (InputStream in = Files.newInputStream(Path.of(args[0]));
             OutputStream file = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 16);
             JsonGenerator gen = json.createGenerator(file, JsonEncoding.UTF8)) {
            gen.setRootValueSeparator(null);
            run = new SinglePassBaseline(gen, policy);
            SampleReader reader = new SampleReader(in, json);
            Batcher batcher = new Batcher(BATCH_SIZE);
            while (run.blockedBy == null && reader.nextLine()) {
                read++;
                Sample s;
                try {
                    s = reader.decode();
                } catch (SampleReader.Invalid e) {
                    if (rejected++ < 5) {
                        System.err.println("line " + reader.lineNumber() + ": rejected: " + e.getMessage());
                    }
                    continue;
                }
                List<List<Sample>> full = batcher.add(s);
                if (full != null) {
                    run.process(full);
                }
            }
            List<List<Sample>> rest = run.blockedBy == null ? batcher.flush() : null;
            if (rest != null) {
                run.process(rest);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (rejected > 0) {
            System.err.println(rejected + " of " + read + " lines rejected");
        }
        if (run.blockedBy != null) {
            System.err.println("stopped: " + run.blockedBy);
        }
        System.err.printf(Locale.ROOT, "%d records in %.2f s: %.0f records/s%n", run.written, seconds,
                run.written / seconds);
        if (ManagementHolder.ALLOCATED != null) {
            System.err.printf(Locale.ROOT, "allocated by the main thread: %d bytes (%.0f per record)%n",
                    ManagementHolder.ALLOCATED.getAsLong(), (double) ManagementHolder.ALLOCATED.getAsLong() / run.written);
        }
    }

    /** One batch: judge, decide, evaluate, score, write, check. */
    private void process(List<List<Sample>> groups) throws IOException {
        long index = batchIndex++;
        List<Sample> samples = new ArrayList<>(BATCH_SIZE);
        for (List<Sample> g : groups) {
            samples.addAll(g);
        }
        Filters.judge(samples);
        if (checks.blocks()) {
            blockedBy = "batch " + index + " blocked by rule \"" + Policy.BLOCK_RULE + "\": " + checks.blockReason(index - 1);
            return;
        }
        for (Sample s : samples) {
            Policy.route(s, checks.calibrationFailed, checks.sophistryFailed);
            Terms.evaluateSample(s);
        }
        List<Sample> routed = new ArrayList<>();
        for (List<Sample> g : groups) {
            groupTerm(g, Terms.MAJORITY_VOTE, routed);
            groupTerm(g, Terms.VERBOSITY, routed);
        }
        for (Sample s : samples) {
            double sum = 0;
            for (int t = 0; t < Terms.COUNT; t++) {
                if ((s.routed & (1 << t)) != 0 && !Double.isNaN(s.value[t])) {
                    sum += s.value[t] * s.weight[t];
                }
            }
            s.reward = sum;
        }
        for (List<Sample> g : groups) {
            advantages(g);
        }
        for (Sample s : samples) {
            write(s, index);
        }
        out.flush();
        written += samples.size();
        checks.check(samples);
    }

    private static void groupTerm(List<Sample> group, int term, List<Sample> routed) {
        routed.clear();
        for (Sample s : group) {
            if ((s.routed & (1 << term)) != 0) {
                routed.add(s);
            }
        }
        if (routed.isEmpty()) {
            return;
        }
        if (term == Terms.MAJORITY_VOTE) {
            Terms.majorityVote(routed);
        } else {
            Terms.verbosity(routed);
        }
    }

    /** mean_std normalization within the group: (r - mean) / (population std + epsilon). */
    private static void advantages(List<Sample> group) {
        int n = group.size();
        double sum = 0;
        for (Sample s : group) {
            sum += s.reward;
        }
        double mean = sum / n;
        double squares = 0;
        for (Sample s : group) {
            double d = s.reward - mean;
            squares += d * d;
        }
        double std = Math.sqrt(squares / n);
        for (Sample s : group) {
            s.advantage = (s.reward - mean) / (std + EPSILON);
        }
    }

    private void write(Sample s, long index) throws IOException {
        JsonGenerator g = out;
        g.writeStartObject();
        g.writeStringField("id", s.id);
        g.writeStringField("prompt_id", s.promptId);
        g.writeNumberField("batch", index);
        g.writeNumberField("reward", s.reward);
        g.writeNumberField("advantage", s.advantage);
        g.writeObjectFieldStart("terms");
        int bundles = 1 << 2 | s.filterBundles; // the scorer, and the filters that gave evidence
        for (int t = 0; t < Terms.COUNT; t++) {
            if ((s.routed & (1 << t)) == 0) {
                continue;
            }
            bundles |= 1 << Terms.BUNDLE_OF[t];
            g.writeObjectFieldStart(Terms.IDS[t]);
            if (s.abstained[t] != null) {
                g.writeNumberField("weight", s.weight[t]);
                g.writeStringField("abstained", s.abstained[t]);
            } else {
                g.writeNumberField("value", s.value[t]);
                g.writeNumberField("weight", s.weight[t]);
            }
            // the weight's trail, as Rewire's WeightStep text: "RULE =w" created it, "RULE xf" scaled it
            g.writeArrayFieldStart("rules");
            g.writeString(s.createdBy[t] + " =" + s.createdWeight[t]);
            for (int r = 0, scaled = s.scaledBy[t]; scaled != 0; r++, scaled >>>= 1) {
                if ((scaled & 1) != 0) {
                    g.writeString(Policy.SCALE_RULES[r] + " x" + Policy.SCALE_FACTORS[r]);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("rules");
        for (int t = 0; t < Terms.COUNT; t++) {
            if ((s.routed & (1 << t)) == 0) {
                continue;
            }
            g.writeString(s.createdBy[t]);
            int scaled = s.scaledBy[t];
            for (int r = 0; scaled != 0; r++, scaled >>>= 1) {
                if ((scaled & 1) != 0) {
                    g.writeString(Policy.SCALE_RULES[r]);
                }
            }
        }
        g.writeEndArray();
        if (s.verdict != null) {
            g.writeStringField("verdict", s.verdict.name());
        }
        g.writeObjectFieldStart("observed");
        g.writeStringField("domain", s.domain);
        g.writeStringField("source", s.source);
        g.writeNumberField("length", s.length);
        double q = s.observedConfidence();
        if (!Double.isNaN(q)) {
            g.writeNumberField("confidence", q);
        }
        if (s.correct >= 0) {
            g.writeBooleanField("correct", s.correct == 1);
        }
        if (s.approved >= 0) {
            g.writeBooleanField("approved", s.approved == 1);
        }
        g.writeEndObject();
        g.writeObjectFieldStart("provenance");
        g.writeObjectFieldStart("bundles");
        for (int b = 0; b < Terms.BUNDLES.length; b++) {
            if ((bundles & (1 << b)) != 0) {
                g.writeStringField(Terms.BUNDLES[b], Terms.VERSION);
            }
        }
        g.writeEndObject();
        g.writeStringField("policy", policyHash);
        g.writeObjectFieldStart("config");
        g.writeObjectFieldStart("length_penalty"); // routed to every sample
        g.writeNumberField("buffer", Terms.BUFFER);
        g.writeNumberField("factor", Terms.FACTOR);
        g.writeNumberField("max_tokens", Terms.MAX_TOKENS);
        g.writeEndObject();
        if ((s.routed & (1 << Terms.MAJORITY_VOTE)) != 0) {
            g.writeObjectFieldStart("majority_vote");
            // the default since issue 19; the generated example has no group of one, so the rule never fires here
            g.writeNumberField("min_group", 2);
            g.writeNumberField("min_ratio", Terms.MIN_RATIO);
            g.writeEndObject();
        }
        if ((s.routed & (1 << Terms.RLCR_BRIER)) != 0) {
            g.writeObjectFieldStart("rlcr_brier");
            g.writeStringField("variant", "paper");
            g.writeEndObject();
        }
        if ((s.routed & (1 << Terms.RM_SCORE)) != 0) {
            g.writeObjectFieldStart("rm_score");
            g.writeNumberField("epsilon", Terms.RM_EPSILON);
            g.writeBooleanField("standardize", false);
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** As rewire hashes its policy folder: per .drl file by name, its name, a zero byte, its bytes. */
    private static String policyHash(Path dir) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".drl") && Files.isRegularFile(p)).sorted()
                    .toList();
        }
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The main thread's allocated bytes, where the JVM reports them (HotSpot does). */
    private static final class ManagementHolder {
        static final java.util.function.LongSupplier ALLOCATED = allocated();

        private static java.util.function.LongSupplier allocated() {
            if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported()) {
                long id = Thread.currentThread().getId();
                return () -> t.getThreadAllocatedBytes(id);
            }
            return null;
        }
    }
}
