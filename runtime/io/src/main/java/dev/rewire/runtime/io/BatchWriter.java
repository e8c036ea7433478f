package dev.rewire.runtime.io;

import dev.rewire.framework.record.RewardRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Encodes and writes scored batches on a thread of its own, so that encoding the records of one
 * batch overlaps scoring the next on the second core. Batches are written in the order submitted,
 * each in one piece and, as JSONL, flushed (the output ends at a batch boundary whenever the process
 * stops between two writes; see {@link RecordSink}); then the batch's {@code afterWrite} runs on the writer thread (a
 * checkpoint). At most {@link #QUEUED} batches wait, so memory stays bounded when the output is
 * slower than scoring. A failed write stops the writer; the failure is thrown to the submitting
 * thread at its next call. {@link #submit} and {@link #finish} are called from one thread.
 */
public final class BatchWriter implements AutoCloseable {

    /** Batches that may wait for the writer: two keep it busy while the pipeline scores a third. */
    static final int QUEUED = 2;

    /** What is written after a batch's records; runs on the writer thread. */
    public interface AfterWrite {
        void run() throws IOException;
    }

    private record Job(List<RewardRecord> records, AfterWrite afterWrite) {
    }

    private static final Job END = new Job(List.of(), () -> { });

    private final RecordSink out;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread thread;
    private volatile Throwable failure;

    /** Writes JSON lines to {@code out}, which the caller closes. */
    public BatchWriter(OutputStream out) {
        this(new JsonlRecordSink(out));
    }

    /** Writes to {@code out} (JSONL or Parquet), which the caller closes once this writer is finished. */
    public BatchWriter(RecordSink out) {
        this.out = out;
        this.thread = new Thread(this::drain, "rewire-write");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a batch; blocks while {@link #QUEUED} batches wait. */
    public void submit(List<RewardRecord> records, AfterWrite afterWrite) {
        rethrow();
        put(new Job(records, afterWrite));
    }

    /** Waits until every batch submitted so far is written; the writer goes on taking batches. */
    public void sync() {
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        submit(List.of(), written::countDown);
        whileWriterRuns(() -> written.await(100, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /** Waits until every submitted batch is written. */
    void finish() {
        if (thread.isAlive()) {
            put(END);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the last batches were written", e);
            }
        }
        rethrow();
    }

    @Override
    public void close() {
        finish();
    }

    private void put(Job job) {
        whileWriterRuns(() -> queue.offer(job, 100, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /** A wait of at most a moment: true once what is waited for happened. */
    private interface Wait {
        boolean done() throws InterruptedException;
    }

    /** Waits until {@code wait} is done, failing (with the writer's failure) should the writer end first. */
    private void whileWriterRuns(Wait wait) {
        try {
            while (!wait.done()) {
                if (!thread.isAlive()) {
                    rethrow();
                    throw new IllegalStateException("the writer thread ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the writer", e);
        }
    }

    private void drain() {
        try {
            for (Job job = queue.take(); job != END; job = queue.take()) {
                out.write(job.records());
                job.afterWrite().run();
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void rethrow() {
        Throwable e = failure;
        if (e instanceof IOException io) {
            throw new UncheckedIOException("cannot write output: " + io.getMessage(), io);
        } else if (e instanceof RuntimeException r) {
            throw r;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
