package dev.rewire.bundles.filter.artifacts;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.stats.Median;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code speed}: speeding and straight-lining are measurement artifacts. A signal whose median
 * response time is under {@code floor_ms} (2000: about 2 s an item) is {@code ARTIFACT}; so is
 * every signal of an annotator whose longest run of choices for the same screen position is at
 * least {@code max_run} (20) long (a fair coin makes such a run about once in 500,000 choices),
 * counted in the order the annotator saw their items (their timestamps, else round by round),
 * not the file's: a file grouped by pair puts an annotator's repeats of one pair side by side,
 * where a framing that pushes to one screen position makes runs no one straight-lined. Under
 * several framings only a run through a change of framing counts (see {@link #longestPositionRun}).
 * A signal judged by several annotators (a sample's) has each annotator judged on their own, by
 * the median time of their own judgments of it (one annotator's haste is not hidden by the others'
 * care, as a median over all would hide it): ARTIFACT when those who sped or straight-lined gave
 * at least half of its judgments, else GENUINE naming them.
 * Configuration PID {@code rewire.filter.speed}.
 */
@Component(service = AnnotationFilter.class, configurationPid = "rewire.filter.speed")
public final class SpeedFilter implements AnnotationFilter {

    /** Configuration; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        long floor__ms() default 2000;

        int max__run() default 20;
    }

    private final long floorMs;
    private final int maxRun;

    SpeedFilter(long floorMs, int maxRun) {
        this.floorMs = floorMs;
        this.maxRun = maxRun;
    }

    @Activate
    public SpeedFilter(Config c) {
        this(c.floor__ms(), c.max__run());
    }

    @Override
    public String id() {
        return "speed";
    }

    @Override
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        Map<String, Integer> longestRun = new HashMap<>();
        ByAnnotator.judgments(signals).forEach((annotator, js) ->
                longestRun.put(annotator, longestPositionRun(Judgment.inOrderSeen(js))));
        return ByAnnotator.perSignal(signals, s -> assess(s, longestRun));
    }

    /**
     * One signal's evidence: each of its annotators judged on their own, by the median time of
     * their judgments of it and their longest run in the batch (a reason each for those who sped or
     * straight-lined). ARTIFACT when those annotators gave at least half of the signal's judgments
     * (then the signal mostly measures haste); GENUINE otherwise when some annotator's time is
     * known, naming any who sped; null when nothing is known. A one-annotator signal (every pair's)
     * reads as it always did; a several-annotator one (a sample's) names each annotator in its
     * reasons and carries the fastest annotator's median time, the longest run among them,
     * {@code annotators} and {@code artifact_annotators}.
     */
    private FilterEvidence assess(PreferenceSignal s, Map<String, Integer> longestRun) {
        Map<String, List<Judgment>> byAnnotator = ByAnnotator.of(s);
        if (byAnnotator.isEmpty()) {
            return null;
        }
        boolean several = byAnnotator.size() > 1;
        List<String> artifacts = new ArrayList<>();
        List<String> genuine = new ArrayList<>();
        double fastest = Double.NaN;
        int longest = 0;
        int artifactAnnotators = 0;
        int artifactJudgments = 0;
        for (Map.Entry<String, List<Judgment>> e : byAnnotator.entrySet()) {
            String annotator = e.getKey();
            double median = Median.of(knownTimes(e.getValue()));
            int run = longestRun.get(annotator);
            String who = several ? annotator + ": " : "";
            int before = artifacts.size();
            if (median < floorMs) {
                artifacts.add(who + "median " + wholeMs(median) + " ms per judgment < " + floorMs + " ms floor");
            }
            if (run >= maxRun) {
                artifacts.add(annotator + " chose the same screen position " + run + " times in a row");
            }
            if (artifacts.size() > before) {
                artifactAnnotators++;
                artifactJudgments += e.getValue().size();
            } else if (!Double.isNaN(median)) {
                genuine.add(who + "median " + wholeMs(median) + " ms per judgment");
            }
            if (!Double.isNaN(median)) {
                fastest = Double.isNaN(fastest) ? median : Math.min(fastest, median);
            }
            longest = Math.max(longest, run);
        }
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("median_time_ms", fastest);
        metrics.put("longest_position_run", (double) longest);
        if (several) {
            metrics.put("annotators", (double) byAnnotator.size());
            metrics.put("artifact_annotators", (double) artifactAnnotators);
        }
        if (ByAnnotator.mostly(artifactJudgments, s)) {
            return new FilterEvidence(s.id(), id(), Verdict.ARTIFACT, artifacts, metrics);
        }
        if (genuine.isEmpty()) {
            return null;
        }
        List<String> reasons = new ArrayList<>(genuine);
        if (!artifacts.isEmpty()) {
            reasons.addAll(artifacts);
            reasons.add(ByAnnotator.minority(artifactJudgments, s, "who sped or straight-lined"));
        }
        return new FilterEvidence(s.id(), id(), Verdict.GENUINE, reasons, metrics);
    }

    /** The response times known among these judgments, in their order (a loop: this runs per judged signal). */
    private static double[] knownTimes(List<Judgment> judgments) {
        double[] times = new double[judgments.size()];
        int n = 0;
        for (Judgment j : judgments) {
            if (j.timeMs() != null) {
                times[n++] = j.timeMs();
            }
        }
        return n == times.length ? times : Arrays.copyOf(times, n);
    }

    /**
     * {@code String.format("%.0f", ms)} without a Formatter per sample (this runs for every judged
     * sample of every batch): medians of whole milliseconds are whole or halves, rounded half up
     * exactly; anything else goes through the format.
     */
    static String wholeMs(double ms) {
        if (ms >= 0 && ms < 1e15 && 2 * ms == Math.rint(2 * ms)) {
            return Long.toString((long) Math.floor(ms + 0.5));
        }
        return String.format(Locale.ROOT, "%.0f", ms);
    }

    /**
     * The longest run of choices for the same screen position. Where the annotator answered under
     * several framings, a run counts only as far as it holds through a change of framing: twice
     * its choices under the framing it has fewest of (at least two framings). Within one framing,
     * a framing that pushes to one position (first impressions) makes the same run, and whether
     * it did is the type model's question, not an observation; and one slip at a block's edge
     * must not join a framed run to the next block's.
     */
    static int longestPositionRun(List<Judgment> js) {
        boolean framed = js.stream().filter(Judgment::isChoice).map(Judgment::framing).distinct().count() > 1;
        int best = 0;
        int run = 0;
        java.util.Map<String, Integer> byFraming = new java.util.HashMap<>();
        Boolean last = null;
        for (Judgment j : js) {
            if (!j.isChoice()) {
                continue;
            }
            boolean left = ByAnnotator.pickedLeft(j);
            if (last == null || last != left) {
                run = 0;
                byFraming.clear();
            }
            run++;
            byFraming.merge(String.valueOf(j.framing()), 1, Integer::sum);
            last = left;
            int credited = !framed ? run
                    : byFraming.size() < 2 ? 0 : 2 * byFraming.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            best = Math.max(best, credited);
        }
        return best;
    }
}
