package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.testkit.TestSamples;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Whole groups out of single-sample requests, on a real micro-batcher: held until N samples of a
 * key, or the wait; keyless samples never held; a stop releases what is held.
 */
class GroupBarrierTest {

    /** Long enough never to expire within a test that does not mean it to. */
    private static final long NEVER = TimeUnit.MINUTES.toMillis(10);

    private static Sample sample(String id, String key) {
        return TestSamples.math(id, key).build();
    }

    private static MicroBatcher.Scored answer(CompletableFuture<MicroBatcher.Scored> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    @Test
    void samplesOfAKeyAreHeldUntilNHaveArrivedThenScoredAsOneWholeGroup() throws Exception {
        RecordingPipeline pipeline = new RecordingPipeline();
        try (MicroBatcher batcher = pipeline.batcher(); GroupBarrier barrier = new GroupBarrier(batcher, NEVER)) {
            CompletableFuture<MicroBatcher.Scored> first = barrier.submit(List.of(sample("a", "k")), 3);
            CompletableFuture<MicroBatcher.Scored> second = barrier.submit(List.of(sample("b", "k")), 3);
            assertFalse(first.isDone() || second.isDone(), "held: 2 of 3");
            assertEquals(1, barrier.waiting());
            CompletableFuture<MicroBatcher.Scored> third = barrier.submit(List.of(sample("c", "k")), 3);
            for (var f : List.of(first, second, third)) {
                RewardRecord r = answer(f).records().get(0);
                assertEquals(new GroupInfo(3, true, 3), r.group(), r.id());
            }
            assertEquals(0, barrier.waiting());
            assertEquals(1, pipeline.batches.size(), "one unit, one batch");
        }
    }

    @Test
    void theNextSampleAfterAWholeGroupStartsTheKeysNextRound() throws Exception {
        RecordingPipeline pipeline = new RecordingPipeline();
        try (MicroBatcher batcher = pipeline.batcher(); GroupBarrier barrier = new GroupBarrier(batcher, NEVER)) {
            barrier.submit(List.of(sample("a", "k")), 2);
            answer(barrier.submit(List.of(sample("b", "k")), 2));
            CompletableFuture<MicroBatcher.Scored> next = barrier.submit(List.of(sample("c", "k")), 2);
            assertFalse(next.isDone());
            assertEquals(1, barrier.waiting(), "a new group of k waits");
        }
    }

    @Test
    void aKeylessSampleIsNeverHeldAndSizesBelowTwoPassStraightThrough() throws Exception {
        RecordingPipeline pipeline = new RecordingPipeline();
        try (MicroBatcher batcher = pipeline.batcher(); GroupBarrier barrier = new GroupBarrier(batcher, NEVER)) {
            RewardRecord solo = answer(barrier.submit(List.of(sample("x", "solo-x")), 4)).records().get(0);
            assertEquals(new GroupInfo(1, false, 4), solo.group(), "scored at once; short of the size it was declared with");
            RewardRecord one = answer(barrier.submit(List.of(sample("y", "k")), 1)).records().get(0);
            assertEquals(new GroupInfo(1, true, 1), one.group());
            RewardRecord none = answer(barrier.submit(List.of(sample("z", "k")), 0)).records().get(0);
            assertEquals(new GroupInfo(1, false, null), none.group(), "no size declared: one sample is never called whole");
            assertEquals(0, barrier.waiting());
        }
    }

    @Test
    void aGroupShortAtTheEndOfTheWaitIsScoredAsItIsAndSaysSo() throws Exception {
        RecordingPipeline pipeline = new RecordingPipeline();
        try (MicroBatcher batcher = pipeline.batcher(); GroupBarrier barrier = new GroupBarrier(batcher, 20)) {
            CompletableFuture<MicroBatcher.Scored> a = barrier.submit(List.of(sample("a", "k")), 4);
            CompletableFuture<MicroBatcher.Scored> b = barrier.submit(List.of(sample("b", "k")), 4);
            assertEquals(new GroupInfo(2, false, 4), answer(a).records().get(0).group());
            assertEquals(new GroupInfo(2, false, 4), answer(b).records().get(0).group());
        }
    }

    @Test
    void aRequestWithSeveralKeysIsAnsweredInItsOrderOnceEachGroupIsScored() throws Exception {
        RecordingPipeline pipeline = new RecordingPipeline();
        try (MicroBatcher batcher = pipeline.batcher(); GroupBarrier barrier = new GroupBarrier(batcher, NEVER)) {
            CompletableFuture<MicroBatcher.Scored> both = barrier.submit(List.of(sample("k1a", "k1"), sample("k2a", "k2")), 2);
            answer(barrier.submit(List.of(sample("k1b", "k1")), 2));
            assertFalse(both.isDone(), "k2 is still short");
            barrier.submit(List.of(sample("k2b", "k2")), 2);
            assertEquals(List.of("k1a", "k2a"), answer(both).records().stream().map(RewardRecord::id).toList());
        }
    }

    @Test
    void aStopReleasesEveryHeldGroupShortAndLetsLaterSamplesThrough() throws Exception {
        RecordingPipeline pipeline = new RecordingPipeline();
        try (MicroBatcher batcher = pipeline.batcher(); GroupBarrier barrier = new GroupBarrier(batcher, NEVER)) {
            CompletableFuture<MicroBatcher.Scored> held = barrier.submit(List.of(sample("a", "k")), 4);
            barrier.releaseAll();
            assertEquals(new GroupInfo(1, false, 4), answer(held).records().get(0).group());
            assertEquals(0, barrier.waiting());
            RewardRecord late = answer(barrier.submit(List.of(sample("b", "k")), 4)).records().get(0);
            assertEquals(new GroupInfo(1, false, 4), late.group(), "not held once stopping");
        }
    }
}
