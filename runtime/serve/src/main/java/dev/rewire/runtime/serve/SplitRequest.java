package dev.rewire.runtime.serve;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.RewardRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One request larger than a micro-batch, scored in parts: its groups (samples of one prompt, kept
 * whole) are packed in request order into parts of at most {@code maxBatch} samples (a group larger
 * than that is a part of its own), and each part is queued once the part before it has been scored,
 * so that requests from other clients are batched in between. The request's answer completes when
 * its last part is scored, its records in request order; the first part that fails (or is blocked)
 * fails the whole request, and no later part is queued. Parts complete on the micro-batcher's
 * thread, one at a time.
 */
final class SplitRequest {

    private final List<Sample> samples;
    private final List<List<Sample>> parts;
    private final CompletableFuture<MicroBatcher.Scored> answer;
    private final BiConsumer<List<Sample>, CompletableFuture<MicroBatcher.Scored>> enqueue;
    private final Map<String, RewardRecord> records = new HashMap<>();
    private final Map<String, String> poisoned = new LinkedHashMap<>();
    private String policy;
    private int next;

    /** @param enqueue queues one part for scoring, with the future its batch completes */
    SplitRequest(List<Sample> samples, int maxBatch, CompletableFuture<MicroBatcher.Scored> answer,
                 BiConsumer<List<Sample>, CompletableFuture<MicroBatcher.Scored>> enqueue) {
        this.samples = samples;
        this.parts = parts(samples, maxBatch);
        this.answer = answer;
        this.enqueue = enqueue;
    }

    /** The groups of a request, whole and in order, packed into parts of at most {@code maxBatch} samples. */
    static List<List<Sample>> parts(List<Sample> samples, int maxBatch) {
        Map<String, List<Sample>> byPrompt = new LinkedHashMap<>();
        for (Sample s : samples) {
            byPrompt.computeIfAbsent(s.promptId(), k -> new ArrayList<>()).add(s);
        }
        List<List<Sample>> parts = new ArrayList<>();
        List<Sample> part = new ArrayList<>();
        for (List<Sample> group : byPrompt.values()) {
            if (!part.isEmpty() && part.size() + group.size() > maxBatch) {
                parts.add(part);
                part = new ArrayList<>();
            }
            part.addAll(group);
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /** Queues the first part. */
    void start() {
        queueNext();
    }

    private void queueNext() {
        CompletableFuture<MicroBatcher.Scored> scored = new CompletableFuture<>();
        List<Sample> part = parts.get(next++);
        scored.whenComplete((result, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
                return;
            }
            List<RewardRecord> partRecords = result.records();
            for (int i = 0; i < part.size(); i++) {
                records.put(part.get(i).id(), partRecords.get(i));
            }
            poisoned.putAll(result.poisoned());
            if (result.policySha256() != null) {
                policy = result.policySha256();
            }
            if (next < parts.size()) {
                queueNext();
            } else {
                List<RewardRecord> inOrder = new ArrayList<>(samples.size());
                samples.forEach(s -> inOrder.add(records.get(s.id())));
                answer.complete(new MicroBatcher.Scored(inOrder, policy, poisoned));
            }
        });
        enqueue.accept(part, scored);
    }
}
