package dev.rewire.bundles.check.health;

import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        List<ScoredSample> samples = batch.samples();
        // each sample's own entries are read once (it carries only the terms routed to it), rather
        // than every sample probed for every term of the batch
        Map<String, Column> byTerm = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            for (Map.Entry<String, TermResult> e : samples.get(i).terms().entrySet()) {
                byTerm.computeIfAbsent(e.getKey(), t -> new Column(samples.size())).set(i, e.getValue());
            }
        }
        TreeSet<String> terms = new TreeSet<>(byTerm.keySet());
        Map<String, Object> perTerm = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<String> unhealthy = new ArrayList<>();
        Map<String, Column> columns = new LinkedHashMap<>();
        for (String term : terms) {
            columns.put(term, byTerm.get(term));
        }
        PromptGroups groups = terms.isEmpty() ? null : new PromptGroups(samples);
        for (String term : terms) {
            Map<String, Double> h = health(groups, columns.get(term));
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

        Column(int samples) {
            routed = new boolean[samples];
            values = new double[samples];
            Arrays.fill(values, Double.NaN);
        }

        void set(int i, TermResult r) {
            routed[i] = true;
            values[i] = r.abstained() ? Double.NaN : r.value();
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

    /**
     * Each sample's prompt as a small index, found once per batch and shared by every term (a term's
     * groups are then counted in arrays, not a map of boxed values per term).
     */
    private static final class PromptGroups {
        final int[] of;
        final int count;

        PromptGroups(List<ScoredSample> samples) {
            of = new int[samples.size()];
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < of.length; i++) {
                String prompt = samples.get(i).promptId();
                // a sample without a prompt fails the check only once a term gives it a value (see health);
                // a group's samples mostly come together, so the one before is tried before the map
                of[i] = prompt == null ? -1 : i > 0 && prompt.equals(samples.get(i - 1).promptId()) ? of[i - 1]
                        : index.computeIfAbsent(prompt, p -> index.size());
            }
            count = index.size();
        }
    }

    private static Map<String, Double> health(PromptGroups groups, Column column) {
        int routed = 0;
        int abstained = 0;
        int valued = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        int[] size = new int[groups.count];
        long[] firstBits = new long[groups.count];
        boolean[] varies = new boolean[groups.count];
        for (int i = 0; i < column.values.length; i++) {
            if (!column.routed[i]) {
                continue;
            }
            routed++;
            if (!column.valued(i)) {
                abstained++;
                continue;
            }
            double v = column.values[i];
            min = valued == 0 ? v : Math.min(min, v);
            max = valued == 0 ? v : Math.max(max, v);
            valued++;
            int g = groups.of[i];
            if (g < 0) {
                throw new NullPointerException("sample " + i + " of the batch has no prompt id");
            }
            // a group is flat when its values are one Double by equals, i.e. by their bits
            long bits = Double.doubleToLongBits(v);
            if (size[g]++ == 0) {
                firstBits[g] = bits;
            } else if (bits != firstBits[g]) {
                varies[g] = true;
            }
        }
        int atEnds = 0;
        for (int i = 0; i < column.values.length; i++) {
            if (column.valued(i) && (column.values[i] == min || column.values[i] == max)) {
                atEnds++;
            }
        }
        int flatGroups = 0;
        int sizedGroups = 0;
        for (int g = 0; g < groups.count; g++) {
            if (size[g] >= 2) {
                sizedGroups++;
                flatGroups += varies[g] ? 0 : 1;
            }
        }
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("routed", (double) routed);
        h.put("abstain_rate", routed == 0 ? 0 : (double) abstained / routed);
        h.put("zero_variance_share", sizedGroups == 0 ? 0 : (double) flatGroups / sizedGroups);
        h.put("saturation", valued == 0 || min == max ? Double.NaN : (double) atEnds / valued);
        h.put("min", min);
        h.put("max", max);
        return h;
    }
}
