package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.testkit.TestSamples;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Micro-batching without timing: the first batch is held inside the pipeline while the requests
 * under test queue up, so the next batch gathers exactly them. Groups whole or not, ids never
 * twice in a batch, large requests in parts, blocks, and the batch meters.
 */
class MicroBatcherTest {

    /** A pipeline whose batch holding the sample "hold" waits until released; every other batch as {@link RecordingPipeline}. */
    private static final class HeldPipeline implements Function<Batch, BatchResult> {
        final RecordingPipeline recording = new RecordingPipeline();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public BatchResult apply(Batch batch) {
            if (batch.samples().stream().anyMatch(s -> s.id().equals("hold"))) {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return recording.apply(batch);
        }

        /** Starts a batcher whose loop is inside the held batch when this returns. */
        MicroBatcher hold(int maxBatch) throws InterruptedException {
            MicroBatcher b = new MicroBatcher(this, maxBatch, 1, 60_000, (result, index, samples, nanos) -> { }, l -> { }, r -> { });
            b.submit(List.of(sample("hold", "h")));
            entered.await(60, TimeUnit.SECONDS);
            return b;
        }

        /** The batches after the held one, as lists of sample ids. */
        List<List<String>> after() {
            return recording.batches.stream().skip(1).map(b -> b.samples().stream().map(Sample::id).toList()).toList();
        }
    }

    private static Sample sample(String id, String key) {
        return TestSamples.math(id, key).build();
    }

    private static List<RewardRecord> records(CompletableFuture<MicroBatcher.Scored> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS).records();
    }

    @Test
    void aGroupOneRequestCarriedIsWholeAndOneGatheredFromSeveralRequestsWithoutASizeIsNot() throws Exception {
        HeldPipeline pipeline = new HeldPipeline();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MicroBatcher batcher = pipeline.hold(64)) {
            batcher.bindTo(registry);
            CompletableFuture<MicroBatcher.Scored> carried = batcher.submit(List.of(sample("a1", "k1"), sample("a2", "k1")));
            CompletableFuture<MicroBatcher.Scored> b = batcher.submit(List.of(sample("b1", "k2")));
            CompletableFuture<MicroBatcher.Scored> c = batcher.submit(List.of(sample("c1", "k2")));
            CompletableFuture<MicroBatcher.Scored> declared = batcher.submit(List.of(sample("d1", "k3")), 1);
            pipeline.release.countDown();
            assertEquals(new GroupInfo(2, true, null), records(carried).get(0).group());
            assertEquals(new GroupInfo(2, false, null), records(b).get(0).group(), "nobody said how many k2 has");
            assertEquals(new GroupInfo(2, false, null), records(c).get(0).group());
            assertEquals(new GroupInfo(1, true, 1), records(declared).get(0).group(), "declared 1 and reached it");
            assertEquals(List.of(List.of("a1", "a2", "b1", "c1", "d1")), pipeline.after(), "one batch, group by group");
            // both batches are measured: the held one finished after the meters were bound
            assertEquals(2, registry.get("rewire.batch.samples").summary().count());
            assertEquals(6.0, registry.get("rewire.batch.samples").summary().totalAmount());
            assertEquals(2, registry.get("rewire.batch").timer().count());
            assertEquals(2.0, registry.get("rewire.groups").tag("complete", "false").functionCounter().count(), "h and k2");
            assertEquals(2.0, registry.get("rewire.groups").tag("complete", "true").functionCounter().count(), "k1 and k3");
        }
    }

    @Test
    void twoSamplesWithOneIdNeverShareABatch() throws Exception {
        HeldPipeline pipeline = new HeldPipeline();
        try (MicroBatcher batcher = pipeline.hold(64)) {
            CompletableFuture<MicroBatcher.Scored> first = batcher.submit(List.of(sample("same", "k")));
            CompletableFuture<MicroBatcher.Scored> again = batcher.submit(List.of(sample("same", "k")));
            CompletableFuture<MicroBatcher.Scored> other = batcher.submit(List.of(sample("other", "k")));
            pipeline.release.countDown();
            records(first);
            records(again);
            records(other);
            assertEquals(List.of(List.of("same"), List.of("same", "other")), pipeline.after(),
                    "the second 'same' waits for the next batch, and what came after it waits with it");
        }
    }

    @Test
    void aRequestLargerThanABatchIsScoredInPartsOfWholeGroupsAndAnsweredInRequestOrder() throws Exception {
        RecordingPipeline pipeline = new RecordingPipeline();
        try (MicroBatcher batcher = new MicroBatcher(pipeline, 2, 1, 60_000, (r, i, n, t) -> { }, l -> { }, r -> { })) {
            List<RewardRecord> records = records(batcher.submit(List.of(sample("a1", "a"), sample("b1", "b"),
                    sample("a2", "a"), sample("c1", "c"), sample("c2", "c"))));
            assertEquals(List.of("a1", "b1", "a2", "c1", "c2"), records.stream().map(RewardRecord::id).toList());
            assertEquals(List.of(List.of("a1", "a2"), List.of("b1"), List.of("c1", "c2")),
                    pipeline.batches.stream().map(b -> b.samples().stream().map(Sample::id).toList()).toList());
        }
    }

    @Test
    void aBlockedBatchFailsItsRequestsWithTheRuleAndIsCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Function<Batch, BatchResult> blocking = batch -> new BatchResult(List.of(), List.of(),
                new BatchAction(BatchAction.Kind.BLOCK, "ECE 0.61 over 0.5", "gate: calibration"), "cpu", List.of());
        try (MicroBatcher batcher = new MicroBatcher(blocking, 8, 1, 60_000, (r, i, n, t) -> { }, l -> { }, r -> { })) {
            batcher.bindTo(registry);
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> batcher.submit(List.of(sample("x", "k"))).get(60, TimeUnit.SECONDS));
            BlockedException blocked = assertInstanceOf(BlockedException.class, e.getCause());
            assertEquals("gate: calibration", blocked.rule());
            assertEquals("ECE 0.61 over 0.5", blocked.reason());
            assertEquals("blocked by rule \"gate: calibration\": ECE 0.61 over 0.5", blocked.getMessage());
            assertEquals(1.0, registry.get("rewire.blocked.batches").functionCounter().count());
        }
    }
}
