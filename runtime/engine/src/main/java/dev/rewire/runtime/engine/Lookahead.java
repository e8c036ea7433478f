package dev.rewire.runtime.engine;

import dev.rewire.framework.policy.CheckOutcome;
import dev.rewire.framework.record.Batch;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Overlaps consecutive batches: a batch's judge and decide stages ({@link BatchPipeline#ahead}) run on
 * the lookahead thread while the caller finishes the batch before it ({@link BatchPipeline#finish}:
 * evaluate, score, assemble, check). The decision is taken on the check outcomes known when the batch
 * is started, those of the batch before its predecessor; {@code finish} keeps it when the
 * predecessor's outcomes answer the policy's reads alike and decides again when they do not, so the
 * records are those of a run that decides each batch after the previous one's checks.
 *
 * <p>One caller thread: {@link #start} and {@link #finish} in batch order, each started batch
 * finished (or dropped, after a block) before the next but one is started.
 */
public final class Lookahead implements AutoCloseable {

    /** A batch whose front half is running or done. */
    public static final class Started {
        private final Future<BatchPipeline.Ahead> ahead;

        private Started(Future<BatchPipeline.Ahead> ahead) {
            this.ahead = ahead;
        }
    }

    private final BatchPipeline pipeline;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rewire-lookahead");
        t.setDaemon(true);
        return t;
    });

    public Lookahead(BatchPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Judges and decides {@code batch} on the lookahead thread, on the check outcomes standing now. */
    public Started start(Batch batch) {
        List<CheckOutcome> known = pipeline.lastChecks();
        return new Started(thread.submit(() -> pipeline.ahead(batch, known, true)));
    }

    /** Waits for the batch's front half, then finishes it here (see {@link BatchPipeline#finish}). */
    public BatchResult finish(Started started) {
        BatchPipeline.Ahead ahead;
        try {
            ahead = started.ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was judged and decided", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        return pipeline.finish(ahead);
    }

    /**
     * Lets a batch still being judged and decided (one dropped after a block) finish on its own: an
     * interrupt would reach its policy session as a failure of the policy.
     */
    @Override
    public void close() {
        thread.shutdown();
    }
}
