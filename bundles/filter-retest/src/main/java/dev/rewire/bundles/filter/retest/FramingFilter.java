package dev.rewire.bundles.filter.retest;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.spi.Hypothesis;
import dev.rewire.framework.stats.ChanceTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code framing}: a constructed preference is built on the spot and its pick depends on the
 * framing it was asked under (Ghafouri et al. 2026). This filter offers the <em>cues</em> a
 * framing can act on, per judgment, as {@code CONSTRUCTED} hypotheses: the {@code shorter}
 * response (a framing may push to it, "concise", or away from it, "detailed") and the
 * {@code first-shown} one (towards it or to the second shown). The a/b label is storage order and
 * means nothing to a framing. Which framing pushes which way is fitted per annotator by the type
 * model; no framing is taken as neutral, because in many designs every framing pushes.
 *
 * <p>As evidence for a reader, it reports each annotator's picks per framing (the share that went
 * to the shorter and to the first-shown response) and, per cue, an exact test of whether their
 * picks depend on the framing: of their signals judged under two framings with the cue on
 * different picks, how often the later-named framing's pick was the cue's side (the moves of a
 * slip or a coin go either way; a constructed preference's go one way; a habit's too, but then
 * the per-framing shares are alike, so a spread of under 30 points between framings does not
 * count). The verdict is CONSTRUCTED where that two-sided p is below {@code alpha} (0.001) for
 * some cue, else GENUINE; the type model does not read it.
 * With one framing there is nothing to contrast: no evidence, and constructed preferences are
 * not identifiable. Preference pairs only. Configuration PID {@code rewire.filter.framing}.
 */
@Component(service = AnnotationFilter.class, configurationPid = "rewire.filter.framing")
public final class FramingFilter implements AnnotationFilter {

    /** Configuration of the filter. */
    public @interface Config {
        double alpha() default 0.001;
    }

    private final double alpha;

    FramingFilter(double alpha) {
        this.alpha = alpha;
    }

    @Activate
    public FramingFilter(Config c) {
        this(c.alpha());
    }

    @Override
    public String id() {
        return "framing";
    }

    /** What a framing can act on: a side of each judgment, which depends on the pair and the shown order. */
    enum Cue {
        SHORTER, FIRST_SHOWN;

        String side(PairSignal s, Judgment j) {
            return this == SHORTER ? s.shorterSide() : j.firstShownSide();
        }

        String label() {
            return this == SHORTER ? "shorter" : "first-shown";
        }
    }

    /** One annotator's picks per framing: per cue {to the cue's side, choices where the cue has a side}. */
    private static final class Picks {
        final Map<String, Map<Cue, int[]>> byFraming = new TreeMap<>();
        /** Per cue: {signals whose pick moved with the cue between two framings, moved against it}. */
        final Map<Cue, int[]> moves = new LinkedHashMap<>();
    }

    @Override
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        List<PairSignal> pairSignals = new ArrayList<>();
        for (PreferenceSignal s : signals) {
            if (s instanceof PairSignal p) {
                pairSignals.add(p);
            }
        }
        java.util.Set<String> framings = new java.util.TreeSet<>();
        pairSignals.forEach(s -> s.judgments().forEach(j -> framings.add(key(j))));
        if (framings.size() < 2) {
            return List.of();
        }
        Map<String, Picks> byAnnotator = new HashMap<>();
        for (PairSignal s : pairSignals) {
            Picks p = byAnnotator.computeIfAbsent(s.annotator(), a -> new Picks());
            for (Judgment j : s.judgments()) {
                if (!j.isChoice()) {
                    continue;
                }
                for (Cue c : Cue.values()) {
                    String side = c.side(s, j);
                    if (side != null) {
                        int[] n = p.byFraming.computeIfAbsent(key(j), k -> new LinkedHashMap<>())
                                .computeIfAbsent(c, k -> new int[2]);
                        n[0] += j.pick().equals(side) ? 1 : 0;
                        n[1]++;
                    }
                }
            }
            countMoves(s, p);
        }
        // What is said of an annotator is said once, and shared by their signals' evidence.
        Map<String, Said> said = new HashMap<>();
        byAnnotator.forEach((annotator, p) -> said.put(annotator, say(annotator, p)));
        List<FilterEvidence> evidence = new ArrayList<>();
        for (PairSignal s : pairSignals) {
            if (s.judgments().stream().noneMatch(Judgment::isChoice)) {
                continue;
            }
            Said about = said.get(s.annotator());
            List<String> reasons = about.reasons();
            Map<String, Double> metrics = about.metrics();
            Verdict verdict = about.verdict();
            boolean first = true;
            for (Cue c : Cue.values()) {
                List<String> sides = new ArrayList<>();
                boolean any = false;
                for (Judgment j : s.judgments()) {
                    String side = j.isChoice() ? c.side(s, j) : null;
                    sides.add(side);
                    any |= side != null;
                }
                if (!any && !first) {
                    continue;
                }
                // One evidence per cue (each carries one hypothesis); the reasons go with the first.
                evidence.add(new FilterEvidence(s.id(), id(), verdict, first ? reasons : List.of(),
                        first ? metrics : Map.of(), new Hypothesis(Verdict.CONSTRUCTED, sides, c.label())));
                first = false;
            }
        }
        return evidence;
    }

    /** What the evidence says of one annotator: the same for each of their signals. */
    private record Said(List<String> reasons, Map<String, Double> metrics, Verdict verdict) {
    }

    private Said say(String annotator, Picks p) {
        List<String> reasons = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        StringBuilder shares = new StringBuilder(annotator + "'s picks by framing:");
        p.byFraming.forEach((framing, byCue) -> {
            shares.append(' ').append(framing).append(':');
            String[] sep = {" "};
            byCue.forEach((cue, n) -> {
                shares.append(sep[0]).append(String.format(Locale.ROOT, "%s %.0f%% of %d", cue.label(),
                        100.0 * n[0] / n[1], n[1]));
                sep[0] = ", ";
            });
            shares.append(';');
        });
        reasons.add(shares.substring(0, shares.length() - 1));
        double bestP = 1;
        for (Cue c : Cue.values()) {
            int[] bc = p.moves.getOrDefault(c, new int[2]);
            double pValue = ChanceTest.twoSidedCoin(bc[0], bc[0] + bc[1]);
            // a habit moves with its cue too, but the same way under every framing: the shares must differ
            pValue = spread(p, c) >= 0.3 ? pValue : 1;
            bestP = Math.min(bestP, pValue);
            metrics.put("moved_with_" + c.label().replace('-', '_'), (double) bc[0]);
            metrics.put("moved_against_" + c.label().replace('-', '_'), (double) bc[1]);
            if (bc[0] + bc[1] > 0) {
                reasons.add(String.format(Locale.ROOT, "between framings, %s's picks moved with the %s response "
                        + "on %d pairs, against it on %d (exact p %.1e)", annotator, c.label(), bc[0], bc[1], pValue));
            }
        }
        metrics.put("annotator_framing_p", bestP);
        return new Said(List.copyOf(reasons), Map.copyOf(metrics), bestP < alpha ? Verdict.CONSTRUCTED : Verdict.GENUINE);
    }

    /**
     * For each two choices of the signal under different framings whose picks differ: did the
     * pick move to where the cue's side moved? Framings are ordered by name, so "with the cue"
     * means: the later-named framing's pick is the cue's side under it. Counted once per signal
     * and cue, by the signal's first such pair of choices.
     */
    private static void countMoves(PairSignal s, Picks p) {
        List<Judgment> choices = s.judgments().stream().filter(Judgment::isChoice).toList();
        for (Cue c : Cue.values()) {
            outer:
            for (int x = 0; x < choices.size(); x++) {
                for (int y = x + 1; y < choices.size(); y++) {
                    Judgment jx = choices.get(x);
                    Judgment jy = choices.get(y);
                    if (key(jx).equals(key(jy)) || jx.pick().equals(jy.pick())) {
                        continue;
                    }
                    Judgment later = key(jx).compareTo(key(jy)) > 0 ? jx : jy;
                    String side = c.side(s, later);
                    if (side == null) {
                        continue;
                    }
                    p.moves.computeIfAbsent(c, k -> new int[2])[later.pick().equals(side) ? 0 : 1]++;
                    break outer;
                }
            }
        }
    }

    /** The largest difference between two framings' shares of picks to the cue's side. */
    private static double spread(Picks p, Cue c) {
        double min = 1;
        double max = 0;
        for (Map<Cue, int[]> byCue : p.byFraming.values()) {
            int[] n = byCue.get(c);
            if (n != null && n[1] > 0) {
                min = Math.min(min, (double) n[0] / n[1]);
                max = Math.max(max, (double) n[0] / n[1]);
            }
        }
        return max - min;
    }

    private static String key(Judgment j) {
        return j.framing() == null ? "(none)" : j.framing();
    }
}
