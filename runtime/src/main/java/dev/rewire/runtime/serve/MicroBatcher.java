package dev.rewire.runtime.serve;

import dev.rewire.framework.json.GroupKeys;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.pipeline.BatchPipeline;
import dev.rewire.runtime.pipeline.BatchResult;
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
 * single-sample protocols come through the {@link GroupBarrier}, which submits a group at once. Requests are never split: one larger
 * than {@code maxBatch} is a batch of its own. Two samples with one id never share a batch (the
 * later request waits for the next). One thread runs the pipeline; {@link #submit} is thread safe.
 */
final class MicroBatcher implements AutoCloseable {

    /** What a batch answers each of its requests: records in request order. */
    record Scored(List<RewardRecord> records, String policySha256) {
    }

    /** One request's samples (or one group the {@link GroupBarrier} released), with the group size declared for them. */
    private record Pending(List<Sample> samples, Integer expected, CompletableFuture<Scored> answer) {
    }

    /** Observes each batch the loop scored: its result (records, checks, block), index, size and pipeline time. */
    interface BatchListener {
        void batchDone(BatchResult result, long batchIndex, int samples, long nanos);
    }

    private static final Pending STOP = new Pending(List.of(), null, null);

    private final BatchPipeline pipeline;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final long idleGapNanos;
    private final BatchListener listener;
    private final Consumer<String> log;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ArrayDeque<Pending> carried = new ArrayDeque<>();
    private final Thread loop;
    private long nextIndex;
    private volatile boolean stopping;
    private volatile dev.rewire.runtime.shadow.ShadowPolicy shadow;

    MicroBatcher(BatchPipeline pipeline, int maxBatch, long maxWaitMillis, BatchListener listener, Consumer<String> log) {
        this.pipeline = pipeline;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.idleGapNanos = maxWaitNanos / 5;
        this.listener = listener;
        this.log = log;
        this.loop = new Thread(this::run, "rewire-microbatcher");
        this.loop.start();
    }

    /** Queues the samples of one request; the future completes when their batch is scored. */
    CompletableFuture<Scored> submit(List<Sample> samples) {
        return submit(samples, null);
    }

    /**
     * Queues samples that stay together in one batch, with the size their groups should have
     * ({@code expected}, or null when none was declared): each record says whether its group had it.
     */
    CompletableFuture<Scored> submit(List<Sample> samples, Integer expected) {
        CompletableFuture<Scored> answer = new CompletableFuture<>();
        if (stopping) {
            answer.completeExceptionally(new IllegalStateException("the server is shutting down"));
        } else if (samples.isEmpty()) {
            answer.complete(new Scored(List.of(), null));
        } else {
            queue.add(new Pending(samples, expected, answer));
        }
        return answer;
    }

    private void run() {
        while (true) {
            Pending first;
            try {
                first = carried.isEmpty() ? queue.take() : carried.poll();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) {
                return;
            }
            List<Pending> taken = gather(first);
            process(taken);
        }
    }

    /** The first request and whatever joins it within the wait, up to the batch size. */
    private List<Pending> gather(Pending first) {
        List<Pending> taken = new ArrayList<>();
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
        return taken;
    }

    private void process(List<Pending> taken) {
        Batch batch = new Batch(nextIndex++, groups(taken));
        long t0 = System.nanoTime();
        BatchResult result;
        try {
            result = pipeline.process(batch);
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
        for (Pending p : taken) {
            List<RewardRecord> records = new ArrayList<>(p.samples.size());
            for (Sample s : p.samples) {
                records.add(byId.get(s.id()));
            }
            p.answer.complete(new Scored(records, policy));
        }
        // after the answers: the shadow costs the next micro-batch its time, not this one's requests
        dev.rewire.runtime.shadow.ShadowPolicy s = shadow;
        if (s != null && s.active()) {
            try {
                s.compare(batch, result);
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
    void shadowing(dev.rewire.runtime.shadow.ShadowPolicy shadow) {
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
