package dev.rewire.bench.singlepass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups samples by prompt_id into batches of at most {@code max} samples, as rewire score does:
 * when the buffer is full and another sample arrives, every group but the last one read is emitted
 * and the last one is carried into the next batch (so a group read contiguously is never cut); a
 * lone group larger than a batch is cut at the limit.
 */
final class Batcher {

    private final int max;
    private final Map<String, List<Sample>> open = new LinkedHashMap<>();
    private int buffered;
    private String lastPrompt;

    Batcher(int max) {
        this.max = max;
    }

    /** Adds a sample; returns the groups of a full batch when the buffer was full before it, else null. */
    List<List<Sample>> add(Sample s) {
        List<List<Sample>> full = null;
        if (buffered == max) {
            List<Sample> carried = open.size() > 1 ? open.remove(lastPrompt) : null;
            full = flush();
            if (carried != null) {
                open.put(lastPrompt, carried);
                buffered = carried.size();
            }
        }
        open.computeIfAbsent(s.promptId, k -> new ArrayList<>()).add(s);
        buffered++;
        lastPrompt = s.promptId;
        return full;
    }

    /** The buffered groups, in order of first appearance; null when nothing is buffered. */
    List<List<Sample>> flush() {
        if (buffered == 0) {
            return null;
        }
        List<List<Sample>> groups = new ArrayList<>(open.values());
        open.clear();
        buffered = 0;
        return groups;
    }
}
