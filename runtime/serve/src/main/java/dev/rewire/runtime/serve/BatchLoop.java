package dev.rewire.runtime.serve;

import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.engine.shadow.ShadowPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link MicroBatcher}'s loop: take a request, gather a batch around it ({@link BatchGatherer}),
 * run it through the pipeline, measure it and answer its requests, then shadow it. Whatever a batch
 * throws, an {@code Error} included, fails that batch's requests with the reason and the loop goes
 * on. Its heartbeat ({@link #stalled}) says when it stopped taking requests or a batch runs too long.
 *
 * <p>Threading: {@link #run} on one thread at a time (the batcher restarts it on a new thread
 * should the old one die); {@link #stalled}, {@link #shadowing} from any thread.
 */
final class BatchLoop implements Runnable {

    /** How often an idle loop beats. */
    private static final long BEAT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BatchGatherer gatherer;
    private final Function<Batch, BatchResult> processor;
    private final BatchMeters meters;
    private final MicroBatcher.BatchListener listener;
    private final Consumer<String> log;
    /** When the loop last showed it was alive; when the batch it is on began (0: none). */
    private volatile long beatNanos = System.nanoTime();
    private volatile long batchStartedNanos;
    /** The requests of the batch being gathered or scored: failed with the reason if the loop dies. */
    private volatile List<PendingRequest> current = List.of();
    private long nextIndex;
    private volatile ShadowPolicy shadow;

    BatchLoop(BatchGatherer gatherer, Function<Batch, BatchResult> processor, BatchMeters meters,
              MicroBatcher.BatchListener listener, Consumer<String> log) {
        this.gatherer = gatherer;
        this.processor = processor;
        this.meters = meters;
        this.listener = listener;
        this.log = log;
    }

    @Override
    public void run() {
        while (true) {
            beatNanos = System.nanoTime();
            PendingRequest first;
            try {
                first = gatherer.first(BEAT_NANOS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            if (first == PendingRequest.STOP) {
                return;
            }
            List<PendingRequest> taken = new ArrayList<>();
            current = taken;
            try {
                gatherer.gather(first, taken);
                batchStartedNanos = System.nanoTime();
                process(taken);
            } catch (Throwable e) {
                // an Error too (out of memory on a huge batch): this batch fails with the reason, the loop goes on
                PendingRequest.failAll(taken, e);
                log.accept("serve: a micro-batch failed: " + e + "; its " + taken.size() + " request(s) answered "
                        + "with the reason, serving goes on");
            }
            // not in a finally: should the loop's thread die here, its handler still sees the batch
            batchStartedNanos = 0;
            current = List.of();
        }
    }

    /** One gathered batch through the pipeline, measured, and answered: its records, its block, or the failure. */
    private void process(List<PendingRequest> taken) {
        Batch batch = new Batch(nextIndex++, BatchGroups.of(taken));
        long t0 = System.nanoTime();
        BatchResult result;
        try {
            result = processor.apply(batch);
        } catch (RuntimeException | LinkageError e) {
            log.accept("serve: batch " + batch.index() + " failed: " + e);
            taken.forEach(p -> p.answer().completeExceptionally(e));
            return;
        }
        long nanos = System.nanoTime() - t0;
        meters.measure(result, batch.size(), nanos);
        listener.batchDone(result, batch.index(), batch.size(), nanos);
        if (result.blockedBy() != null) {
            BlockedException blocked = new BlockedException(result.blockedBy().getRule(), result.blockedBy().getReason());
            taken.forEach(p -> p.answer().completeExceptionally(blocked));
            return;
        }
        BatchAnswers.answer(taken, result, batch.index(), log);
        // after the answers: the shadow costs the next micro-batch its time, not this one's requests
        shadow(batch, result);
    }

    /** Decides the answered batch under the candidate policy, if one is shadowing. */
    private void shadow(Batch batch, BatchResult result) {
        ShadowPolicy s = shadow;
        if (s != null && s.active()) {
            try {
                s.compare(result.decided(batch), result);
            } catch (RuntimeException e) {
                // the shadow is an observer: its failure must not stop the loop that answers trainers
                log.accept("serve: the shadow policy failed on batch " + batch.index() + ": " + e + "; shadowing stops");
                shadow = null;
            }
        }
    }

    /** Decides every answered micro-batch under a candidate policy too (on this loop, after the answers). */
    void shadowing(ShadowPolicy shadow) {
        this.shadow = shadow;
    }

    /**
     * The batch the loop was on when its thread died, its heartbeat reset as after a batch: called on
     * the dying thread (its uncaught-exception handler), before a new thread runs the loop.
     */
    List<PendingRequest> abandon() {
        List<PendingRequest> lost = current;
        current = List.of();
        batchStartedNanos = 0;
        return lost;
    }

    /** The loop has just been started again: it counts as having beaten. */
    void restarted() {
        beatNanos = System.nanoTime();
    }

    /**
     * Why the loop does not answer in time, or null: one batch has been running past {@code stuckNanos},
     * or with no batch on, it has not beaten for as long.
     */
    String stalled(long stuckNanos) {
        long now = System.nanoTime();
        long started = batchStartedNanos;
        if (started != 0 && now - started > stuckNanos) {
            return "a micro-batch has been running for " + TimeUnit.NANOSECONDS.toSeconds(now - started)
                    + " s (stuck past " + TimeUnit.NANOSECONDS.toSeconds(stuckNanos) + " s)";
        }
        if (started == 0 && now - beatNanos > stuckNanos) {
            return "the micro-batcher has not beaten for " + TimeUnit.NANOSECONDS.toSeconds(now - beatNanos) + " s";
        }
        return null;
    }
}
