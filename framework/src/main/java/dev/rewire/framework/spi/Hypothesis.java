package dev.rewire.framework.spi;

import dev.rewire.framework.model.Verdict;
import java.util.Collections;
import java.util.List;

/**
 * What a filter expects a signal's picks to be if the signal is of one type: for each of the
 * signal's judgments, in order, a side ({@code a} or {@code b}), or null where it names none.
 * The pairs type model weighs every hypothesis against the genuine preference and chance, so a
 * filter adds a way of being wrong without the model knowing the filter.
 *
 * <ul>
 *   <li>{@code ARTIFACT}: the side a habit would pick (a position habit: the favoured position).</li>
 *   <li>{@code CONSTRUCTED}: a <em>cue</em>, named by {@code cue} (e.g. {@code shorter},
 *       {@code first-shown}): a property of each judgment's responses that a framing may push
 *       picks towards or away from. Which framing pushes which way, if any, the type model fits
 *       per annotator; no framing is assumed neutral. Every signal of a batch should get the
 *       same cues, so the model can compare an annotator's picks across framings.</li>
 * </ul>
 *
 * @param type  the type this hypothesis describes
 * @param picks the side per judgment; nulls allowed
 * @param cue   what the sides are (for a CONSTRUCTED cue); null for other hypotheses
 */
public record Hypothesis(Verdict type, List<String> picks, String cue) {

    /** A hypothesis without a cue name. */
    public Hypothesis(Verdict type, List<String> picks) {
        this(type, picks, null);
    }

    public Hypothesis {
        for (String p : picks) {
            if (p != null && !p.equals("a") && !p.equals("b")) {
                throw new IllegalArgumentException("a hypothesis predicts a or b, got " + p);
            }
        }
        picks = Collections.unmodifiableList(new java.util.ArrayList<>(picks));
    }
}
