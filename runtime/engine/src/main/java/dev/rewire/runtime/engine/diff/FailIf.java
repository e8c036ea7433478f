package dev.rewire.runtime.engine.diff;

import dev.rewire.runtime.engine.diff.DiffSummary.RewardFigures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --fail-if} threshold of {@code rewire diff}: {@code METRIC OP NUMBER}, e.g.
 * {@code mean_reward_shift>0.05}, or for one domain {@code mean_reward_shift[math]>0.05}. Signed
 * shifts are compared by magnitude (a shift of -0.08 crosses {@code >0.05}).
 */
public record FailIf(String text, String metric, String domain, String operator, double threshold) {

    private static final Pattern FORM = Pattern.compile(
            "\\s*([a-z_]+)(?:\\[([^\\]]+)\\])?\\s*(>=|<=|>|<)\\s*([-+0-9.eE]+)\\s*");

    /** The metrics a threshold may name, and where each is read; the reward ones also per domain. */
    private static final Map<String, Function<RewardFigures, Double>> REWARD_METRICS = new LinkedHashMap<>();
    private static final Map<String, Function<DiffSummary, Double>> RUN_METRICS = new LinkedHashMap<>();

    static {
        REWARD_METRICS.put("mean_reward_shift", r -> Math.abs(r.meanShift()));
        REWARD_METRICS.put("mean_abs_reward_delta", RewardFigures::meanAbsDelta);
        REWARD_METRICS.put("max_abs_reward_delta", RewardFigures::maxAbsDelta);
        REWARD_METRICS.put("sign_flips", r -> (double) r.signFlips());
        REWARD_METRICS.put("sign_flip_rate", RewardFigures::signFlipRate);
        RUN_METRICS.put("argmax_change_rate", s -> s.ranks().argmaxChangeRate());
        RUN_METRICS.put("mean_abs_rank_shift", s -> s.ranks().meanAbsRankShift());
        RUN_METRICS.put("kendall_tau", s -> s.ranks().meanKendallTau());
        RUN_METRICS.put("only_in_base", s -> (double) s.onlyInBase());
        RUN_METRICS.put("only_in_candidate", s -> (double) s.onlyInCandidate());
    }

    /** Parses a threshold; a usage error (IllegalArgumentException) names what is wrong and the metrics known. */
    public static FailIf parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--fail-if '" + text + "': expected METRIC>NUMBER (or >=, <, <=), "
                    + "e.g. mean_reward_shift>0.05; metrics: " + known());
        }
        String metric = m.group(1);
        String domain = m.group(2);
        if (!REWARD_METRICS.containsKey(metric) && !RUN_METRICS.containsKey(metric)) {
            throw new IllegalArgumentException("--fail-if '" + text + "': unknown metric '" + metric + "'; metrics: "
                    + known());
        }
        if (domain != null && !REWARD_METRICS.containsKey(metric)) {
            throw new IllegalArgumentException("--fail-if '" + text + "': " + metric + " has no per-domain value; "
                    + "per domain: " + String.join(", ", REWARD_METRICS.keySet()));
        }
        double threshold;
        try {
            threshold = Double.parseDouble(m.group(4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fail-if '" + text + "': '" + m.group(4) + "' is not a number");
        }
        return new FailIf(text.trim(), metric, domain, m.group(3), threshold);
    }

    private static String known() {
        return String.join(", ", REWARD_METRICS.keySet()) + ", " + String.join(", ", RUN_METRICS.keySet())
                + " (the first five also as METRIC[domain])";
    }

    /** The metric's value in the summary; NaN when it is undefined (an unknown domain, no groups). */
    public double value(DiffSummary s) {
        if (RUN_METRICS.containsKey(metric)) {
            return RUN_METRICS.get(metric).apply(s);
        }
        if (domain == null) {
            return REWARD_METRICS.get(metric).apply(s.reward());
        }
        DiffSummary.DomainFigures d = s.domains().get(domain);
        return d == null ? Double.NaN : REWARD_METRICS.get(metric).apply(d.reward());
    }

    /** True when the threshold is crossed; an undefined value never crosses it. */
    public boolean crossed(DiffSummary s) {
        double v = value(s);
        return switch (operator) {
            case ">" -> v > threshold;
            case ">=" -> v >= threshold;
            case "<" -> v < threshold;
            default -> v <= threshold;
        };
    }

    /** The thresholds crossed, each described with its value ("mean_reward_shift>0.05: 0.1000"). */
    public static List<String> crossed(List<FailIf> thresholds, DiffSummary s) {
        return thresholds.stream().filter(f -> f.crossed(s))
                .map(f -> String.format(java.util.Locale.ROOT, "%s: %.6g", f.text(), f.value(s))).toList();
    }
}
