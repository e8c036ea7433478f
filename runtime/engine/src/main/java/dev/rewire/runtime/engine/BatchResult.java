package dev.rewire.runtime.engine;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ScoredSample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of one batch.
 *
 * @param records   one output record per sample, in batch order (group by group), poisoned samples left out
 * @param checks    the calibration checks' results on this batch
 * @param blockedBy the policy's block action, or null
 * @param device    where the scorer ran
 * @param scored    the batch as the checks saw it
 * @param poisoned  samples the batch could not be decided with (the policy threw on them alone), with
 *                  why; they have no record and are the caller's to reject. Empty on almost every batch
 */
public record BatchResult(List<RewardRecord> records, List<CheckResult> checks, BatchAction blockedBy, String device,
                          List<ScoredSample> scored, List<Poisoned> poisoned) {

    /** A sample left out of its batch: the rule that threw on it and what it threw. */
    public record Poisoned(Sample sample, String reason) {
    }

    /** The batch as it was scored: {@code batch} less the poisoned samples (a group left empty is dropped). */
    public Batch decided(Batch batch) {
        if (poisoned.isEmpty()) {
            return batch;
        }
        Set<String> ids = new HashSet<>();
        poisoned.forEach(p -> ids.add(p.sample().id()));
        return without(batch, ids);
    }

    static Batch without(Batch batch, Set<String> ids) {
        List<Group> groups = new ArrayList<>(batch.groups().size());
        for (Group g : batch.groups()) {
            List<Sample> kept = g.samples().stream().filter(s -> !ids.contains(s.id())).toList();
            if (!kept.isEmpty()) {
                groups.add(kept.size() == g.samples().size() ? g : new Group(g.promptId(), kept));
            }
        }
        return new Batch(batch.index(), groups);
    }

    public BatchResult(List<RewardRecord> records, List<CheckResult> checks, BatchAction blockedBy, String device,
                       List<ScoredSample> scored) {
        this(records, checks, blockedBy, device, scored, List.of());
    }
}
