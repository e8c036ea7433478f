package dev.rewire.runtime.serve;

import dev.rewire.framework.model.Sample;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request's samples waiting in the {@link MicroBatcher}'s queue (or one group the
 * {@link GroupBarrier} released), with the group size declared for them ({@code expected}, null when
 * none was) and the answer its batch completes. Immutable; the answer is completed exactly once, on
 * the batcher's thread (or by whoever fails the batch).
 */
record PendingRequest(List<Sample> samples, Integer expected, CompletableFuture<MicroBatcher.Scored> answer) {

    /** Queued by {@link MicroBatcher#close}: the loop ends when it takes this. */
    static final PendingRequest STOP = new PendingRequest(List.of(), null, null);

    /** Fails every request of {@code requests} (the stop marker and answerless ones skipped) with {@code e}. */
    static void failAll(List<PendingRequest> requests, Throwable e) {
        for (PendingRequest p : requests) {
            if (p != STOP && p.answer != null) {
                p.answer.completeExceptionally(e);
            }
        }
    }
}
