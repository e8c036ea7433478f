package dev.rewire.runtime.pages;

import dev.rewire.framework.policy.WeightStep;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.spi.Normalization;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link SampleTrace} as plain text for a terminal: what {@code rewire explain} prints and what
 * the report's worst-examples table shows under each row. The one place a trace is rendered.
 */
public final class TraceText {

    private TraceText() {
    }

    public static String render(SampleTrace t) {
        StringBuilder s = new StringBuilder();
        s.append("sample ").append(t.id()).append(" (prompt ").append(t.promptId()).append(", batch ").append(t.batch());
        if (t.line() > 0) {
            s.append(", line ").append(t.line());
        }
        s.append(")\n");
        s.append("  reward ").append(num(t.reward())).append("   advantage ").append(num(t.advantage()));
        if (t.verdict() != null) {
            s.append("   verdict ").append(t.verdict());
        }
        s.append("\n\nrules that decided this sample's routes and weights (term by term, each term's in firing order):\n");
        for (int i = 0; i < t.rules().size(); i++) {
            s.append(String.format(Locale.ROOT, "  %d. %s%n", i + 1, t.rules().get(i)));
        }
        terms(s, t);
        s.append("\n\n");
        group(s, t);
        s.append("\nobserved: ").append(observed(t)).append('\n');
        if (t.provenance() != null) {
            provenance(s, t.provenance());
        }
        return s.toString();
    }

    /** Each term's value x weight = contribution, how it was graded, the weight's steps; their sum. */
    private static void terms(StringBuilder s, SampleTrace t) {
        s.append("\nterms (value x weight = contribution):\n");
        int width = t.terms().stream().mapToInt(term -> term.term().length()).max().orElse(4);
        double sum = 0;
        for (SampleTrace.TermTrace term : t.terms()) {
            String name = String.format(Locale.ROOT, "  %-" + width + "s  ", term.term());
            if (term.value() == null) {
                s.append(name).append("abstained: ").append(term.abstentionReason()).append("   (weight ")
                        .append(num(term.weight())).append(", adds 0)\n");
            } else {
                sum += term.contribution();
                s.append(name).append(num(term.value())).append(" x ").append(num(term.weight())).append(" = ")
                        .append(num(term.contribution())).append('\n');
            }
            if (!term.explanation().isEmpty()) {
                StringBuilder why = new StringBuilder();
                term.explanation().forEach((k, v) -> why.append(why.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
                s.append(" ".repeat(width + 6)).append("graded: ").append(why).append('\n');
            }
            for (WeightStep step : term.steps()) {
                s.append(" ".repeat(width + 6)).append(step.scales() ? "x" : "=").append(num(step.value()))
                        .append("  ").append(step.rule()).append('\n');
            }
        }
        s.append("  ").append("-".repeat(width)).append("\n  sum ").append(num(sum));
        if (Math.abs(sum - t.reward()) > 1e-9 * Math.max(1, Math.abs(sum))) {
            s.append(" -> reward ").append(num(t.reward())).append(" (clipped)");
        }
    }

    /** The policy's hash, each bundle's version, the terms' configuration. */
    private static void provenance(StringBuilder s, Provenance p) {
        s.append("policy sha256 ").append(p.policy()).append('\n');
        s.append("bundles:");
        p.bundles().forEach((b, v) -> s.append(' ').append(b).append(' ').append(v).append(';'));
        s.setLength(s.length() - 1);
        s.append('\n');
        if (p.config() != null) {
            s.append("configuration:\n");
            for (Map.Entry<String, Map<String, Object>> e : p.config().entrySet()) {
                s.append("  ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
            }
        }
    }

    private static void group(StringBuilder s, SampleTrace t) {
        SampleTrace.GroupStats g = t.group();
        s.append(String.format(Locale.ROOT, "group %s in batch %d: %d samples, mean reward %s, std %s (population)%n",
                t.promptId(), t.batch(), g.size(), num(g.mean()), num(g.std())));
        String formula = switch (g.normalization()) {
            case NONE -> "advantage = reward = " + num(g.recomputed());
            case MEAN -> String.format(Locale.ROOT, "advantage = reward - mean = %s - %s = %s", num(t.reward()),
                    num(g.mean()), num(g.recomputed()));
            case MEAN_STD -> String.format(Locale.ROOT, "advantage = (reward - mean) / (std + eps) = (%s - %s) / (%s + %s)"
                    + " = %s", num(t.reward()), num(g.mean()), num(g.std()), num(g.epsilon()), num(g.recomputed()));
        };
        s.append("  normalization ").append(g.normalization().name().toLowerCase(Locale.ROOT));
        if (g.normalization() == Normalization.MEAN_STD) {
            s.append(", epsilon ").append(num(g.epsilon()));
        }
        s.append("\n  ").append(formula);
        s.append(g.reproduces(t.advantage()) ? " (as recorded)"
                : " (recorded " + num(t.advantage()) + ": scored with other --normalize/--epsilon options?)");
        s.append(String.format(Locale.ROOT, "%n  rank %d of %d by reward%n", g.rank(), g.size()));
    }

    private static String observed(SampleTrace t) {
        var o = t.observed();
        StringBuilder s = new StringBuilder("domain ").append(o.domain()).append(", source ").append(o.source())
                .append(", length ").append(o.length());
        s.append(", confidence ").append(o.confidence() == null ? "none" : num(o.confidence()));
        s.append(", correct ").append(o.correct() == null ? "unknown (no reference)" : o.correct());
        if (o.approved() != null) {
            s.append(", approved ").append(o.approved());
        }
        return s.toString();
    }

    /** Up to 6 significant digits, no exponent for everyday magnitudes. */
    static String num(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
            return x == 0 ? "0" : Double.toString(x);
        }
        double a = Math.abs(x);
        java.math.BigDecimal rounded = new java.math.BigDecimal(x).round(new java.math.MathContext(6)).stripTrailingZeros();
        return a < 1e-4 || a >= 1e7 ? rounded.toString() : rounded.toPlainString();
    }
}
