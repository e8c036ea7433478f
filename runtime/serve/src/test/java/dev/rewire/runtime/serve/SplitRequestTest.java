package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.testkit.TestSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A request larger than a micro-batch: parts of whole groups, one queued after the other. */
class SplitRequestTest {

    private static List<Sample> samples(String... promptIds) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < promptIds.length; i++) {
            out.add(TestSamples.math("s" + i, promptIds[i]).build());
        }
        return out;
    }

    private static List<List<String>> ids(List<List<Sample>> parts) {
        return parts.stream().map(p -> p.stream().map(Sample::id).toList()).toList();
    }

    /** One part as the batcher would score it: a record per sample, reward = its index in the request. */
    private static MicroBatcher.Scored scored(List<Sample> part, Map<String, String> poisoned) {
        List<RewardRecord> records = part.stream().map(s -> ServeFixtures.record(s.id(), s.promptId(), 0,
                Double.parseDouble(s.id().substring(1)), null)).toList();
        return new MicroBatcher.Scored(records, ServeFixtures.POLICY, poisoned);
    }

    @Test
    void groupsStayWholeAndArePackedInRequestOrderAGroupLargerThanABatchIsAPartOfItsOwn() {
        List<Sample> request = samples("a", "a", "b", "b", "b", "c", "d", "d", "d", "d", "d", "a");
        assertEquals(List.of(List.of("s0", "s1", "s11"), List.of("s2", "s3", "s4", "s5"), List.of("s6", "s7", "s8", "s9", "s10")),
                ids(SplitRequest.parts(request, 4)), "a's three samples first (the late one joins its group), b+c, then d alone");
    }

    @Test
    void eachPartIsQueuedOnceTheOneBeforeIsScoredAndTheAnswerHasEveryRecordInRequestOrder() throws Exception {
        List<Sample> request = samples("a", "b", "a", "c", "b");
        List<List<Sample>> queued = new ArrayList<>();
        List<CompletableFuture<MicroBatcher.Scored>> answers = new ArrayList<>();
        CompletableFuture<MicroBatcher.Scored> answer = new CompletableFuture<>();
        new SplitRequest(request, 2, answer, (part, future) -> {
            queued.add(part);
            answers.add(future);
        }).start();
        assertEquals(1, queued.size(), "one part at a time");
        answers.get(0).complete(scored(queued.get(0), Map.of()));
        assertEquals(2, queued.size(), "the next part is queued once the first is scored");
        answers.get(1).complete(scored(queued.get(1), Map.of()));
        assertEquals(3, queued.size());
        assertFalse(answer.isDone(), "not before its last part");
        assertEquals(List.of("s3"), queued.get(2).stream().map(Sample::id).toList());
        answers.get(2).complete(scored(queued.get(2), Map.of("s3", "threw")));
        MicroBatcher.Scored all = answer.get();
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), all.records().stream().map(RewardRecord::id).toList());
        assertEquals(ServeFixtures.POLICY, all.policySha256());
        assertEquals(Map.of("s3", "threw"), all.poisoned(), "a poisoned sample of any part is the request's");
    }

    @Test
    void theFirstPartThatFailsFailsTheRequestAndNoLaterPartIsQueued() {
        List<CompletableFuture<MicroBatcher.Scored>> answers = new ArrayList<>();
        CompletableFuture<MicroBatcher.Scored> answer = new CompletableFuture<>();
        new SplitRequest(samples("a", "b", "c"), 1, answer, (part, future) -> answers.add(future)).start();
        BlockedException blocked = new BlockedException("gate", "ECE over 0.5");
        answers.get(0).completeExceptionally(blocked);
        assertEquals(1, answers.size(), "no part after a failed one");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, answer::get);
        assertSame(blocked, e.getCause());
        assertTrue(answer.isCompletedExceptionally());
    }
}
