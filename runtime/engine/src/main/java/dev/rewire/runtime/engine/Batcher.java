package dev.rewire.runtime.engine;

import dev.rewire.framework.json.GroupKeys;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Groups a stream of samples by {@code prompt_id} into batches of at most {@code maxSamples}.
 *
 * <p>Memory holds one batch at most. When the buffer is full, every group but the one still being
 * read is emitted; that last group is carried into the next batch so a group read contiguously is
 * never cut. A single group larger than a batch is emitted whole at the limit and its remainder
 * starts a new group in the next batch; such splits are counted, since advantages of a split group
 * are normalized per part. A group whose members are far apart in the input (a member arrives
 * after the group's batch was scored) is scored in parts too; such groups are counted, among the
 * last {@value #REMEMBERED_PROMPTS} prompts scored, so the summary can say so.
 *
 * <p>Every emitted {@link Group} says whether it is whole. With a group size N ({@code --group-size}):
 * whole when it has N samples; an idle flush ({@link #flushIdle}) holds a smaller group until it
 * has N or has waited the group wait, and the end of input emits it as it is. Without one: whole
 * unless it was split by the batch limit, continues a part emitted before, or was the group still
 * being read when an idle flush cut it (its next sample may be on its way). A sample without a
 * group key ({@link GroupKeys#isSolo}) is a group of one and is never held. Not thread safe.
 */
public final class Batcher {

    private final int maxSamples;
    private final int groupSize;
    private final long groupWaitNanos;
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** Prompts whose next group continues a part already emitted (a split). */
    private final Set<String> continuing = new HashSet<>();
    private int buffered;
    private String lastPrompt;
    private long nextIndex;
    private long splitGroups;
    private long scatteredGroups;
    private long incompleteGroups;

    /** How many emitted prompts are remembered to notice a group that comes back (bounded memory). */
    static final int REMEMBERED_PROMPTS = 65_536;

    private final Map<String, Boolean> emitted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_PROMPTS;
        }
    };

    /** A group being gathered: its samples, when it opened, and whether it continues an emitted part. */
    private static final class Open {
        final List<Sample> samples = new ArrayList<>();
        final long since;
        final boolean continued;

        Open(long since, boolean continued) {
            this.since = since;
            this.continued = continued;
        }
    }

    public Batcher(int maxSamples) {
        this(maxSamples, 0);
    }

    /** @param firstIndex the index of the first batch (a resumed run goes on counting) */
    public Batcher(int maxSamples, long firstIndex) {
        this(maxSamples, firstIndex, 0, 0);
    }

    /**
     * @param groupSize      the samples a whole group has (0: not declared)
     * @param groupWaitMillis how long an idle flush holds a group short of {@code groupSize}
     */
    public Batcher(int maxSamples, long firstIndex, int groupSize, long groupWaitMillis) {
        this.nextIndex = firstIndex;
        if (maxSamples < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + maxSamples);
        }
        if (groupSize < 0) {
            throw new IllegalArgumentException("--group-size must be >= 0, got " + groupSize);
        }
        this.maxSamples = maxSamples;
        this.groupSize = groupSize;
        this.groupWaitNanos = TimeUnit.MILLISECONDS.toNanos(groupWaitMillis);
    }

    /** Adds a sample; returns a batch when the buffer was full before it. */
    public Optional<Batch> add(Sample sample) {
        String key = sample.promptId();
        // checked before a cut: a group cut because it outgrew the batch is split, not scattered
        boolean returning = !open.containsKey(key) && emitted.remove(key) != null;
        if (returning) {
            scatteredGroups++;
        }
        Optional<Batch> full = Optional.empty();
        if (buffered == maxSamples) {
            full = Optional.of(cut(key));
        }
        Open group = open.get(key);
        if (group == null) {
            group = new Open(System.nanoTime(), returning | continuing.remove(key));
            open.put(key, group);
        }
        group.samples.add(sample);
        buffered++;
        lastPrompt = key;
        return full;
    }

    /** The end of the input: emits whatever is buffered, if anything. */
    public Optional<Batch> flush() {
        return emit(false, System.nanoTime(), Set.of());
    }

    /**
     * The input went idle: emits what is buffered, except groups still short of the group size
     * that have waited less than the group wait (they are held for their other samples).
     */
    public Optional<Batch> flushIdle() {
        return emit(true, System.nanoTime(), Set.of());
    }

    /** Groups whose members were far apart in the input: a member came after the group's batch was scored. */
    public long scatteredGroups() {
        return scatteredGroups;
    }

    /** Groups split because one prompt had more samples than a batch holds. */
    public long splitGroups() {
        return splitGroups;
    }

    /** Groups emitted that were not whole (their records say {@code "complete": false}). */
    public long incompleteGroups() {
        return incompleteGroups;
    }

    private Optional<Batch> emit(boolean idle, long now, Set<String> cutShort) {
        List<Group> groups = new ArrayList<>();
        for (Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Open> e = it.next();
            String key = e.getKey();
            Open g = e.getValue();
            boolean solo = GroupKeys.isSolo(key);
            if (idle && groupSize > 0 && !solo && g.samples.size() < groupSize && now - g.since < groupWaitNanos) {
                continue; // held: its other samples may still come
            }
            boolean complete = groupSize > 0 ? g.samples.size() >= groupSize
                    : !g.continued && !cutShort.contains(key) && !(idle && key.equals(lastPrompt) && !solo);
            if (!complete) {
                incompleteGroups++;
            }
            groups.add(new Group(key, g.samples, groupSize > 0 ? groupSize : null, complete));
            emitted.put(key, Boolean.TRUE);
            buffered -= g.samples.size();
            it.remove();
        }
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Batch(nextIndex++, groups));
    }

    private Batch cut(String incomingPrompt) {
        Open carried = open.size() > 1 ? open.remove(lastPrompt) : null;
        if (carried != null) {
            buffered -= carried.samples.size();
        }
        Set<String> cutShort = Set.of();
        if (carried == null && open.containsKey(incomingPrompt)) {
            splitGroups++;
            cutShort = Set.of(incomingPrompt);
            continuing.add(incomingPrompt);
        }
        Batch batch = emit(false, System.nanoTime(), cutShort).orElseThrow();
        if (carried != null) {
            open.put(lastPrompt, carried);
            buffered += carried.samples.size();
        }
        return batch;
    }
}
