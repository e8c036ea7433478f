package dev.rewire.framework.spi;

import dev.rewire.framework.model.Verdict;
import java.util.Collections;
import java.util.List;

/**
 * What a filter expects a signal's picks to be if the signal is of one type: for each of the
 * signal's judgments, in order, the side ({@code a} or {@code b}) that type would pick, or null
 * where the type predicts nothing (that judgment then follows the signal's genuine preference).
 * The pairs type model weighs every hypothesis against the genuine preference and chance, so a
 * filter adds a way of being wrong without the model knowing the filter.
 *
 * @param type  the type this hypothesis describes
 * @param picks the expected pick per judgment; nulls allowed
 */
public record Hypothesis(Verdict type, List<String> picks) {

    public Hypothesis {
        for (String p : picks) {
            if (p != null && !p.equals("a") && !p.equals("b")) {
                throw new IllegalArgumentException("a hypothesis predicts a or b, got " + p);
            }
        }
        picks = Collections.unmodifiableList(new java.util.ArrayList<>(picks));
    }
}
