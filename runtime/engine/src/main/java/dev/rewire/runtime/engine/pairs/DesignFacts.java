package dev.rewire.runtime.engine.pairs;

import java.io.Serializable;

/**
 * What the whole batch shows of each annotator before any fit, as {@link ModelData} derives it:
 * whether the design identifies their slips, the framings they chose under, whether a habit
 * hypothesis reaches them, their choices and signals. Computed per shard of whole pairs and
 * merged: every fact is an "any" or a count, so the merge is exact in any order. Immutable once
 * merged.
 *
 * @param annotators the batch's annotators
 * @param framings   the batch's framings (at least one)
 * @param cues       the batch's cues
 */
public record DesignFacts(int annotators, int framings, int cues, boolean[] designIdentified, boolean[][] seen,
                          boolean[] habitPossible, int[] choices, int[] signals) implements Serializable {

    /** These facts and another shard's, as the batch of both shows them. */
    public DesignFacts merge(DesignFacts other) {
        if (other.annotators != annotators || other.framings != framings || other.cues != cues) {
            throw new IllegalArgumentException("design facts of different batches: " + annotators + "/" + framings
                    + "/" + cues + " annotators/framings/cues against " + other.annotators + "/" + other.framings
                    + "/" + other.cues);
        }
        boolean[] identified = new boolean[annotators];
        boolean[][] seenBoth = new boolean[annotators][framings];
        boolean[] habit = new boolean[annotators];
        int[] choicesBoth = new int[annotators];
        int[] signalsBoth = new int[annotators];
        for (int u = 0; u < annotators; u++) {
            identified[u] = designIdentified[u] || other.designIdentified[u];
            habit[u] = habitPossible[u] || other.habitPossible[u];
            choicesBoth[u] = choices[u] + other.choices[u];
            signalsBoth[u] = signals[u] + other.signals[u];
            for (int f = 0; f < framings; f++) {
                seenBoth[u][f] = seen[u][f] || other.seen[u][f];
            }
        }
        return new DesignFacts(annotators, framings, cues, identified, seenBoth, habit, choicesBoth, signalsBoth);
    }
}
