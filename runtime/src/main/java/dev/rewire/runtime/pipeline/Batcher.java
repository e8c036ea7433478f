package dev.rewire.runtime.pipeline;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups a stream of samples by {@code prompt_id} into batches of at most {@code maxSamples}.
 *
 * <p>Memory holds one batch at most. When the buffer is full, every group but the one still being
 * read is emitted; that last group is carried into the next batch so a group read contiguously is
 * never cut. A single group larger than a batch is emitted whole at the limit and its remainder
 * starts a new group in the next batch; such splits are counted, since advantages of a split group
 * are normalized per part. A group whose members are far apart in the input (a member arrives
 * after the group's batch was scored) is scored in parts too; such groups are counted, among the
 * last {@value #REMEMBERED_PROMPTS} prompts scored, so the summary can say so. Not thread safe.
 */
public final class Batcher {

    private final int maxSamples;
    private final Map<String, List<Sample>> open = new LinkedHashMap<>();
    private int buffered;
    private String lastPrompt;
    private long nextIndex;
    private long splitGroups;
    private long scatteredGroups;

    /** How many emitted prompts are remembered to notice a group that comes back (bounded memory). */
    static final int REMEMBERED_PROMPTS = 65_536;

    private final Map<String, Boolean> emitted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_PROMPTS;
        }
    };

    public Batcher(int maxSamples) {
        this(maxSamples, 0);
    }

    /** @param firstIndex the index of the first batch (a resumed run goes on counting) */
    public Batcher(int maxSamples, long firstIndex) {
        this.nextIndex = firstIndex;
        if (maxSamples < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + maxSamples);
        }
        this.maxSamples = maxSamples;
    }

    /** Adds a sample; returns a batch when the buffer was full before it. */
    public Optional<Batch> add(Sample sample) {
        // checked before a cut: a group cut because it outgrew the batch is split, not scattered
        if (!open.containsKey(sample.promptId()) && emitted.remove(sample.promptId()) != null) {
            scatteredGroups++;
        }
        Optional<Batch> full = Optional.empty();
        if (buffered == maxSamples) {
            full = Optional.of(cut(sample.promptId()));
        }
        open.computeIfAbsent(sample.promptId(), k -> new ArrayList<>()).add(sample);
        buffered++;
        lastPrompt = sample.promptId();
        return full;
    }

    /** Emits whatever is buffered, if anything. */
    public Optional<Batch> flush() {
        if (buffered == 0) {
            return Optional.empty();
        }
        List<Group> groups = new ArrayList<>();
        open.forEach((prompt, samples) -> {
            groups.add(new Group(prompt, samples));
            emitted.put(prompt, Boolean.TRUE);
        });
        open.clear();
        buffered = 0;
        return Optional.of(new Batch(nextIndex++, groups));
    }

    /** Groups whose members were far apart in the input: a member came after the group's batch was scored. */
    public long scatteredGroups() {
        return scatteredGroups;
    }

    /** Groups split because one prompt had more samples than a batch holds. */
    public long splitGroups() {
        return splitGroups;
    }

    private Batch cut(String incomingPrompt) {
        List<Sample> carried = open.size() > 1 ? open.remove(lastPrompt) : null;
        if (carried == null && open.containsKey(incomingPrompt)) {
            splitGroups++;
        }
        Batch batch = flush().orElseThrow();
        if (carried != null) {
            open.put(lastPrompt, carried);
            buffered = carried.size();
        }
        return batch;
    }
}
