package dev.rewire.runtime.engine.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The type model on planted signals coded by hand: two framings (0 and 1) that both push, two cues
 * (0: the shorter side, 1: the first-shown side), one annotator a pair unless stated.
 */
class TypeModelTest {

    private static final int G = 0;
    private static final int C = 1;
    private static final int N = 2;

    /** Planted signals: annotators 0-5 genuine, 6-7 constructed (shorter under 0, longer under 1), 8-9 coins. */
    private static List<TypeModel.Signal> twoRoundsNoNeutral(Random random, int items, double noise, int[] planted) {
        List<TypeModel.Signal> signals = new ArrayList<>();
        int pair = 0;
        for (int u = 0; u < 10; u++) {
            for (int i = 0; i < items; i++) {
                int better = random.nextInt(2);
                int shorter = random.nextInt(2);
                int first = random.nextInt(2);
                int[] picks = new int[2];
                int[] framing = {0, 1};
                int[][] cues = {{shorter, shorter}, {first, 1 - first}};
                boolean moved = false;
                for (int j = 0; j < 2; j++) {
                    int pick;
                    if (u < 6) {
                        pick = random.nextDouble() < noise ? 1 - better : better;
                    } else if (u < 8) {
                        int pushed = j == 0 ? shorter : 1 - shorter;
                        moved |= pushed != better;
                        pick = random.nextDouble() < noise ? 1 - pushed : pushed;
                    } else {
                        pick = random.nextInt(2);
                    }
                    picks[j] = pick;
                }
                planted[signals.size()] = u < 6 ? G : u < 8 ? (moved ? C : G) : N;
                signals.add(new TypeModel.Signal(pair++, u, picks, 0, framing, cues, null));
            }
        }
        return signals;
    }

    /** The planted type each signal is decided as (posterior 0.9 or more), per planted type: {planted, decided right}. */
    private static int[][] recovered(TypeModel.Fit fit, int[] planted) {
        int[][] right = new int[3][2];
        for (int s = 0; s < planted.length; s++) {
            double[] p = fit.posterior()[s];
            right[planted[s]][0]++;
            right[planted[s]][1] += p[planted[s]] >= 0.9 ? 1 : 0;
        }
        return right;
    }

    /**
     * Two judgments a pair, one annotator a pair, both framings pushing ("shorter" under 0, the
     * longer under 1): no framing is neutral, yet the constructed annotators are found from their
     * own picks, their pushes named, and the coin-flippers found as coins.
     */
    @Test
    void withNoNeutralFramingAConstructedAnnotatorIsFoundFromTheirOwnPicks() {
        int items = 40;
        int[] planted = new int[10 * items];
        List<TypeModel.Signal> signals = twoRoundsNoNeutral(new Random(3), items, 0.05, planted);
        TypeModel.Fit fit = TypeModel.fit(signals, signals.size(), 10, 2, 2);
        for (int u = 6; u < 8; u++) {
            assertEquals(1, fit.push()[u][0], "framing 0: to the shorter (cue 0 followed)");
            assertEquals(2, fit.push()[u][1], "framing 1: away from the shorter");
            assertTrue(fit.classes()[u][C] > 0.9, Arrays.toString(fit.classes()[u]));
        }
        for (int u = 0; u < 6; u++) {
            assertTrue(fit.classes()[u][G] > 0.8, "genuine " + u + ": " + Arrays.toString(fit.classes()[u]));
        }
        for (int u = 8; u < 10; u++) {
            assertTrue(fit.classes()[u][N] > 0.9, "coin " + u + ": " + Arrays.toString(fit.classes()[u]));
        }
        int[][] right = recovered(fit, planted);
        assertEquals(right[G][0], right[G][1], Arrays.deepToString(right));
        assertTrue(right[C][1] >= 0.95 * right[C][0], "a slip may leave one undecided: " + Arrays.deepToString(right));
        assertEquals(right[N][0], right[N][1], "a coin throughout, even with two judgments a pair");
    }

    /**
     * A speeder with a position habit picks the first shown under every framing: the same push
     * under every framing is a habit, not a framing's doing, and never a constructed pattern.
     */
    @Test
    void theSamePushUnderEveryFramingIsAHabitNotAFramingEffect() {
        Random random = new Random(5);
        List<TypeModel.Signal> signals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int first = random.nextInt(2);
            int[][] cues = {{random.nextInt(2), -1}, {first, 1 - first}};
            cues[0][1] = cues[0][0];
            signals.add(new TypeModel.Signal(i, 0, new int[] {first, 1 - first}, 0, new int[] {0, 1}, cues,
                    new int[] {first, 1 - first}));
        }
        TypeModel.Fit fit = TypeModel.fit(signals, signals.size(), 1, 2, 2);
        assertTrue(fit.push()[0][0] != fit.push()[0][1] || fit.push()[0][0] == 0, Arrays.toString(fit.push()[0]));
        assertTrue(fit.classes()[0][3] > 0.9, "the habit's: " + Arrays.toString(fit.classes()[0]));
    }

    /** One judgment of a pair and no one else's: a preference and a coin predict it equally well. */
    @Test
    void oneJudgmentWithNoOneElseCannotTellGenuineFromNonAttitude() {
        List<TypeModel.Signal> signals = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            signals.add(new TypeModel.Signal(p, p % 3, new int[] {p % 2}, 0, new int[] {0}, new int[0][], null));
        }
        TypeModel.Fit fit = TypeModel.fit(signals, 30, 3, 1, 0);
        for (double[] posterior : fit.posterior()) {
            assertTrue(Math.max(posterior[G], posterior[N]) < 0.9, Arrays.toString(posterior));
        }
    }

    /** Ties are evidence: a coin that answers "tie" a third of the time ties at its own, fitted rate. */
    @Test
    void tiesAreEvidenceAtEachTypesOwnRate() {
        Random random = new Random(9);
        List<TypeModel.Signal> signals = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            int better = random.nextInt(2);
            for (int u = 0; u < 2; u++) {
                signals.add(new TypeModel.Signal(p, u, new int[] {better, better}, 0, new int[] {0, 0}, new int[0][], null));
            }
            boolean tie = random.nextDouble() < 0.33;
            int[] picks = tie ? new int[] {random.nextInt(2)} : new int[] {random.nextInt(2), random.nextInt(2)};
            signals.add(new TypeModel.Signal(p, 2, picks, tie ? 1 : 0, new int[picks.length], new int[0][], null));
        }
        TypeModel.Fit fit = TypeModel.fit(signals, 60, 3, 1, 0);
        assertTrue(fit.tieRate()[N] > 0.1, Arrays.toString(fit.tieRate()));
        assertTrue(fit.tieRate()[G] < 0.05, Arrays.toString(fit.tieRate()));
        assertTrue(fit.classes()[2][N] > 0.9, Arrays.toString(fit.classes()[2]));
    }
}
