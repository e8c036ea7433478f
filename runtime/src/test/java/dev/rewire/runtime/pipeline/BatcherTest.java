package dev.rewire.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.testkit.TestSamples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private static Sample s(String prompt, int i) {
        return TestSamples.chat(prompt + "-" + i, prompt).build();
    }

    private static List<Batch> run(int max, String... prompts) {
        Batcher b = new Batcher(max);
        List<Batch> out = new ArrayList<>();
        int i = 0;
        for (String p : prompts) {
            b.add(s(p, i++)).ifPresent(out::add);
        }
        b.flush().ifPresent(out::add);
        return out;
    }

    private static List<String> shape(Batch b) {
        return b.groups().stream().map(g -> g.promptId() + "x" + g.size()).toList();
    }

    @Test
    void contiguousGroupsAreNeverCut() {
        List<Batch> batches = run(4, "a", "a", "b", "b", "b", "c", "c");
        assertEquals(List.of("ax2"), shape(batches.get(0)));
        assertEquals(List.of("bx3"), shape(batches.get(1)));
        assertEquals(List.of("cx2"), shape(batches.get(2)));
        assertEquals(List.of(0L, 1L, 2L), batches.stream().map(Batch::index).toList());
    }

    @Test
    void batchesNeverExceedTheLimit() {
        String[] prompts = new String[100];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = "p" + (i / 3);
        }
        List<Batch> batches = run(8, prompts);
        assertTrue(batches.stream().allMatch(b -> b.size() <= 8));
        assertEquals(100, batches.stream().mapToInt(Batch::size).sum());
    }

    @Test
    void aGroupLargerThanABatchIsSplitAndCounted() {
        Batcher b = new Batcher(3);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            b.add(s("big", i)).ifPresent(out::add);
        }
        b.flush().ifPresent(out::add);
        assertEquals(List.of(3, 2), out.stream().map(Batch::size).toList());
        assertEquals(1, b.splitGroups());
        assertEquals(0, b.scatteredGroups(), "split is not scattered");
    }

    @Test
    void aGroupWhoseMembersAreFarApartIsCountedAsScattered() {
        Batcher b = new Batcher(2);
        for (String p : List.of("a", "a", "b", "b", "c", "a", "c")) {
            b.add(s(p, 0));
        }
        b.flush();
        assertEquals(1, b.scatteredGroups(), "a came back after its batch was scored");
    }

    @Test
    void interleavedPromptsAreGroupedWithinABatch() {
        List<Batch> batches = run(10, "a", "b", "a", "b");
        List<Group> groups = batches.get(0).groups();
        assertEquals(List.of("ax2", "bx2"), shape(batches.get(0)));
        assertEquals("a-2", groups.get(0).samples().get(1).id());
    }
}
