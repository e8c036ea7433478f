package dev.rewire.runtime.serve;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.BatchResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The micro-batcher's meters: {@code rewire_batch_seconds} (pipeline time per batch, 1 ms to 10 s),
 * {@code rewire_batch_samples} (buckets the powers of 2 up to {@code maxBatch}),
 * {@code rewire_blocked_batches_total} and {@code rewire_groups_total{complete}} (groups scored,
 * whole or not, as the records say). {@link #measure} is called from the batcher's one thread;
 * {@link #bindTo} from any, once.
 */
final class BatchMeters implements MeterBinder {

    private final int maxBatch;
    private final AtomicLong blockedBatches = new AtomicLong();
    private final AtomicLong wholeGroups = new AtomicLong();
    private final AtomicLong partGroups = new AtomicLong();
    /** The batch histograms, once bound (null before: batches scored then are not timed). */
    private volatile Timer batchTime;
    private volatile DistributionSummary batchSamples;

    BatchMeters(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<Double> sizes = new ArrayList<>();
        for (long n = 1; n < maxBatch; n *= 2) {
            sizes.add((double) n);
        }
        sizes.add((double) maxBatch);
        // the time first: measure() reads the samples first, so once it sees them it sees the time
        batchTime = Timer.builder("rewire.batch").description("pipeline time per micro-batch")
                .serviceLevelObjectives(ServerMetrics.LATENCY_BUCKETS).register(registry);
        batchSamples = DistributionSummary.builder("rewire.batch.samples").description("samples per micro-batch")
                .serviceLevelObjectives(sizes.stream().mapToDouble(Double::doubleValue).toArray()).register(registry);
        FunctionCounter.builder("rewire.blocked.batches", blockedBatches, AtomicLong::get)
                .description("micro-batches a policy rule blocked (their requests got 503)").register(registry);
        FunctionCounter.builder("rewire.groups", wholeGroups, AtomicLong::get).tag("complete", "true")
                .description("groups scored, by whether they were whole (see the README's Groups)").register(registry);
        FunctionCounter.builder("rewire.groups", partGroups, AtomicLong::get).tag("complete", "false")
                .description("groups scored, by whether they were whole (see the README's Groups)").register(registry);
    }

    /** A scored batch's size, time, block, and groups (records come group by group: one count per group). */
    void measure(BatchResult result, int samples, long nanos) {
        DistributionSummary size = batchSamples;
        Timer time = batchTime;
        if (size != null) {
            size.record(samples);
            time.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (result.blockedBy() != null) {
            blockedBatches.incrementAndGet();
        }
        String last = null;
        for (RewardRecord r : result.records()) {
            if (r.group() != null && !r.promptId().equals(last)) {
                (r.group().complete() ? wholeGroups : partGroups).incrementAndGet();
            }
            last = r.promptId();
        }
    }
}
