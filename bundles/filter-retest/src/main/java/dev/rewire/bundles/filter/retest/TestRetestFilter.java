package dev.rewire.bundles.filter.retest;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
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
        double threshold = minStability;
        List<FilterEvidence> evidence = new ArrayList<>();
        for (PreferenceSignal signal : signals) {
            FilterEvidence e = assess(signal, threshold);
            if (e != null) {
                evidence.add(e);
            }
        }
        return evidence;
    }

    private FilterEvidence assess(PreferenceSignal signal, double threshold) {
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
        boolean stable = stability >= threshold;
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "test-retest stability %.2f %s %.2f (%d of %d repeated annotators flipped)",
                stability, stable ? ">=" : "<", threshold, flips.size(), repeated));
        reasons.addAll(flips);
        return new FilterEvidence(signal.id(), id(), stable ? Verdict.GENUINE : Verdict.NON_ATTITUDE, reasons,
                Map.of("stability", stability, "repeated_annotators", (double) repeated,
                        "flipped_annotators", (double) flips.size()));
    }
}
