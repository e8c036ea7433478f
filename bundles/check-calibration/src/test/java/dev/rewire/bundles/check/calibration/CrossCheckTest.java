package dev.rewire.bundles.check.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Random vectors (a third of them on bin edges, where the conventions differ) whose expected
 * values numpy and scikit-learn computed: {@code src/test/resources/crosscheck/make_vectors.py}.
 */
class CrossCheckTest {

    @Test
    void agreesWithNumpyAndScikitLearn() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/crosscheck/vectors.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        for (JsonNode c : cases) {
            int n = c.get("conf").size();
            double[] p = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                p[i] = c.get("conf").get(i).asDouble();
                y[i] = c.get("correct").get(i).asInt() == 1;
            }
            int bins = c.get("bins").asInt();
            String which = n + " samples, " + bins + " bins";
            CalibrationMetrics numpy = new CalibrationMetrics(p, y, bins, Binning.NUMPY);
            assertEquals(c.get("ece_numpy").asDouble(), numpy.ece, 1e-9, which);
            assertEquals(c.get("mce_numpy").asDouble(), numpy.mce, 1e-9, which);
            assertEquals(c.get("rmsce_numpy").asDouble(), numpy.rmsce, 1e-9, which);
            assertEquals(c.get("brier").asDouble(), numpy.brier, 1e-9, which);
            assertEquals(c.get("log_loss").asDouble(), numpy.logLoss, 1e-9, which);
            assertEquals(c.get("auroc").asDouble(), numpy.auroc, 1e-9, which);
            assertEquals(c.get("ece_sklearn").asDouble(), new CalibrationMetrics(p, y, bins, Binning.SKLEARN).ece, 1e-9,
                    which);
            assertEquals(c.get("ece_equal_mass").asDouble(), new CalibrationMetrics(p, y, bins, Binning.EQUAL_MASS).ece,
                    1e-9, which);
            assertEquals(numpy.brier, numpy.reliability - numpy.resolution + numpy.uncertainty + numpy.withinBinVariance
                    - numpy.withinBinCovariance, 1e-12, "Murphy identity, " + which);
        }
    }
}
