package dev.rewire.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The plan must number every sample's batch, and say which groups are cut, exactly as the real Batcher does. */
class BatchPlanTest {

    private static Sample sample(String id, String prompt) {
        return new Sample(id, prompt, "math", "dataset", "q", id, null, null, null, null, null, null, null, Map.of(), null);
    }

    @Test
    void agreesWithTheBatcherOnContiguousGroupsOfEverySize() {
        for (long seed = 1; seed <= 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int max = 1 + random.nextInt(seed % 3 == 0 ? 8 : 300);
            int groups = 1 + random.nextInt(200);
            int[] sizes = new int[groups];
            for (int g = 0; g < groups; g++) {
                // mostly small groups, now and then one larger than a batch
                sizes[g] = random.nextInt(10) == 0 ? 1 + random.nextInt(3 * max) : 1 + random.nextInt(Math.max(1, max / 3));
            }
            check(max, sizes, 7, "seed " + seed);
        }
    }

    @Test
    void aBatchThatFillsExactlyAtAGroupsEndCarriesThatGroup() {
        // 4 + 4 fill a batch of 8; the third group's first sample cuts it and the second group moves on
        check(8, new int[] {4, 4, 3}, 0, "exact fill");
        check(8, new int[] {8, 8, 8}, 0, "one group per batch");
        check(8, new int[] {20, 1, 20}, 3, "splits");
    }

    private static void check(int max, int[] sizes, long firstIndex, String what) {
        Batcher batcher = new Batcher(max, firstIndex);
        Map<String, Long> batchOf = new HashMap<>();
        Map<String, Boolean> whole = new HashMap<>();
        List<Batch> batches = new ArrayList<>();
        BatchPlan.Builder plan = new BatchPlan.Builder(max, firstIndex);
        for (int g = 0; g < sizes.length; g++) {
            plan.group(sizes[g]);
            for (int j = 0; j < sizes[g]; j++) {
                batcher.add(sample(g + ":" + j, "p" + g)).ifPresent(batches::add);
            }
        }
        batcher.flush().ifPresent(batches::add);
        for (Batch b : batches) {
            for (Group group : b.groups()) {
                for (Sample s : group.samples()) {
                    batchOf.put(s.id(), b.index());
                    whole.put(s.id(), group.complete());
                }
            }
        }
        BatchPlan built = plan.build();
        assertEquals(batches.size(), built.batches(), what + ": batches");
        for (int g = 0; g < sizes.length; g++) {
            for (int j = 0; j < sizes[g]; j++) {
                String id = g + ":" + j;
                assertEquals(batchOf.get(id), built.batchOf(g, j), what + ": batch of sample " + id + " (max " + max + ")");
                assertEquals(whole.get(id), !built.split(g), what + ": whether " + id + "'s group is whole");
            }
        }
    }
}
