package dev.rewire.runtime.serve;

import dev.rewire.framework.json.GroupKeys;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.BatchResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Dynamic micro-batching: requests from any number of connections are gathered into one batch that
 * goes
 * through the pipeline once (one policy session, one scorer call). Gathering takes what is queued,
 * then keeps taking while requests keep coming; it ends at {@code maxBatch} samples, at
 * {@code maxWait} after the first request, or once no request has arrived for a fifth of
 * {@code maxWait} (a burst, such as the samples of one group sent concurrently, is over; waiting on
 * would only add latency). Under load, requests queue while a batch is scored, so batches grow with
 * the load by themselves. Samples of one key that
 * arrived together form one group, so group terms and advantages see them together; a sample
 * alone in its batch is a group of one (its advantage is 0, group terms abstain). Whole groups of
 * single-sample protocols come through the {@link GroupBarrier}, which submits a group at once. A request larger than {@code maxBatch}
 * is split into parts of whole groups ({@link SplitRequest}), queued one after the other: each part
 * joins the queue once the one before it is scored, so other clients' requests are batched between
 * them and a large request never holds the others up for longer than one batch. Two samples with
 * one id never share a batch (the later request waits for the next). One thread runs the pipeline;
 * {@link #submit} is thread safe.
 *
 * <p>The loop is supervised: whatever a batch throws, an {@code Error} such as
 * {@link OutOfMemoryError} included, fails that batch's requests with the reason and the loop goes
 * on with the next; should the loop's thread die all the same, it is restarted (its batch failed)
 * up to {@link #MAX_RESTARTS} times a minute, past which the batcher is dead for good and says so
 * to {@code fatal} (the server stops with a failure status). {@link #health} is the loop's
 * heartbeat: null while it takes requests and finishes batches in time, else why not.
 */
final class MicroBatcher implements AutoCloseable {

    /**
     * What a batch answers each of its requests: records in request order, null for a sample the
     * policy threw on alone ({@code poisoned}: its id and why; empty on almost every answer).
     */
    record Scored(List<RewardRecord> records, String policySha256, Map<String, String> poisoned) {

        Scored(List<RewardRecord> records, String policySha256) {
            this(records, policySha256, Map.of());
        }
    }

    /** One request's samples (or one group the {@link GroupBarrier} released), with the group size declared for them. */
    private record Pending(List<Sample> samples, Integer expected, CompletableFuture<Scored> answer) {
    }

    /** Observes each batch the loop scored: its result (records, checks, block), index, size and pipeline time. */
    interface BatchListener {
        void batchDone(BatchResult result, long batchIndex, int samples, long nanos);
    }

    private static final Pending STOP = new Pending(List.of(), null, null);
    /** Restarts of a dead loop allowed within a minute before the batcher gives up. */
    static final int MAX_RESTARTS = 3;
    /** How often an idle loop beats. */
    private static final long BEAT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int maxBatch;
    private final long maxWaitNanos;
    private final long idleGapNanos;
    private final BatchListener listener;
    private final Consumer<String> log;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ArrayDeque<Pending> carried = new ArrayDeque<>();
    private final java.util.function.Function<Batch, BatchResult> processor;
    private final long stuckNanos;
    private final Consumer<String> fatal;
    private volatile Thread loop;
    /** When the loop last showed it was alive; when the batch it is on began (0: none). */
    private volatile long beatNanos = System.nanoTime();
    private volatile long batchStartedNanos;
    /** The requests of the batch being gathered or scored: failed with the reason if the loop dies. */
    private volatile List<Pending> current = List.of();
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();
    /** Why the batcher is dead for good, or null. */
    private volatile String dead;
    private long nextIndex;
    private volatile boolean stopping;
    private volatile dev.rewire.runtime.engine.shadow.ShadowPolicy shadow;

    MicroBatcher(BatchPipeline pipeline, int maxBatch, long maxWaitMillis, BatchListener listener, Consumer<String> log) {
        this(pipeline::process, maxBatch, maxWaitMillis, TimeUnit.MINUTES.toMillis(1), listener, log, reason -> { });
    }

    /**
     * @param processor  one batch through the pipeline
     * @param stuckMillis a batch running longer than this makes {@link #health} report the batcher stuck
     * @param fatal      told once, with the reason, when the loop is dead for good
     */
    MicroBatcher(java.util.function.Function<Batch, BatchResult> processor, int maxBatch, long maxWaitMillis,
                 long stuckMillis, BatchListener listener, Consumer<String> log, Consumer<String> fatal) {
        this.processor = processor;
        this.stuckNanos = TimeUnit.MILLISECONDS.toNanos(stuckMillis);
        this.fatal = fatal;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.idleGapNanos = maxWaitNanos / 5;
        this.listener = listener;
        this.log = log;
        this.loop = startLoop();
    }

    private Thread startLoop() {
        Thread t = new Thread(this::run, "rewire-microbatcher");
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> loopDied(e));
        t.start();
        return t;
    }

    /** The loop's thread ended on something its own handler could not catch: fail its batch, restart it. */
    private void loopDied(Throwable e) {
        String why = "the micro-batcher's thread died: " + e;
        failAll(current, e);
        current = List.of();
        batchStartedNanos = 0;
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
                failAll(List.copyOf(queue), e);
                fatal.accept(dead);
                return;
            }
        }
        log.accept("serve: " + why + "; its batch failed, restarting it");
        beatNanos = System.nanoTime();
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
        long now = System.nanoTime();
        long started = batchStartedNanos;
        if (started != 0 && now - started > stuckNanos) {
            return "a micro-batch has been running for " + TimeUnit.NANOSECONDS.toSeconds(now - started)
                    + " s (stuck past " + TimeUnit.NANOSECONDS.toSeconds(stuckNanos) + " s)";
        }
        if (started == 0 && now - beatNanos > stuckNanos) {
            return "the micro-batcher has not beaten for " + TimeUnit.NANOSECONDS.toSeconds(now - beatNanos) + " s";
        }
        if (!loop.isAlive()) {
            return "the micro-batcher's thread is not running";
        }
        return null;
    }

    private static void failAll(List<Pending> requests, Throwable e) {
        for (Pending p : requests) {
            if (p != STOP && p.answer != null) {
                p.answer.completeExceptionally(e);
            }
        }
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
        queue.add(new Pending(samples, expected, answer));
    }

    private void run() {
        while (true) {
            beatNanos = System.nanoTime();
            Pending first;
            try {
                first = carried.isEmpty() ? queue.poll(BEAT_NANOS, TimeUnit.NANOSECONDS) : carried.poll();
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            if (first == STOP) {
                return;
            }
            List<Pending> taken = new ArrayList<>();
            current = taken;
            try {
                gather(first, taken);
                batchStartedNanos = System.nanoTime();
                process(taken);
            } catch (Throwable e) {
                // an Error too (out of memory on a huge batch): this batch fails with the reason, the loop goes on
                failAll(taken, e);
                log.accept("serve: a micro-batch failed: " + e + "; its " + taken.size() + " request(s) answered "
                        + "with the reason, serving goes on");
            }
            // not in a finally: should the loop's thread die here, its handler still sees the batch
            batchStartedNanos = 0;
            current = List.of();
        }
    }

    /** The first request and whatever joins it within the wait, up to the batch size, into {@code taken}. */
    private void gather(Pending first, List<Pending> taken) {
        taken.add(first);
        int size = first.samples.size();
        Set<String> ids = new HashSet<>();
        first.samples.forEach(s -> ids.add(s.id()));
        long deadline = System.nanoTime() + maxWaitNanos;
        while (size < maxBatch) {
            Pending next = carried.poll();
            if (next == null) {
                long wait = Math.min(deadline - System.nanoTime(), idleGapNanos);
                try {
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (next == null) {
                break;
            }
            if (next == STOP || size + next.samples.size() > maxBatch || next.samples.stream().anyMatch(s -> ids.contains(s.id()))) {
                carried.addFirst(next);
                break;
            }
            taken.add(next);
            size += next.samples.size();
            next.samples.forEach(s -> ids.add(s.id()));
        }
    }

    private void process(List<Pending> taken) {
        Batch batch = new Batch(nextIndex++, groups(taken));
        long t0 = System.nanoTime();
        BatchResult result;
        try {
            result = processor.apply(batch);
        } catch (RuntimeException | LinkageError e) {
            log.accept("serve: batch " + batch.index() + " failed: " + e);
            taken.forEach(p -> p.answer.completeExceptionally(e));
            return;
        }
        listener.batchDone(result, batch.index(), batch.size(), System.nanoTime() - t0);
        if (result.blockedBy() != null) {
            BlockedException blocked = new BlockedException(result.blockedBy().getRule(), result.blockedBy().getReason());
            taken.forEach(p -> p.answer.completeExceptionally(blocked));
            return;
        }
        Map<String, RewardRecord> byId = new HashMap<>();
        String policy = null;
        for (RewardRecord r : result.records()) {
            byId.put(r.id(), r);
            policy = r.provenance().policy();
        }
        Map<String, String> poisoned = new HashMap<>();
        for (BatchResult.Poisoned p : result.poisoned()) {
            poisoned.put(p.sample().id(), p.reason());
            log.accept("serve: batch " + batch.index() + ": sample " + p.sample().id() + " rejected: " + p.reason());
        }
        for (Pending p : taken) {
            List<RewardRecord> records = new ArrayList<>(p.samples.size());
            Map<String, String> own = poisoned.isEmpty() ? Map.of() : new LinkedHashMap<>();
            for (Sample s : p.samples) {
                records.add(byId.get(s.id()));
                String why = poisoned.isEmpty() ? null : poisoned.get(s.id());
                if (why != null) {
                    own.put(s.id(), why);
                }
            }
            p.answer.complete(new Scored(records, policy, own));
        }
        // after the answers: the shadow costs the next micro-batch its time, not this one's requests
        dev.rewire.runtime.engine.shadow.ShadowPolicy s = shadow;
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

    /**
     * The batch's groups: samples of one key, whichever requests they came in. A group is whole when
     * it reached its declared size; with none declared, when one request carried it (two or more
     * samples of its key, none from another request: the client sent the group), or when its sample
     * had no key at all (a group of one by definition). Samples of one key from several
     * single-sample requests gathered by timing are never called whole: nobody said how many there are.
     */
    private static List<Group> groups(List<Pending> taken) {
        Map<String, List<Sample>> byPrompt = new LinkedHashMap<>();
        Map<String, Pending> firstRequest = new HashMap<>();
        Set<String> fromSeveral = new HashSet<>();
        Map<String, Integer> expected = new HashMap<>();
        for (Pending p : taken) {
            for (Sample s : p.samples) {
                byPrompt.computeIfAbsent(s.promptId(), k -> new ArrayList<>()).add(s);
                Pending first = firstRequest.putIfAbsent(s.promptId(), p);
                if (first != null && first != p) {
                    fromSeveral.add(s.promptId());
                }
                if (p.expected != null) {
                    expected.merge(s.promptId(), p.expected, Math::max);
                }
            }
        }
        List<Group> groups = new ArrayList<>(byPrompt.size());
        byPrompt.forEach((prompt, samples) -> {
            Integer n = expected.get(prompt);
            boolean complete = n != null ? samples.size() >= n
                    : GroupKeys.isSolo(prompt) || samples.size() >= 2 && !fromSeveral.contains(prompt);
            groups.add(new Group(prompt, samples, n, complete));
        });
        return groups;
    }

    /** Decides every answered micro-batch under a candidate policy too (on this loop, after the answers). */
    void shadowing(dev.rewire.runtime.engine.shadow.ShadowPolicy shadow) {
        this.shadow = shadow;
    }

    /** Stops taking requests, answers everything queued, and ends the loop. */
    @Override
    public void close() {
        stopping = true;
        queue.add(STOP);
        try {
            loop.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // anything that slipped in behind the stop marker is answered, never left hanging
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p != STOP) {
                p.answer.completeExceptionally(new IllegalStateException("the server is shutting down"));
            }
        }
    }
}
