package dev.rewire.bundles.check.health;

import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code term_health}: is each term still a signal? Per term: abstain rate; share of groups
 * (prompts) where it gave every sample the same value (no learning signal for a group-normalized
 * learner); saturation, the share of values at the batch's extremes of that term; and the Pearson
 * correlation matrix between terms over the samples where both have values. WARN when some term's
 * zero-variance share or abstain rate exceeds {@code warn_share} (0.9).
 * Configuration PID {@code rewire.check.term_health}. Its metrics are per term ({@code <term>.abstain_rate}),
 * so it declares nothing for a report to chart (the default {@link #reportPlan}); its table and
 * findings still show.
 */
@Component(service = BatchCheck.class, configurationPid = "rewire.check.term_health")
public final class TermHealthCheck implements BatchCheck {

    /** Configuration of the check; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        double warn__share() default 0.9;
    }

    private final double warnShare;

    TermHealthCheck(double warnShare) {
        this.warnShare = warnShare;
    }

    @Activate
    public TermHealthCheck(Config c) {
        this(c.warn__share());
    }

    @Override
    public String id() {
        return "term_health";
    }

    @Override
    public CheckResult check(ScoredBatch batch) {
        TreeSet<String> terms = new TreeSet<>();
        batch.samples().forEach(s -> terms.addAll(s.terms().keySet()));
        Map<String, Object> perTerm = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<String> unhealthy = new ArrayList<>();
        List<ScoredSample> samples = batch.samples();
        Map<String, Column> columns = new LinkedHashMap<>();
        for (String term : terms) {
            columns.put(term, new Column(samples, term));
        }
        for (String term : terms) {
            Map<String, Double> h = health(samples, columns.get(term));
            perTerm.put(term, h);
            metrics.put(term + ".abstain_rate", h.get("abstain_rate"));
            metrics.put(term + ".zero_variance_share", h.get("zero_variance_share"));
            if (h.get("abstain_rate") > warnShare || h.get("zero_variance_share") > warnShare) {
                unhealthy.add(term);
            }
        }
        // symmetric: each pair is computed once (Pearson's arithmetic is symmetric bit for bit)
        List<String> order = new ArrayList<>(terms);
        double[][] matrix = new double[order.size()][order.size()];
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        for (int i = 0; i < order.size(); i++) {
            for (int j = i; j < order.size(); j++) {
                matrix[i][j] = columns.get(order.get(i)).correlation(columns.get(order.get(j)), x, y);
                matrix[j][i] = matrix[i][j];
            }
        }
        Map<String, Object> correlation = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (int j = 0; j < order.size(); j++) {
                row.put(order.get(j), matrix[i][j]);
            }
            correlation.put(order.get(i), row);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("terms", perTerm);
        details.put("correlation", correlation);
        CheckStatus status = terms.isEmpty() ? CheckStatus.SKIPPED : unhealthy.isEmpty() ? CheckStatus.PASS : CheckStatus.WARN;
        String message = unhealthy.isEmpty() ? terms.size() + " terms carry signal"
                : String.format(Locale.ROOT, "little signal (abstain or zero-variance share > %.2f) from %s", warnShare,
                String.join(", ", unhealthy));
        return new CheckResult(id(), status, metrics, message, details);
    }

    /** One term's results over the batch, read once: routed or not, and the value (NaN when abstained). */
    private static final class Column {
        final boolean[] routed;
        final double[] values;

        Column(List<ScoredSample> samples, String term) {
            routed = new boolean[samples.size()];
            values = new double[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                TermResult r = samples.get(i).terms().get(term);
                routed[i] = r != null;
                values[i] = r == null || r.abstained() ? Double.NaN : r.value();
            }
        }

        boolean valued(int i) {
            return routed[i] && !Double.isNaN(values[i]);
        }

        /** Pearson over the samples where both columns have values; x and y are scratch space. */
        double correlation(Column other, double[] x, double[] y) {
            int n = 0;
            for (int i = 0; i < values.length; i++) {
                if (valued(i) && other.valued(i)) {
                    x[n] = values[i];
                    y[n] = other.values[i];
                    n++;
                }
            }
            return Correlation.pearson(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
        }
    }

    private static Map<String, Double> health(List<ScoredSample> samples, Column column) {
        int routed = 0;
        int abstained = 0;
        List<Double> values = new ArrayList<>();
        Map<String, List<Double>> byGroup = new TreeMap<>();
        for (int i = 0; i < samples.size(); i++) {
            if (!column.routed[i]) {
                continue;
            }
            routed++;
            if (!column.valued(i)) {
                abstained++;
            } else {
                double v = column.values[i];
                values.add(v);
                byGroup.computeIfAbsent(samples.get(i).promptId(), g -> new ArrayList<>()).add(v);
            }
        }
        int groups = 0;
        int flat = 0;
        for (List<Double> g : byGroup.values()) {
            if (g.size() >= 2) {
                groups++;
                flat += g.stream().distinct().count() == 1 ? 1 : 0;
            }
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        long atEnds = values.stream().filter(v -> v == min || v == max).count();
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("routed", (double) routed);
        h.put("abstain_rate", routed == 0 ? 0 : (double) abstained / routed);
        h.put("zero_variance_share", groups == 0 ? 0 : (double) flat / groups);
        h.put("saturation", values.isEmpty() || min == max ? Double.NaN : (double) atEnds / values.size());
        h.put("min", min);
        h.put("max", max);
        return h;
    }
}
