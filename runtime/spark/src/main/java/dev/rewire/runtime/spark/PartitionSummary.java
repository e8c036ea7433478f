package dev.rewire.runtime.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rewire.framework.json.RewireJson;
import java.util.List;
import java.util.Map;

/**
 * How scoring one partition went, for the driver: the state it started from and the state after
 * each of its batches (to tell whether it started where its predecessor ended, and where a
 * re-scored partition rejoins its first scoring), how it ended and what it counted.
 *
 * @param partition    the partition's index
 * @param seed         the fingerprint of the state its first batch started from
 * @param after        batch index -> the fingerprint of the state after that batch
 * @param endState     the whole state after its last batch ({@link dev.rewire.runtime.engine.PipelineState} JSON)
 * @param mergedAt     a re-scoring only: the batch after which its state equalled the earlier scoring's
 *                     (later batches are the earlier scoring's), else -1
 * @param blockedBatch the batch a rule blocked (nothing after it was scored), else -1
 * @param blockedBy    what the block said, as {@code rewire score} says it
 * @param records      records written
 * @param rejected     samples the policy rejected (poisoned)
 * @param device       where the scorer ran
 * @param log          what the host logged meanwhile (bundle failures, abstaining terms), first lines
 */
public record PartitionSummary(int partition, String seed, Map<Long, String> after, String endState, long mergedAt,
                               long blockedBatch, String blockedBy, long records, long rejected, String device,
                               List<String> log) {

    String toJson() {
        try {
            return RewireJson.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static PartitionSummary fromJson(String json) {
        try {
            return RewireJson.mapper().readValue(json, PartitionSummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a partition summary did not read back: " + e.getMessage(), e);
        }
    }
}
