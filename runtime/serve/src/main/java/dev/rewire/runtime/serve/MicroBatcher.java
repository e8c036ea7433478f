package dev.rewire.runtime.serve;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.engine.shadow.ShadowPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Dynamic micro-batching: requests from any number of connections are gathered into one batch that
 * goes through the pipeline once (one policy session, one scorer call); how a batch is gathered is
 * {@link BatchGatherer}'s. Samples of one key that arrived together form one group, so group terms
 * and advantages see them together ({@link BatchGroups}); a sample alone in its batch is a group of
 * one (its advantage is 0, group terms abstain). Whole groups of single-sample protocols come
 * through the {@link GroupBarrier}, which submits a group at once. A request larger than
 * {@code maxBatch} is split into parts of whole groups ({@link SplitRequest}), queued one after the
 * other: each part joins the queue once the one before it is scored, so other clients' requests are
 * batched between them and a large request never holds the others up for longer than one batch.
 * One thread runs the pipeline; {@link #submit} is thread safe.
 *
 * <p>The loop is supervised: whatever a batch throws, an {@code Error} such as
 * {@link OutOfMemoryError} included, fails that batch's requests with the reason and the loop goes
 * on with the next; should the loop's thread die all the same, it is restarted (its batch failed)
 * up to {@link #MAX_RESTARTS} times a minute, past which the batcher is dead for good and says so
 * to {@code fatal} (the server stops with a failure status). {@link #health} is the loop's
 * heartbeat: null while it takes requests and finishes batches in time, else why not.
 *
 * <p>Meters ({@link #bindTo}): see {@link BatchMeters}.
 */
final class MicroBatcher implements AutoCloseable, MeterBinder {

    /**
     * What a batch answers each of its requests: records in request order, null for a sample the
     * policy threw on alone ({@code poisoned}: its id and why; empty on almost every answer).
     */
    record Scored(List<RewardRecord> records, String policySha256, Map<String, String> poisoned) {

        Scored(List<RewardRecord> records, String policySha256) {
            this(records, policySha256, Map.of());
        }
    }

    /** Observes each batch the loop scored (after it was measured): its result (records, checks, block), index, size and pipeline time. */
    interface BatchListener {
        void batchDone(BatchResult result, long batchIndex, int samples, long nanos);
    }

    /** Restarts of a dead loop allowed within a minute before the batcher gives up. */
    static final int MAX_RESTARTS = 3;

    private final int maxBatch;
    private final Consumer<String> log;
    private final BatchGatherer gatherer;
    private final BatchMeters meters;
    private final BatchLoop batchLoop;
    private final long stuckNanos;
    private final Consumer<String> fatal;
    private volatile Thread loop;
    /** When the loop's thread died, within the last minute (guarded by itself). */
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();
    /** Why the batcher is dead for good, or null. */
    private volatile String dead;
    private volatile boolean stopping;

    MicroBatcher(BatchPipeline pipeline, int maxBatch, long maxWaitMillis, BatchListener listener, Consumer<String> log) {
        this(pipeline::process, maxBatch, maxWaitMillis, TimeUnit.MINUTES.toMillis(1), listener, log, reason -> { });
    }

    /**
     * @param processor  one batch through the pipeline
     * @param stuckMillis a batch running longer than this makes {@link #health} report the batcher stuck
     * @param fatal      told once, with the reason, when the loop is dead for good
     */
    MicroBatcher(Function<Batch, BatchResult> processor, int maxBatch, long maxWaitMillis,
                 long stuckMillis, BatchListener listener, Consumer<String> log, Consumer<String> fatal) {
        this.stuckNanos = TimeUnit.MILLISECONDS.toNanos(stuckMillis);
        this.fatal = fatal;
        this.maxBatch = maxBatch;
        this.gatherer = new BatchGatherer(maxBatch, TimeUnit.MILLISECONDS.toNanos(maxWaitMillis));
        this.meters = new BatchMeters(maxBatch);
        this.batchLoop = new BatchLoop(gatherer, processor, meters, listener, log);
        this.log = log;
        this.loop = startLoop();
    }

    private Thread startLoop() {
        Thread t = new Thread(batchLoop, "rewire-microbatcher");
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> loopDied(e));
        t.start();
        return t;
    }

    /** The loop's thread ended on something its own handler could not catch: fail its batch, restart it. */
    private void loopDied(Throwable e) {
        String why = "the micro-batcher's thread died: " + e;
        PendingRequest.failAll(batchLoop.abandon(), e);
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        synchronized (restarts) {
            restarts.addLast(now);
            while (!restarts.isEmpty() && now - restarts.peekFirst() > TimeUnit.MINUTES.toNanos(1)) {
                restarts.pollFirst();
            }
            if (restarts.size() > MAX_RESTARTS) {
                dead = why + " (" + restarts.size() + " times within a minute; not restarted)";
                log.accept("serve: " + dead);
                PendingRequest.failAll(gatherer.queued(), e);
                fatal.accept(dead);
                return;
            }
        }
        log.accept("serve: " + why + "; its batch failed, restarting it");
        batchLoop.restarted();
        loop = startLoop();
    }

    /**
     * Null while the loop is alive and its batches finish in time; otherwise why the batcher cannot
     * answer (its thread is dead, or one batch has been running past the stuck bound).
     */
    String health() {
        if (dead != null) {
            return dead;
        }
        if (stopping) {
            return null;
        }
        String stalled = batchLoop.stalled(stuckNanos);
        if (stalled != null) {
            return stalled;
        }
        if (!loop.isAlive()) {
            return "the micro-batcher's thread is not running";
        }
        return null;
    }

    /** Queues the samples of one request; the future completes when their batch (or batches) are scored. */
    CompletableFuture<Scored> submit(List<Sample> samples) {
        return submit(samples, null);
    }

    /**
     * Queues samples that stay together in one batch, with the size their groups should have
     * ({@code expected}, or null when none was declared): each record says whether its group had it.
     */
    CompletableFuture<Scored> submit(List<Sample> samples, Integer expected) {
        CompletableFuture<Scored> answer = new CompletableFuture<>();
        String gone = dead;
        if (gone != null) {
            answer.completeExceptionally(new IllegalStateException("the micro-batcher is dead: " + gone));
        } else if (stopping) {
            answer.completeExceptionally(new IllegalStateException("the server is shutting down"));
        } else if (samples.isEmpty()) {
            answer.complete(new Scored(List.of(), null));
        } else if (samples.size() > maxBatch) {
            new SplitRequest(samples, maxBatch, answer, (part, scored) -> enqueue(part, expected, scored)).start();
        } else {
            enqueue(samples, expected, answer);
        }
        return answer;
    }

    /** Queues samples to be scored in one batch (with others'); their answer completes on the batcher's thread. */
    private void enqueue(List<Sample> samples, Integer expected, CompletableFuture<Scored> answer) {
        gatherer.add(new PendingRequest(samples, expected, answer));
    }

    /** Registers the batch meters ({@link BatchMeters}). */
    @Override
    public void bindTo(MeterRegistry registry) {
        meters.bindTo(registry);
    }

    /** Decides every answered micro-batch under a candidate policy too (on this loop, after the answers). */
    void shadowing(ShadowPolicy shadow) {
        batchLoop.shadowing(shadow);
    }

    /** Stops taking requests, answers everything queued, and ends the loop. */
    @Override
    public void close() {
        stopping = true;
        gatherer.add(PendingRequest.STOP);
        try {
            loop.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // anything that slipped in behind the stop marker is answered, never left hanging
        for (PendingRequest p; (p = gatherer.poll()) != null; ) {
            if (p != PendingRequest.STOP) {
                p.answer().completeExceptionally(new IllegalStateException("the server is shutting down"));
            }
        }
    }
}
