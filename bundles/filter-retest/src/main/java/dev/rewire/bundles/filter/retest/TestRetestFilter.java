package dev.rewire.bundles.filter.retest;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.stats.ChanceTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * {@code test_retest}: a genuine preference survives being asked again; a non-attitude flips at
 * chance (Ghafouri et al. 2026). For each signal, every annotator who gave an opinion more than
 * once is compared with themself; stability is the share of such annotators who never changed
 * their pick. Stability below {@code min_stability} (default 0.75) is a {@code NON_ATTITUDE},
 * at or above it {@code GENUINE}. Signals without repeated opinions get no evidence.
 *
 * <p>One signal's two or three repeats say little on their own (a genuine annotator slips, a
 * coin-flipper agrees with themself half the time), so every evidence also carries each of its
 * annotators' retest agreement pooled over all their items: the share of their repeated signals
 * whose first two choices agree, tested against the one half chance gives (exact binomial,
 * one-sided). For a one-annotator signal that pooled test, not the signal's own 0 or 1, is what
 * separates a genuine annotator's slip from a non-attitude.
 *
 * <p>Configuration PID {@code rewire.filter.test_retest}.
 */
@Component(service = AnnotationFilter.class, configurationPid = "rewire.filter.test_retest")
public final class TestRetestFilter implements AnnotationFilter {

    /** Configuration of the filter; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        double min__stability() default 0.75;
    }

    private volatile double minStability = 0.75;

    @Activate
    @Modified
    void configure(Config config) {
        minStability = config.min__stability();
    }

    @Override
    public String id() {
        return "test_retest";
    }

    @Override
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        Sentences sentences = new Sentences(minStability, pooledAgreement(signals));
        List<FilterEvidence> evidence = new ArrayList<>();
        for (PreferenceSignal signal : signals) {
            FilterEvidence e = assess(signal, sentences);
            if (e != null) {
                evidence.add(e);
            }
        }
        return evidence;
    }

    /**
     * What one call's evidence says, each distinct sentence formatted once: a batch's signals repeat
     * a few stability lines (one per count of flipped and repeated annotators) and one pooled line
     * per annotator, and a Formatter per signal was most of this filter's time.
     */
    private static final class Sentences {
        final double threshold;
        private final Map<String, int[]> pooled;
        private final Map<Long, String> stability = new HashMap<>();
        private final Map<String, Retest> retest = new HashMap<>();

        Sentences(double threshold, Map<String, int[]> pooled) {
            this.threshold = threshold;
            this.pooled = pooled;
        }

        String stability(int flipped, int repeated) {
            return this.stability.computeIfAbsent((long) flipped << 32 | repeated, k -> {
                double stability = (double) (repeated - flipped) / repeated;
                return String.format(Locale.ROOT, "test-retest stability %.2f %s %.2f (%d of %d repeated annotators flipped)",
                        stability, stability >= threshold ? ">=" : "<", threshold, flipped, repeated);
            });
        }

        Retest retest(String annotator) {
            return retest.computeIfAbsent(annotator, a -> Retest.of(a, pooled.getOrDefault(a, new int[2])));
        }
    }

    /** An annotator's retest agreement pooled over the call's signals: the one-sided test and its sentence. */
    private record Retest(int agreed, int signals, double p, String sentence) {
        static Retest of(String annotator, int[] c) {
            double p = ChanceTest.upperTail(c[0], c[1], 0.5);
            return new Retest(c[0], c[1], p, String.format(Locale.ROOT,
                    "%s agreed with themself on %d of %d repeated pairs (chance 50%%, p %.1e)", annotator, c[0], c[1], p));
        }
    }

    /** Per annotator: {repeated signals whose first two choices agree, repeated signals}. */
    private static Map<String, int[]> pooledAgreement(List<? extends PreferenceSignal> signals) {
        Map<String, int[]> pooled = new LinkedHashMap<>();
        for (PreferenceSignal s : signals) {
            Map<String, List<Judgment>> choices = new LinkedHashMap<>();
            for (Judgment j : s.judgments()) {
                if (j.isChoice()) {
                    choices.computeIfAbsent(j.annotator(), a -> new ArrayList<>()).add(j);
                }
            }
            choices.forEach((annotator, js) -> {
                if (js.size() >= 2) {
                    int[] c = pooled.computeIfAbsent(annotator, a -> new int[2]);
                    c[0] += js.get(0).pick().equals(js.get(1).pick()) ? 1 : 0;
                    c[1]++;
                }
            });
        }
        return pooled;
    }

    private FilterEvidence assess(PreferenceSignal signal, Sentences sentences) {
        Map<String, List<Judgment>> byAnnotator = new LinkedHashMap<>();
        for (Judgment j : signal.judgments()) {
            if (j.isOpinion()) {
                byAnnotator.computeIfAbsent(j.annotator(), a -> new ArrayList<>()).add(j);
            }
        }
        int repeated = 0;
        List<String> flips = new ArrayList<>();
        for (Map.Entry<String, List<Judgment>> e : byAnnotator.entrySet()) {
            List<Judgment> js = e.getValue();
            if (js.size() < 2) {
                continue;
            }
            repeated++;
            Judgment first = js.get(0);
            for (Judgment later : js.subList(1, js.size())) {
                if (!later.pick().equals(first.pick())) {
                    flips.add(e.getKey() + " picked " + first.pick() + " in round " + first.round() + " and "
                            + later.pick() + " in round " + later.round());
                    break;
                }
            }
        }
        if (repeated == 0) {
            return null;
        }
        double stability = (double) (repeated - flips.size()) / repeated;
        boolean stable = stability >= sentences.threshold;
        List<String> reasons = new ArrayList<>();
        reasons.add(sentences.stability(flips.size(), repeated));
        reasons.addAll(flips);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("stability", stability);
        metrics.put("repeated_annotators", (double) repeated);
        metrics.put("flipped_annotators", (double) flips.size());
        if (byAnnotator.size() == 1) {
            String annotator = byAnnotator.keySet().iterator().next();
            Retest r = sentences.retest(annotator);
            metrics.put("annotator_retest_agreement", r.signals() == 0 ? Double.NaN : (double) r.agreed() / r.signals());
            metrics.put("annotator_retest_signals", (double) r.signals());
            metrics.put("annotator_retest_p", r.p());
            reasons.add(r.sentence());
        }
        return new FilterEvidence(signal.id(), id(), stable ? Verdict.GENUINE : Verdict.NON_ATTITUDE, reasons, metrics);
    }
}
