package dev.rewire.runtime.pipeline;

import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ScoredSample;
import java.util.List;

/**
 * The outcome of one batch.
 *
 * @param records   one output record per sample, in batch order (group by group)
 * @param checks    the calibration checks' results on this batch
 * @param blockedBy the policy's block action, or null
 * @param device    where the scorer ran
 * @param scored    the batch as the checks saw it
 */
public record BatchResult(List<RewardRecord> records, List<CheckResult> checks, BatchAction blockedBy, String device,
                          List<ScoredSample> scored) {
}
