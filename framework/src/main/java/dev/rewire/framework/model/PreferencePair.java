package dev.rewire.framework.model;

import java.util.List;

/**
 * Two responses to one prompt and the judgments of which is better. Immutable and thread safe.
 *
 * @param id        unique id of the pair
 * @param promptId  the prompt
 * @param prompt    the prompt text
 * @param a         the first response (as stored, before any shown order)
 * @param b         the second response
 * @param domain    the domain, as for samples
 * @param judgments the judgments; picks are {@code a}, {@code b}, {@code tie} or {@code skip}
 */
public record PreferencePair(String id, String promptId, String prompt, String a, String b, String domain,
                             List<Judgment> judgments) implements PreferenceSignal {

    public PreferencePair {
        judgments = judgments == null ? List.of() : List.copyOf(judgments);
    }
}
