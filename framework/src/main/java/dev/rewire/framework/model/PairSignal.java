package dev.rewire.framework.model;

import java.util.List;

/**
 * One annotator's judgments of one preference pair: the unit that is classified GENUINE,
 * CONSTRUCTED, NON_ATTITUDE or ARTIFACT (one annotator may hold a genuine preference on a pair
 * where another holds none). Immutable and thread safe.
 *
 * @param pair      the pair, with every annotator's judgments
 * @param annotator whose judgments these are
 * @param judgments this annotator's judgments of the pair, in input order
 */
public record PairSignal(PreferencePair pair, String annotator, List<Judgment> judgments) implements PreferenceSignal {

    public PairSignal {
        if (pair == null || annotator == null) {
            throw new IllegalArgumentException("a signal needs a pair and an annotator");
        }
        judgments = List.copyOf(judgments);
        for (Judgment j : judgments) {
            if (!annotator.equals(j.annotator())) {
                throw new IllegalArgumentException("pair " + pair.id() + ": judgment of " + j.annotator()
                        + " in the signal of " + annotator);
            }
        }
    }

    /**
     * A key unique in a batch, for evidence and classifications to refer to this signal; it is
     * never parsed: the pair and the annotator are fields.
     */
    @Override
    public String id() {
        return pair.id() + "#" + annotator;
    }

    @Override
    public String promptId() {
        return pair.promptId();
    }

    /** Their majority pick ({@code a} or {@code b}); null when split or without choices. */
    public String majorityPick() {
        return Judgment.majorityChoice(judgments);
    }

    /** The response with fewer words ({@code a} or {@code b}); null when both have as many. */
    public String shorterSide() {
        int a = words(pair.a());
        int b = words(pair.b());
        return a == b ? null : a < b ? "a" : "b";
    }

    /** Whitespace-separated words, counted without a regex: filters ask this for every judgment. */
    private static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            words += !space && !inWord ? 1 : 0;
            inWord = !space;
        }
        return words;
    }

    /** How many of their judgments chose a side. */
    public int choices() {
        return (int) judgments.stream().filter(Judgment::isChoice).count();
    }
}
