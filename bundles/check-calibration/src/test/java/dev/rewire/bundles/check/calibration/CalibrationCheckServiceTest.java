package dev.rewire.bundles.check.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CalibrationCheckServiceTest {

    private static JsonNode golden() throws IOException {
        try (InputStream in = CalibrationCheckServiceTest.class.getResourceAsStream("/golden/calibration.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Samples whose stated confidence is conf[i] and whose answer is right iff correct[i] == 1. */
    private static ScoredBatch batch(JsonNode vector, boolean confidenceInTag) {
        List<ScoredSample> samples = new ArrayList<>();
        for (int i = 0; i < vector.get("conf").size(); i++) {
            double q = vector.get("conf").get(i).asDouble();
            boolean correct = vector.get("correct").get(i).asInt() == 1;
            String completion = "<answer>" + (correct ? "yes" : "no") + "</answer>"
                    + (confidenceInTag ? "<confidence>" + q + "</confidence>" : "");
            Sample s = new Sample("s" + i, "p", "qa", "test", "q", completion, "yes", confidenceInTag ? null : q,
                    null, null, null, null);
            samples.add(new ScoredSample(s, Map.of(), 0, 0));
        }
        return new ScoredBatch(0, samples);
    }

    private static CalibrationCheckService service(double warn, double fail) {
        CalibrationCheckService s = new CalibrationCheckService();
        s.configure(new CalibrationCheckService.Config() {
            @Override public int bins() { return 10; }
            @Override public double warn__ece() { return warn; }
            @Override public double fail__ece() { return fail; }
            @Override public Class<? extends Annotation> annotationType() { return CalibrationCheckService.Config.class; }
        });
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"vectorA", "vectorB"})
    void matchesTheGoldenVectors(String name) throws IOException {
        JsonNode v = golden().get(name);
        for (boolean inTag : new boolean[] {false, true}) {
            CheckResult r = service(0.10, 0.20).check(batch(v, inTag));
            assertEquals(v.get("ece10").asDouble(), r.metrics().get("ece"), 1e-6);
            assertEquals(v.get("mce10").asDouble(), r.metrics().get("mce"), 1e-6);
            assertEquals(v.get("brier").asDouble(), r.metrics().get("brier"), 1e-6);
            assertEquals(v.get("conf").size(), r.metrics().get("n"));
        }
    }

    @Test
    void binsMatchTheGoldenTable() throws IOException {
        JsonNode v = golden().get("vectorA");
        ReliabilityBins bins = new ReliabilityBins(10);
        for (int i = 0; i < v.get("conf").size(); i++) {
            bins.add(v.get("conf").get(i).asDouble(), v.get("correct").get(i).asInt() == 1);
        }
        for (JsonNode row : v.get("bins10")) {
            int b = row.get(0).asInt();
            assertEquals(row.get(1).asInt(), bins.count[b], "count of bin " + b);
            assertEquals(row.get(2).asDouble(), bins.confidenceSum[b] / bins.count[b], 1e-6, "confidence of bin " + b);
            assertEquals(row.get(3).asDouble(), bins.correctSum[b] / bins.count[b], 1e-6, "accuracy of bin " + b);
        }
    }

    @ParameterizedTest(name = "p = {0} falls in bin {1}")
    @CsvSource({"0.0, 0", "0.1, 1", "0.3, 2", "0.6, 5", "0.7, 6", "0.2, 2", "0.95, 9", "1.0, 9"})
    void binEdgesFollowNumpy(double p, int bin) {
        assertEquals(bin, new ReliabilityBins(10).binOf(p));
    }

    @Test
    void statusFollowsTheThresholds() throws IOException {
        JsonNode a = golden().get("vectorA"); // ECE 0.1875
        assertEquals(CheckStatus.WARN, service(0.10, 0.20).check(batch(a, false)).status());
        assertEquals(CheckStatus.FAIL, service(0.05, 0.15).check(batch(a, false)).status());
        assertEquals(CheckStatus.PASS, service(0.19, 0.30).check(batch(a, false)).status());
    }

    @Test
    void skipsABatchWithoutConfidences() {
        Sample s = new Sample("s", "p", "math", "t", "q", "<answer>1</answer>", "1", null, null, null, null, null);
        CheckResult r = service(0.1, 0.2).check(new ScoredBatch(0, List.of(new ScoredSample(s, Map.of(), 1, 0))));
        assertEquals(CheckStatus.SKIPPED, r.status());
    }
}
