package dev.rewire.bundles.check.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalibrationCheckServiceTest {

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = CalibrationCheckServiceTest.class.getResourceAsStream("/golden/calibration.json")) {
            return new ObjectMapper().readTree(in).get(name);
        }
    }

    private static double[] conf(JsonNode v) {
        double[] p = new double[v.get("conf").size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = v.get("conf").get(i).asDouble();
        }
        return p;
    }

    private static boolean[] correct(JsonNode v) {
        boolean[] y = new boolean[v.get("correct").size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = v.get("correct").get(i).asInt() == 1;
        }
        return y;
    }

    private static ScoredBatch batch(JsonNode v, String domain) {
        List<ScoredSample> samples = new ArrayList<>();
        double[] p = conf(v);
        boolean[] y = correct(v);
        for (int i = 0; i < p.length; i++) {
            samples.add(new ScoredSample("s" + i, "p", new Observation(domain, "test", 10, p[i], y[i], null), Map.of(), 0, 0));
        }
        return new ScoredBatch(0, samples);
    }

    @Test
    void vectorAEveryMetric() throws IOException {
        JsonNode v = golden("vectorA");
        CalibrationMetrics m = new CalibrationMetrics(conf(v), correct(v), 10, Binning.NUMPY);
        assertEquals(v.get("ece10").asDouble(), m.ece, 1e-6);
        assertEquals(v.get("mce10").asDouble(), m.mce, 1e-6);
        assertEquals(v.get("rmsce10").asDouble(), m.rmsce, 1e-6);
        assertEquals(v.get("brier").asDouble(), m.brier, 1e-6);
        assertEquals(v.get("log_loss_ln").asDouble(), m.logLoss, 1e-6);
        assertEquals(v.get("auroc").asDouble(), m.auroc, 1e-6);
        JsonNode murphy = v.get("murphy10");
        assertEquals(murphy.get("reliability").asDouble(), m.reliability, 1e-6);
        assertEquals(murphy.get("resolution").asDouble(), m.resolution, 1e-6);
        assertEquals(murphy.get("uncertainty").asDouble(), m.uncertainty, 1e-6);
        assertEquals(murphy.get("within_bin_variance").asDouble(), m.withinBinVariance, 1e-6);
        assertEquals(murphy.get("within_bin_covariance").asDouble(), m.withinBinCovariance, 1e-6);
        assertEquals(m.brier, m.reliability - m.resolution + m.uncertainty + m.withinBinVariance - m.withinBinCovariance,
                1e-12, "the extended Murphy identity holds exactly");
        assertEquals(0.185247, m.reliability - m.resolution + m.uncertainty, 1e-6, "the plain decomposition does not");
        for (JsonNode row : v.get("bins10")) {
            int b = row.get(0).asInt();
            assertEquals(row.get(1).asInt(), m.count[b], "count of bin " + b);
            assertEquals(row.get(2).asDouble(), m.meanConfidence[b], 1e-6, "confidence of bin " + b);
            assertEquals(row.get(3).asDouble(), m.accuracy[b], 1e-6, "accuracy of bin " + b);
        }
        assertEquals(v.get("ece_equal_mass_5").asDouble(),
                new CalibrationMetrics(conf(v), correct(v), 5, Binning.EQUAL_MASS).ece, 1e-6);
    }

    @Test
    void vectorBForecastsRepeatSoThePlainMurphyDecompositionIsExact() throws IOException {
        JsonNode v = golden("vectorB");
        CalibrationMetrics m = new CalibrationMetrics(conf(v), correct(v), 10, Binning.NUMPY);
        assertEquals(v.get("brier").asDouble(), m.brier, 1e-6);
        assertEquals(v.get("reliability").asDouble(), m.reliability, 1e-6);
        assertEquals(v.get("resolution").asDouble(), m.resolution, 1e-6);
        assertEquals(v.get("uncertainty").asDouble(), m.uncertainty, 1e-6);
        assertEquals(v.get("ece10").asDouble(), m.ece, 1e-6);
        assertEquals(v.get("mce10").asDouble(), m.mce, 1e-6);
        assertEquals(v.get("auroc").asDouble(), m.auroc, 1e-6);
        assertEquals(m.brier, m.reliability - m.resolution + m.uncertainty, 1e-12);
        assertEquals(0.0, m.withinBinVariance, 1e-15);
    }

    @Test
    void torchmetricsDocumentationExample() throws IOException {
        JsonNode v = golden("torchmetrics_doc");
        CalibrationMetrics m = new CalibrationMetrics(conf(v), correct(v), v.get("bins").asInt(), Binning.NUMPY);
        assertEquals(v.get("ece_l1").asDouble(), m.ece, 1e-6);
        assertEquals(v.get("ece_l2").asDouble(), m.rmsce, 1e-4);
        assertEquals(v.get("mce").asDouble(), m.mce, 1e-4);
    }

    @ParameterizedTest(name = "p = {0}: numpy bin {1}, sklearn bin {2}")
    @CsvSource({"0.0, 0, 0", "0.05, 0, 0", "0.1, 1, 0", "0.2, 2, 1", "0.3, 2, 2", "0.6, 5, 5", "0.7, 6, 6",
        "0.95, 9, 9", "1.0, 9, 9"})
    void binEdgesFollowNumpyOrSklearn(double p, int numpy, int sklearn) {
        assertArrayEquals(new int[] {numpy}, Binning.NUMPY.assign(new double[] {p}, 10));
        assertArrayEquals(new int[] {sklearn}, Binning.SKLEARN.assign(new double[] {p}, 10));
    }

    @Test
    void equalMassSplitsLikeArraySplit() {
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 3, 4}, Binning.EQUAL_MASS.assign(new double[] {.1, .2, .3, .4, .5, .6, .7}, 5));
        assertArrayEquals(new int[] {2, 0, 1}, Binning.EQUAL_MASS.assign(new double[] {.9, .1, .5}, 3));
    }

    @Test
    void aurocCountsTiesAsHalf() {
        assertEquals(0.5, CalibrationMetrics.auroc(new double[] {0.5, 0.5}, new boolean[] {true, false}));
        assertEquals(1.0, CalibrationMetrics.auroc(new double[] {0.2, 0.9}, new boolean[] {false, true}));
        assertTrue(Double.isNaN(CalibrationMetrics.auroc(new double[] {0.2, 0.9}, new boolean[] {true, true})));
    }

    @Test
    void theCheckReportsOverallPerDomainAndTheBins() throws IOException {
        JsonNode a = golden("vectorA");
        List<ScoredSample> samples = new ArrayList<>(batch(a, "qa").samples());
        samples.addAll(batch(golden("vectorB"), "math").samples());
        samples.add(new ScoredSample("x", "p", new Observation("chat", "t", 3, null, null, true), Map.of(), 0, 0));
        CheckResult r = new CalibrationCheckService(10, Binning.NUMPY, 0.10, 0.20).check(new ScoredBatch(0, samples));
        assertEquals(35.0, r.metrics().get("n"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Double>> byDomain = (Map<String, Map<String, Double>>) r.details().get("by_domain");
        assertEquals(a.get("ece10").asDouble(), byDomain.get("qa").get("ece"), 1e-6);
        assertEquals(0.19, byDomain.get("math").get("brier"), 1e-6);
        assertEquals(10, ((List<?>) r.details().get("bins")).size());
    }

    @Test
    void statusFollowsTheThresholds() throws IOException {
        ScoredBatch a = batch(golden("vectorA"), "qa"); // ECE 0.1875
        assertEquals(CheckStatus.WARN, new CalibrationCheckService(10, Binning.NUMPY, 0.10, 0.20).check(a).status());
        assertEquals(CheckStatus.FAIL, new CalibrationCheckService(10, Binning.NUMPY, 0.05, 0.15).check(a).status());
        assertEquals(CheckStatus.PASS, new CalibrationCheckService(10, Binning.NUMPY, 0.19, 0.30).check(a).status());
        ScoredSample unrated = new ScoredSample("x", "p", new Observation("math", "t", 3, null, true, null), Map.of(), 1, 0);
        assertEquals(CheckStatus.SKIPPED, new CalibrationCheckService(10, Binning.NUMPY, 0.1, 0.2)
                .check(new ScoredBatch(0, List.of(unrated))).status());
    }
}
