package dev.rewire.runtime.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TypeModelTest {

    private static final int G = 0;
    private static final int C = 1;
    private static final int N = 2;
    private static final int A = 3;

    @Test
    void oneJudgmentWithNoOneElseCannotTellGenuineFromNonAttitude() {
        List<TypeModel.Signal> signals = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            signals.add(new TypeModel.Signal(p, p % 3, new int[] {p % 2}, null, null));
        }
        TypeModel.Fit fit = TypeModel.fit(signals, 30, 3);
        for (double[] posterior : fit.posterior()) {
            assertEquals(0.5, posterior[G], 1e-12);
            assertEquals(0.5, posterior[N], 1e-12);
            assertEquals(0.0, posterior[C]);
            assertEquals(0.0, posterior[A]);
        }
    }

    @Test
    void repeatsAndCoAnnotatorsSeparateGenuinePreferencesFromCoins() {
        Random random = new Random(7);
        int pairs = 40;
        int[] better = new int[pairs];
        List<TypeModel.Signal> signals = new ArrayList<>();
        List<Integer> coin = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            better[p] = random.nextInt(2);
            for (int u = 0; u < 3; u++) {
                signals.add(new TypeModel.Signal(p, u, new int[] {better[p], better[p]}, null, null));
            }
            coin.add(signals.size());
            signals.add(new TypeModel.Signal(p, 3, new int[] {random.nextInt(2), random.nextInt(2)}, null, null));
        }
        TypeModel.Fit fit = TypeModel.fit(signals, pairs, 4);
        for (int s = 0; s < signals.size(); s++) {
            TypeModel.Signal signal = signals.get(s);
            if (!coin.contains(s)) {
                assertTrue(fit.posterior()[s][G] > 0.99, "genuine signal " + s + ": " + fit.posterior()[s][G]);
            } else if (signal.picks()[0] != signal.picks()[1] || signal.picks()[0] != better[signal.pair()]) {
                assertTrue(fit.posterior()[s][N] > 0.99, "coin signal " + s + ": " + fit.posterior()[s][N]);
            }
        }
        assertTrue(fit.mix()[3][N] > 0.9, "the coin-flipper's mix " + fit.mix()[3][N]);
        for (int p = 0; p < pairs; p++) {
            assertEquals(better[p] == 0, fit.betterIsA()[p] > 0.99);
        }
    }

    @Test
    void aConstructedStrategyTheFramingDidNotMoveIsReportedGenuine() {
        Random random = new Random(11);
        int pairs = 40;
        List<TypeModel.Signal> signals = new ArrayList<>();
        List<int[]> swayed = new ArrayList<>(); // {signal index, better, pushed-to side}
        for (int p = 0; p < pairs; p++) {
            int better = random.nextInt(2);
            int shorter = random.nextInt(2);
            for (int u = 0; u < 3; u++) {
                signals.add(new TypeModel.Signal(p, u, new int[] {better, better, better, better},
                        new int[] {-1, shorter, -1, shorter}, null));
            }
            swayed.add(new int[] {signals.size(), better, shorter});
            signals.add(new TypeModel.Signal(p, 3, new int[] {better, shorter, better, shorter},
                    new int[] {-1, shorter, -1, shorter}, null));
        }
        TypeModel.Fit fit = TypeModel.fit(signals, pairs, 4);
        for (int[] s : swayed) {
            int reported = s[1] == s[2] ? G : C;
            assertTrue(fit.posterior()[s[0]][reported] > 0.95, "signal " + s[0] + " better " + s[1] + " pushed to "
                    + s[2] + ": " + java.util.Arrays.toString(fit.posterior()[s[0]]));
        }
        assertTrue(fit.mix()[3][C] > 0.9, "the swayed annotator follows the framing on every pair");
        assertTrue(fit.mix()[0][G] > 0.9);
    }

    @Test
    void aPositionHabitIsAnArtifactOnlyWhereAFilterOffersTheHypothesis() {
        Random random = new Random(3);
        List<TypeModel.Signal> signals = new ArrayList<>();
        List<Integer> habitual = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            int better = random.nextInt(2);
            int first = random.nextInt(2);
            for (int u = 0; u < 2; u++) {
                signals.add(new TypeModel.Signal(p, u, new int[] {better, better}, null, null));
            }
            habitual.add(signals.size());
            signals.add(new TypeModel.Signal(p, 2, new int[] {first, 1 - first}, null, new int[] {first, 1 - first}));
        }
        TypeModel.Fit fit = TypeModel.fit(signals, 40, 3);
        for (int s : habitual) {
            assertTrue(fit.posterior()[s][A] > 0.99, "signal " + s + ": " + fit.posterior()[s][A]);
        }
        assertTrue(fit.habit()[2] > 0.95);
    }
}
