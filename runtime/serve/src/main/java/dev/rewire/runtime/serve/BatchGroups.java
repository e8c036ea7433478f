package dev.rewire.runtime.serve;

import dev.rewire.framework.json.GroupKeys;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a micro-batch's requests become the batch's groups, and which of them are whole. Stateless. */
final class BatchGroups {

    private BatchGroups() {
    }

    /**
     * The batch's groups: samples of one key, whichever requests they came in. A group is whole when
     * it reached its declared size; with none declared, when one request carried it (two or more
     * samples of its key, none from another request: the client sent the group), or when its sample
     * had no key at all (a group of one by definition). Samples of one key from several
     * single-sample requests gathered by timing are never called whole: nobody said how many there are.
     */
    static List<Group> of(List<PendingRequest> taken) {
        Map<String, List<Sample>> byPrompt = new LinkedHashMap<>();
        Map<String, PendingRequest> firstRequest = new HashMap<>();
        Set<String> fromSeveral = new HashSet<>();
        Map<String, Integer> expected = new HashMap<>();
        for (PendingRequest p : taken) {
            for (Sample s : p.samples()) {
                byPrompt.computeIfAbsent(s.promptId(), k -> new ArrayList<>()).add(s);
                PendingRequest first = firstRequest.putIfAbsent(s.promptId(), p);
                if (first != null && first != p) {
                    fromSeveral.add(s.promptId());
                }
                if (p.expected() != null) {
                    expected.merge(s.promptId(), p.expected(), Math::max);
                }
            }
        }
        List<Group> groups = new ArrayList<>(byPrompt.size());
        byPrompt.forEach((prompt, samples) -> {
            Integer n = expected.get(prompt);
            boolean complete = n != null ? samples.size() >= n
                    : GroupKeys.isSolo(prompt) || samples.size() >= 2 && !fromSeveral.contains(prompt);
            groups.add(new Group(prompt, samples, n, complete));
        });
        return groups;
    }
}
