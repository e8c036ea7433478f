package dev.rewire.runtime.serve;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.BatchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Stands in for the batch pipeline behind a real {@link MicroBatcher}: keeps every batch it was
 * given and writes one record per sample, group by group, saying the group as the batcher formed
 * it (size, declared size, whole or not), which is what the barrier and the batcher decide.
 */
final class RecordingPipeline implements Function<Batch, BatchResult> {

    final List<Batch> batches = new CopyOnWriteArrayList<>();

    @Override
    public BatchResult apply(Batch batch) {
        batches.add(batch);
        List<RewardRecord> records = new ArrayList<>();
        for (Group g : batch.groups()) {
            for (Sample s : g.samples()) {
                records.add(ServeFixtures.record(s.id(), s.promptId(), batch.index(), 1.0, GroupInfo.of(g)));
            }
        }
        return new BatchResult(records, List.of(), null, "cpu", List.of());
    }

    MicroBatcher batcher() {
        return new MicroBatcher(this, 64, 1, 60_000, (result, index, samples, nanos) -> { }, line -> { }, reason -> { });
    }
}
