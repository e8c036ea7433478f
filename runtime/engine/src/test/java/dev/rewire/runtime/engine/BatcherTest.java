package dev.rewire.runtime.engine;

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

    private static List<String> wholeness(Batch b) {
        return b.groups().stream().map(g -> g.promptId() + "x" + g.size() + (g.complete() ? " whole" : " part")).toList();
    }

    @Test
    void everyGroupSaysWhetherItIsWhole() {
        Batcher b = new Batcher(3);
        List<Batch> out = new ArrayList<>();
        for (String p : List.of("a", "b", "b", "c", "c", "c", "c", "d")) {
            b.add(s(p, out.size())).ifPresent(out::add);
        }
        b.flush().ifPresent(out::add);
        // a and b: the input moved on; c: cut by the batch limit, both parts say so; d: the input ended
        assertEquals(List.of("ax1 whole"), wholeness(out.get(0)));
        assertEquals(List.of("bx2 whole"), wholeness(out.get(1)));
        assertEquals(List.of("cx3 part"), wholeness(out.get(2)));
        assertEquals(List.of("cx1 part", "dx1 whole"), wholeness(out.get(3)));
        assertEquals(2, b.incompleteGroups());
    }

    @Test
    void anIdleFlushCallsTheGroupStillBeingReadAPart() {
        Batcher b = new Batcher(10);
        for (String p : List.of("a", "a", "b")) {
            b.add(s(p, 0));
        }
        Batch idle = b.flushIdle().orElseThrow();
        assertEquals(List.of("ax2 whole", "bx1 part"), wholeness(idle));
        b.add(s("b", 1));
        assertEquals(List.of("bx1 part"), wholeness(b.flush().orElseThrow()), "the rest of b continues a part");
    }

    @Test
    void withAGroupSizeAnIdleFlushHoldsShortGroupsAndWholenessIsTheSize() {
        Batcher b = new Batcher(10, 0, 3, 60_000);
        for (String p : List.of("a", "a", "a", "b", "b")) {
            b.add(s(p, 0));
        }
        b.add(TestSamples.chat("lone", "solo-lone").build());
        Batch idle = b.flushIdle().orElseThrow();
        // a has its 3; b (2 of 3) is held for its third; a sample without a key is never held
        assertEquals(List.of("ax3 whole", "solo-lonex1 part"), wholeness(idle));
        assertEquals(3, idle.groups().get(0).expected());
        b.add(s("b", 9));
        assertEquals(List.of("bx3 whole"), wholeness(b.flush().orElseThrow()));
        // the end of the input sends a short group as it is
        Batcher end = new Batcher(10, 0, 3, 60_000);
        end.add(s("c", 0));
        assertEquals(List.of("cx1 part"), wholeness(end.flush().orElseThrow()));
        // once the wait is over an idle flush sends it too
        Batcher waited = new Batcher(10, 0, 3, 0);
        waited.add(s("c", 0));
        assertEquals(List.of("cx1 part"), wholeness(waited.flushIdle().orElseThrow()));
    }
}
