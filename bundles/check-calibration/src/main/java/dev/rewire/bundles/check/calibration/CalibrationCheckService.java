package dev.rewire.bundles.check.calibration;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.CalibrationCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.text.Answers;
import dev.rewire.framework.text.RlcrFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * {@code calibration}: ECE (10 equal-width bins, numpy convention) and Brier score of the stated
 * confidence against correctness, over the samples of a batch that carry both: a confidence (the
 * {@code confidence} field, else the last {@code <confidence>} tag) and a reference to judge the
 * final answer by. ECE above {@code warn_ece} (0.10) warns, above {@code fail_ece} (0.20) fails.
 * Configuration PID {@code rewire.check.calibration}.
 */
@Component(service = CalibrationCheck.class, configurationPid = "rewire.check.calibration")
public final class CalibrationCheckService implements CalibrationCheck {

    /** Configuration of the check; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        int bins() default 10;

        double warn__ece() default 0.10;

        double fail__ece() default 0.20;
    }

    private volatile Config config;

    @Activate
    @Modified
    void configure(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "calibration";
    }

    @Override
    public CheckResult check(ScoredBatch batch) {
        Config c = config;
        ReliabilityBins bins = new ReliabilityBins(c == null ? 10 : c.bins());
        double squaredError = 0;
        for (ScoredSample scored : batch.samples()) {
            Sample s = scored.sample();
            double q = statedConfidence(s);
            if (Double.isNaN(q) || s.reference() == null) {
                continue;
            }
            boolean correct = Answers.matches(Answers.extract(s.completion()), s.reference());
            bins.add(q, correct);
            squaredError += (q - (correct ? 1 : 0)) * (q - (correct ? 1 : 0));
        }
        int n = bins.total();
        if (n == 0) {
            return new CheckResult(id(), CheckStatus.SKIPPED, Map.of("n", 0.0),
                    "no sample carries both a confidence and a reference");
        }
        double ece = bins.ece();
        double brier = squaredError / n;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("n", (double) n);
        metrics.put("ece", ece);
        metrics.put("mce", bins.mce());
        metrics.put("brier", brier);
        double warn = c == null ? 0.10 : c.warn__ece();
        double fail = c == null ? 0.20 : c.fail__ece();
        CheckStatus status = ece > fail ? CheckStatus.FAIL : ece > warn ? CheckStatus.WARN : CheckStatus.PASS;
        String message = String.format(Locale.ROOT, "ECE %.4f, Brier %.4f over %d samples (warn > %.2f, fail > %.2f)",
                ece, brier, n, warn, fail);
        return new CheckResult(id(), status, metrics, message);
    }

    static double statedConfidence(Sample s) {
        if (s.confidence() != null) {
            return s.confidence();
        }
        RlcrFormat.Confidence parsed = RlcrFormat.confidence(s.completion());
        return parsed.present() ? parsed.value() : Double.NaN;
    }
}
