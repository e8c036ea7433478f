package dev.rewire.runtime.pairs;

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

    @Test
    void withNoNeutralFramingAConstructedAnnotatorIsFoundFromTheirOwnPicks() {
        int items = 40;
        int[] planted = new int[10 * items];
        List<TypeModel.Signal> signals = twoRoundsNoNeutral(new Random(3), items, 0.05, planted);
        TypeModel.Fit fit = TypeModel.fit(signals, signals.size(), 10, 2, 2);
        System.out.println(Arrays.deepToString(fit.push()) + " it " + fit.iterations());
        System.out.println(Arrays.deepToString(fit.classes()));
        int[][] right = new int[3][2];
        for (int s = 0; s < signals.size(); s++) {
            double[] p = fit.posterior()[s];
            int best = 0;
            for (int z = 1; z < 4; z++) {
                best = p[z] > p[best] ? z : best;
            }
            right[planted[s]][0]++;
            right[planted[s]][1] += best == planted[s] && p[best] >= 0.9 ? 1 : 0;
        }
        System.out.println(Arrays.deepToString(right));
        assertEquals(3, fit.push()[6][0], "under framing 0, away from the shorter? no: to the shorter is 1");
    }
}
