package dev.rewire.bundles.filter.artifacts;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code position}: position bias is a measurement artifact. Per annotator, the share of choices
 * that went to the response shown first; with at least {@code min_judgments} (20) choices and a
 * share further than {@code max_bias} (0.3) from one half, every signal of that annotator gets
 * {@code ARTIFACT} evidence. Per signal, position consistency: whether the pick stayed with the
 * same response when the order was swapped. Configuration PID {@code rewire.filter.position}.
 */
@Component(service = AnnotationFilter.class, configurationPid = "rewire.filter.position")
public final class PositionFilter implements AnnotationFilter {

    /** Configuration; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        int min__judgments() default 20;

        double max__bias() default 0.3;
    }

    private final int minJudgments;
    private final double maxBias;

    PositionFilter(int minJudgments, double maxBias) {
        this.minJudgments = minJudgments;
        this.maxBias = maxBias;
    }

    @Activate
    public PositionFilter(Config c) {
        this(c.min__judgments(), c.max__bias());
    }

    @Override
    public String id() {
        return "position";
    }

    @Override
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        Map<String, double[]> leftShare = new HashMap<>();
        ByAnnotator.judgments(signals).forEach((annotator, js) -> {
            long choices = js.stream().filter(Judgment::isChoice).count();
            long left = js.stream().filter(Judgment::isChoice).filter(ByAnnotator::pickedLeft).count();
            leftShare.put(annotator, new double[] {choices == 0 ? Double.NaN : (double) left / choices, choices});
        });
        List<FilterEvidence> evidence = new ArrayList<>();
        for (PreferenceSignal s : signals) {
            if (s.judgments().isEmpty()) {
                continue;
            }
            String annotator = s.judgments().get(0).annotator();
            double[] share = leftShare.get(annotator);
            double bias = share[0] - 0.5;
            Map<String, Double> metrics = new HashMap<>();
            metrics.put("left_share", share[0]);
            metrics.put("annotator_choices", share[1]);
            metrics.put("position_consistency", consistency(s));
            if (share[1] >= minJudgments && Math.abs(bias) > maxBias) {
                evidence.add(new FilterEvidence(s.id(), id(), Verdict.ARTIFACT, List.of(String.format(Locale.ROOT,
                        "%s picked the %s response in %.0f%% of %.0f choices", annotator, bias > 0 ? "first-shown"
                                : "second-shown", 100 * (bias > 0 ? share[0] : 1 - share[0]), share[1])), metrics));
            } else if (share[1] >= minJudgments) {
                evidence.add(new FilterEvidence(s.id(), id(), Verdict.GENUINE, List.of(String.format(Locale.ROOT,
                        "no position habit (%.0f%% first-shown)", 100 * share[0])), metrics));
            }
        }
        return evidence;
    }

    /** Share of order-swapped repeats whose pick stayed with the same response; NaN without swaps. */
    private static double consistency(PreferenceSignal s) {
        List<Judgment> ab = new ArrayList<>();
        List<Judgment> ba = new ArrayList<>();
        for (Judgment j : s.judgments()) {
            if (j.isChoice()) {
                ("ba".equals(j.shownOrder()) ? ba : ab).add(j);
            }
        }
        if (ab.isEmpty() || ba.isEmpty()) {
            return Double.NaN;
        }
        int same = 0;
        int pairs = 0;
        for (Judgment x : ab) {
            for (Judgment y : ba) {
                pairs++;
                same += x.pick().equals(y.pick()) ? 1 : 0;
            }
        }
        return (double) same / pairs;
    }
}
