package dev.rewire.runtime.serve;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.BatchResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** How a scored batch's records go back to the requests it was gathered from. Stateless; called on the batcher's thread. */
final class BatchAnswers {

    private BatchAnswers() {
    }

    /**
     * Completes each request of {@code taken} with its records in its own sample order and the samples
     * the policy threw on alone (each logged once, with the batch's index).
     */
    static void answer(List<PendingRequest> taken, BatchResult result, long batchIndex, Consumer<String> log) {
        Map<String, RewardRecord> byId = new HashMap<>();
        String policy = null;
        for (RewardRecord r : result.records()) {
            byId.put(r.id(), r);
            policy = r.provenance().policy();
        }
        Map<String, String> poisoned = new HashMap<>();
        for (BatchResult.Poisoned p : result.poisoned()) {
            poisoned.put(p.sample().id(), p.reason());
            log.accept("serve: batch " + batchIndex + ": sample " + p.sample().id() + " rejected: " + p.reason());
        }
        for (PendingRequest p : taken) {
            List<RewardRecord> records = new ArrayList<>(p.samples().size());
            Map<String, String> own = poisoned.isEmpty() ? Map.of() : new LinkedHashMap<>();
            for (Sample s : p.samples()) {
                records.add(byId.get(s.id()));
                String why = poisoned.isEmpty() ? null : poisoned.get(s.id());
                if (why != null) {
                    own.put(s.id(), why);
                }
            }
            p.answer().complete(new MicroBatcher.Scored(records, policy, own));
        }
    }
}
