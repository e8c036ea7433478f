package dev.rewire.bundles.check.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Observation;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    @Test
    void pearsonAndSpearmanByHand() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 1, 4, 3, 10};
        // Pearson: deviations x -2..2, y -2,-3,0,-1,6: sxy = 18, sxx = 10, syy = 50
        assertEquals(18 / Math.sqrt(10 * 50.0), Correlation.pearson(x, y), 1e-12);
        // Spearman: ranks of y = 2,1,4,3,5 -> d^2 = 1+1+1+1+0 = 4 -> 1 - 6*4/(5*24) = 0.8
        assertEquals(0.8, Correlation.spearman(x, y), 1e-12);
        assertEquals(List.of(1.5, 1.5, 3.0), java.util.Arrays.stream(dev.rewire.framework.stats.Ranks.average(new double[] {7, 7, 9})).boxed().toList());
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 1}, new double[] {1, 2})));
    }

    private static ScoredSample sample(int i, boolean approved, boolean correct) {
        return new ScoredSample("s" + i, "p", new Observation("chat", "t", 10, null, correct, approved), Map.of(), 0, 0);
    }

    /** Batch indices as a stream has them: each batch a new one. */
    private static long nextIndex;

    /** {@code wrong} wrong answers with k approved, as many right answers with 80% approved. */
    private static ScoredBatch batch(int wrong, int approvedWrong) {
        List<ScoredSample> samples = new ArrayList<>();
        for (int i = 0; i < wrong; i++) {
            samples.add(sample(i, i < approvedWrong, false));
            samples.add(sample(1000 + i, i < wrong * 8 / 10, true));
        }
        return new ScoredBatch(nextIndex++, samples);
    }

    @Test
    void sophistryRatesAndASignificantRiseAgainstTheFirstBatch() {
        SophistryCheck check = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 1);
        CheckResult first = check.check(batch(50, 10));
        assertEquals(0.2, first.metrics().get("false_positive_rate"), 1e-12);
        assertEquals(0.8, first.metrics().get("true_positive_rate"), 1e-12);
        assertEquals(0.5, first.metrics().get("approval_rate"), 1e-12);
        assertEquals(0.5, first.metrics().get("accuracy"), 1e-12);
        assertEquals(CheckStatus.PASS, first.status());
        assertEquals(CheckStatus.WARN, check.check(batch(50, 15)).status(), "rise 0.10 > 0.05");
        CheckResult later = check.check(batch(50, 25));
        // rise 0.30; pooled rate 0.35: z = 0.3 / sqrt(0.35 * 0.65 * (2 / 50))
        assertEquals(0.3 / Math.sqrt(0.35 * 0.65 * 0.04), later.metrics().get("z"), 1e-12);
        assertEquals(CheckStatus.FAIL, later.status(), "rise 0.30 with flat accuracy, z 3.1");
        assertEquals(0.2, later.metrics().get("baseline_false_positive_rate"), 1e-12);
        SophistryCheck small = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 1);
        small.check(batch(10, 2));
        assertEquals(CheckStatus.WARN, small.check(batch(10, 5)).status(), "the same rise on 10 wrong answers: z 1.4");
        assertEquals(CheckStatus.PASS, new SophistryCheck(0.2, 0.4, 0.10, 10, 1.96, 1).check(batch(50, 25)).status(),
                "accuracy rose from 0.4 to 0.5, so a rise is not sophistry");
        assertEquals(CheckStatus.SKIPPED, new SophistryCheck(-1, -1, 0.1, 30, 1.96, 1).check(batch(10, 2)).status());
        SophistryCheck pooled = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 2);
        pooled.check(batch(50, 10));
        CheckResult second = pooled.check(batch(50, 20));
        assertEquals(CheckStatus.PASS, second.status(), "still measuring the baseline");
        assertEquals(0.3, second.metrics().get("baseline_false_positive_rate"), 1e-12, "pooled over two batches");
    }

    /** A shadow policy's pipeline checks each batch again under its own rewards: the baseline pools it once. */
    @Test
    void sophistryPoolsABaselineBatchCheckedTwiceOnce() {
        SophistryCheck check = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 2);
        ScoredBatch first = batch(50, 10);
        assertEquals(CheckStatus.PASS, check.check(first).status());
        CheckResult again = check.check(new ScoredBatch(first.index(), batch(50, 40).samples()));
        assertEquals(CheckStatus.PASS, again.status(), "part of the baseline, as the first check said");
        assertEquals(0.2, again.metrics().get("baseline_false_positive_rate"), 1e-12, "not pooled again");
        assertEquals(0.8, again.metrics().get("false_positive_rate"), 1e-12);
        CheckResult second = check.check(batch(50, 20));
        assertEquals(0.3, second.metrics().get("baseline_false_positive_rate"), 1e-12, "pooled over two batches");
        ScoredBatch third = batch(50, 25);
        assertEquals(CheckStatus.FAIL, check.check(third).status());
        assertEquals(CheckStatus.FAIL, check.check(third).status(), "after the baseline a batch checked again is judged");
    }

    /** A resumed run's check goes on from the saved baseline: the same results as the check that never stopped. */
    @Test
    void sophistryRestoredFromItsStateJudgesAsTheOriginal() {
        SophistryCheck original = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 2);
        original.check(batch(50, 10));
        original.check(batch(50, 12));
        java.util.Map<String, Double> saved = Map.copyOf(original.state());
        SophistryCheck resumed = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 2);
        resumed.restore(saved);
        for (int approvedWrong : new int[] {25, 11, 30}) {
            ScoredBatch next = batch(50, approvedWrong);
            assertEquals(original.check(next), resumed.check(next));
        }
        assertEquals(CheckStatus.FAIL, resumed.check(batch(50, 30)).status(), "judged against the saved baseline");
        SophistryCheck fresh = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 2);
        assertEquals(CheckStatus.PASS, fresh.check(batch(50, 30)).status(), "without it the baseline starts over");
    }

    @Test
    void lengthBiasFlagsRewardsThatGrowWithLength() {
        List<ScoredSample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add(new ScoredSample("s" + i, "p", new Observation(i % 2 == 0 ? "chat" : "qa", "t", 10 + i, null, null,
                    null), Map.of(), i * 0.1, 0));
        }
        CheckResult r = new LengthBiasCheck(0.3, 0.6).check(new ScoredBatch(0, samples));
        assertEquals(1.0, r.metrics().get("spearman"), 1e-12);
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(((Map<?, ?>) r.details().get("by_domain")).containsKey("qa"));
    }

    @Test
    void termHealthFindsFlatGroupsAbstentionsAndCorrelation() {
        List<ScoredSample> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, TermResult> terms = Map.of(
                    "flat", TermResult.of(1.0),
                    "signal", TermResult.of(i % 2),
                    "mirror", TermResult.of(1 - i % 2),
                    "absent", i < 7 ? TermResult.abstain("no input") : TermResult.of(0.5));
            samples.add(new ScoredSample("s" + i, "p" + (i / 4), new Observation("qa", "t", 5, null, null, null), terms, 0, 0));
        }
        CheckResult r = new TermHealthCheck(0.8).check(new ScoredBatch(0, samples));
        assertEquals(1.0, r.metrics().get("flat.zero_variance_share"));
        assertEquals(0.0, r.metrics().get("signal.zero_variance_share"));
        assertEquals(7.0 / 8, r.metrics().get("absent.abstain_rate"), 1e-12);
        assertEquals(CheckStatus.WARN, r.status());
        assertTrue(r.message().contains("flat") && r.message().contains("absent"), r.message());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Double>> corr = (Map<String, Map<String, Double>>) r.details().get("correlation");
        assertEquals(-1.0, corr.get("signal").get("mirror"), 1e-12);
    }
}
