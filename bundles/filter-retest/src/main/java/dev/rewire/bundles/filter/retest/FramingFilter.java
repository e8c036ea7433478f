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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code framing}: a constructed preference is built on the spot and shifts systematically with
 * the framing (Ghafouri et al. 2026). Which way a framing pushes is found from the data, oriented
 * to what a framing can act on: the shorter or longer response, the first- or second-shown one
 * (the a/b label is storage order and means nothing to a framing).
 *
 * <ol>
 *   <li>The <em>baseline</em> framing is the one named by {@code baseline}, else the one whose
 *       picks deviate least from chance on those attributes (sum of squared z over shorter-share
 *       and first-shown-share). The data alone cannot always say which framing is the neutral
 *       one: "concise pushes to the shorter" and "neutral pushes to the longer" explain the same
 *       flips, and where genuine preferences themselves favour longer responses the least-deviation
 *       guess can pick the pushing framing. Name it where the design knows it.</li>
 *   <li>Each other framing's effect is the attribute its picks move to most significantly:
 *       paired where signals were judged under both framings (McNemar, exact, on the framed picks
 *       that left the baseline pick), else by comparing the framing's share of picks for the
 *       attribute with the baseline's (exact binomial); it counts when p is below {@code alpha}
 *       (0.001) divided by the attributes and framings tried.</li>
 *   <li>Every signal with judgments under an effective framing gets the hypothesis that those
 *       judgments pick the attribute's side ({@code CONSTRUCTED}); the type model weighs it.
 *       Per annotator, McNemar's exact test oriented to the attribute is reported: of the framed
 *       picks that left the signal's baseline pick, b went to the attribute's side and c away
 *       from it (a slip goes either way; a constructed preference goes one).</li>
 * </ol>
 * With a single framing there is nothing to contrast, so no evidence: constructed preferences are
 * then not identifiable. Preference pairs only. Configuration PID {@code rewire.filter.framing}.
 */
@Component(service = AnnotationFilter.class, configurationPid = "rewire.filter.framing")
public final class FramingFilter implements AnnotationFilter {

    /** Configuration of the filter. */
    public @interface Config {
        double alpha() default 0.001;

        /** The neutral framing's name; empty: the one whose picks look most like chance. */
        String baseline() default "";
    }

    private final double alpha;
    private final String namedBaseline;

    FramingFilter(double alpha, String baseline) {
        this.alpha = alpha;
        this.namedBaseline = baseline == null || baseline.isBlank() ? null : baseline;
    }

    @Activate
    public FramingFilter(Config c) {
        this(c.alpha(), c.baseline());
    }

    @Override
    public String id() {
        return "framing";
    }

    /** What a framing can push a pick towards; the side it names depends on the pair and the shown order. */
    enum Attribute {
        SHORTER, LONGER, FIRST_SHOWN, SECOND_SHOWN;

        String side(PairSignal s, Judgment j) {
            String side = switch (this) {
                case SHORTER, LONGER -> s.shorterSide();
                case FIRST_SHOWN, SECOND_SHOWN -> j.firstShownSide();
            };
            if (side == null || this == SHORTER || this == FIRST_SHOWN) {
                return side;
            }
            return side.equals("a") ? "b" : "a";
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A framing's effect: the attribute its picks go to, and how significantly more than the baseline's. */
    record Effect(String framing, Attribute attribute, double share, double baselineShare, double pValue) {
    }

    @Override
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        List<PairSignal> pairSignals = new ArrayList<>();
        for (PreferenceSignal s : signals) {
            if (s instanceof PairSignal p) {
                pairSignals.add(p);
            }
        }
        Map<String, Map<Attribute, int[]>> counts = attributeCounts(pairSignals);
        if (counts.size() < 2) {
            return List.of();
        }
        String guess = namedBaseline != null && counts.containsKey(namedBaseline) ? namedBaseline : baseline(counts);
        String pushing = namedBaseline == null ? reversed(effects(counts, guess, pairSignals), guess, pairSignals) : null;
        String baseline = pushing != null ? pushing : guess;
        Map<String, Effect> effects = effects(counts, baseline, pairSignals);
        Map<String, int[]> mcnemar = new HashMap<>();
        Map<String, String> baselinePick = new HashMap<>();
        for (PairSignal s : pairSignals) {
            String base = majorityByFraming(s).get(baseline);
            baselinePick.put(s.id(), base);
            for (Judgment j : s.judgments()) {
                Effect e = effects.get(key(j));
                String side = e == null || !j.isChoice() ? null : e.attribute().side(s, j);
                if (base != null && side != null && !j.pick().equals(base)) {
                    mcnemar.computeIfAbsent(s.annotator(), a -> new int[2])[j.pick().equals(side) ? 0 : 1]++;
                }
            }
        }
        List<FilterEvidence> evidence = new ArrayList<>();
        for (PairSignal s : pairSignals) {
            List<String> predicted = new ArrayList<>();
            int framed = 0;
            int towards = 0;
            for (Judgment j : s.judgments()) {
                Effect e = effects.get(key(j));
                String side = e == null || !j.isChoice() ? null : e.attribute().side(s, j);
                predicted.add(side);
                if (side != null) {
                    framed++;
                    towards += j.pick().equals(side) ? 1 : 0;
                }
            }
            if (framed == 0) {
                continue;
            }
            String base = baselinePick.get(s.id());
            int[] bc = mcnemar.getOrDefault(s.annotator(), new int[2]);
            double p = ChanceTest.upperTail(bc[0], bc[0] + bc[1], 0.5);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("framed_choices", (double) framed);
            metrics.put("towards_attribute", (double) towards);
            metrics.put("annotator_mcnemar_b", (double) bc[0]);
            metrics.put("annotator_mcnemar_c", (double) bc[1]);
            metrics.put("annotator_mcnemar_p", p);
            List<String> reasons = new ArrayList<>();
            effects.values().forEach(e -> reasons.add(String.format(Locale.ROOT,
                    "framing %s pushes picks to the %s response (%.0f%% vs %.0f%% under %s, p %.1e)", e.framing(),
                    e.attribute().label(), 100 * e.share(), 100 * e.baselineShare(), baseline, e.pValue())));
            reasons.add(String.format(Locale.ROOT, "%d of %d framed picks went that way; baseline pick %s", towards,
                    framed, base == null ? "none" : base));
            if (bc[0] + bc[1] > 0) {
                reasons.add(String.format(Locale.ROOT, "%s's picks moved with the framing on %d pairs, against it on %d "
                        + "(McNemar exact p %.1e)", s.annotator(), bc[0], bc[1], p));
            }
            Verdict verdict = base == null ? Verdict.UNDETERMINED
                    : 2 * towards > framed && !predictedSideEquals(predicted, base) ? Verdict.CONSTRUCTED : Verdict.GENUINE;
            evidence.add(new FilterEvidence(s.id(), id(), verdict, reasons, metrics,
                    new Hypothesis(Verdict.CONSTRUCTED, predicted)));
        }
        return evidence;
    }

    /** True when every predicted side is the baseline pick: the framing would not move this signal. */
    private static boolean predictedSideEquals(List<String> predicted, String base) {
        return predicted.stream().allMatch(p -> p == null || p.equals(base));
    }

    private static String key(Judgment j) {
        return j.framing() == null ? "(none)" : j.framing();
    }

    /** Per framing, per attribute: {picks to the attribute's side, choices where it has a side}. */
    private static Map<String, Map<Attribute, int[]>> attributeCounts(List<PairSignal> signals) {
        Map<String, Map<Attribute, int[]>> counts = new LinkedHashMap<>();
        for (PairSignal s : signals) {
            for (Judgment j : s.judgments()) {
                if (!j.isChoice()) {
                    continue;
                }
                Map<Attribute, int[]> byAttribute = counts.computeIfAbsent(key(j), k -> new LinkedHashMap<>());
                for (Attribute a : Attribute.values()) {
                    String side = a.side(s, j);
                    if (side != null) {
                        int[] c = byAttribute.computeIfAbsent(a, k -> new int[2]);
                        c[0] += j.pick().equals(side) ? 1 : 0;
                        c[1]++;
                    }
                }
            }
        }
        return counts;
    }

    /** The framing whose picks look most like chance on length and position. */
    private static String baseline(Map<String, Map<Attribute, int[]>> counts) {
        String best = null;
        double least = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Map<Attribute, int[]>> e : counts.entrySet()) {
            double deviation = 0;
            for (Attribute a : List.of(Attribute.SHORTER, Attribute.FIRST_SHOWN)) {
                int[] c = e.getValue().get(a);
                if (c != null && c[1] > 0) {
                    double z = (c[0] - c[1] / 2.0) / Math.sqrt(c[1] / 4.0);
                    deviation += z * z;
                }
            }
            if (deviation < least) {
                least = deviation;
                best = e.getKey();
            }
        }
        return best;
    }

    /**
     * Each non-baseline framing's effect, if significant. Where signals were judged under both
     * the framing and the baseline, the test is paired (McNemar, exact): of the framed picks that
     * left the signal's baseline pick, how many went to the attribute's side; slips and coins go
     * either way, a constructed preference one way. It sees a few constructed annotators among
     * many, which a comparison of shares across all judgments would miss. Without such pairs
     * (one judgment per signal) the shares are compared unpaired: the framing's against the
     * baseline's, exact binomial.
     */
    private Map<String, Effect> effects(Map<String, Map<Attribute, int[]>> counts, String baseline,
                                        List<PairSignal> signals) {
        double threshold = alpha / (Attribute.values().length * (counts.size() - 1));
        Map<String, Map<Attribute, int[]>> underBaseline = new HashMap<>();
        for (PairSignal s : signals) {
            for (Judgment j : s.judgments()) {
                if (j.isChoice() && key(j).equals(baseline)) {
                    for (Attribute a : Attribute.values()) {
                        String side = a.side(s, j);
                        if (side != null) {
                            int[] c = underBaseline.computeIfAbsent(s.annotator(), k -> new HashMap<>())
                                    .computeIfAbsent(a, k -> new int[2]);
                            c[0] += j.pick().equals(side) ? 1 : 0;
                            c[1]++;
                        }
                    }
                }
            }
        }
        Map<String, java.util.Set<Attribute>> pulled = new HashMap<>();
        underBaseline.forEach((annotator, byAttribute) -> byAttribute.keySet().forEach(a -> {
            if (pulledAnyway(byAttribute, a)) {
                pulled.computeIfAbsent(annotator, k -> java.util.EnumSet.noneOf(Attribute.class)).add(a);
            }
        }));
        Map<String, Map<Attribute, int[]>> moves = new LinkedHashMap<>();
        for (PairSignal s : signals) {
            String base = majorityByFraming(s).get(baseline);
            if (base == null) {
                continue;
            }
            for (Judgment j : s.judgments()) {
                if (!j.isChoice() || key(j).equals(baseline) || j.pick().equals(base)) {
                    continue;
                }
                for (Attribute a : Attribute.values()) {
                    String side = a.side(s, j);
                    if (side != null && !pulled.getOrDefault(s.annotator(), java.util.Set.of()).contains(a)) {
                        int[] bc = moves.computeIfAbsent(key(j), k -> new LinkedHashMap<>())
                                .computeIfAbsent(a, k -> new int[2]);
                        bc[j.pick().equals(side) ? 0 : 1]++;
                    }
                }
            }
        }
        Map<String, Effect> effects = new LinkedHashMap<>();
        Map<Attribute, int[]> base = counts.get(baseline);
        counts.forEach((framing, byAttribute) -> {
            if (framing.equals(baseline)) {
                return;
            }
            Map<Attribute, int[]> paired = moves.get(framing);
            Effect best = null;
            for (Attribute a : Attribute.values()) {
                int[] c = byAttribute.get(a);
                int[] b = base.get(a);
                if (c == null || b == null || b[1] == 0 || c[1] == 0) {
                    continue;
                }
                double pValue;
                if (paired != null) {
                    int[] bc = paired.getOrDefault(a, new int[2]);
                    pValue = ChanceTest.upperTail(bc[0], bc[0] + bc[1], 0.5);
                } else {
                    // The baseline share, kept off 0 and 1, is the chance a pick goes to the attribute's side.
                    pValue = ChanceTest.upperTail(c[0], c[1], (b[0] + 0.5) / (b[1] + 1.0));
                }
                if (pValue < threshold && (best == null || pValue < best.pValue())) {
                    best = new Effect(framing, a, (double) c[0] / c[1], (double) b[0] / b[1], pValue);
                }
            }
            if (best != null) {
                effects.put(framing, best);
            }
        });
        return effects;
    }

    /**
     * The paired test cannot say which of two framings pushes: the same flips read as "concise
     * pushes to the shorter" and "neutral pushes to the longer". What can: the annotators the
     * framing moves follow the attribute under the pushing framing on every pair, and their own
     * preference, which falls on either side, under the neutral one. So among the annotators who
     * moved towards the attribute significantly (one-sided exact p below 0.05), compare how
     * concentrated their picks are on the attribute's side under the framing with how
     * concentrated they are on the other side under the baseline; where the baseline's are more,
     * the guess was backwards and the framing is the baseline. Returns that framing, or null.
     */
    private static String reversed(Map<String, Effect> effects, String baseline, List<PairSignal> signals) {
        for (Effect e : effects.values()) {
            Map<String, int[]> movesOf = new HashMap<>();
            for (PairSignal s : signals) {
                String base = majorityByFraming(s).get(baseline);
                for (Judgment j : s.judgments()) {
                    String side = key(j).equals(e.framing()) && j.isChoice() ? e.attribute().side(s, j) : null;
                    if (base != null && side != null && !j.pick().equals(base)) {
                        movesOf.computeIfAbsent(s.annotator(), a -> new int[2])[j.pick().equals(side) ? 0 : 1]++;
                    }
                }
            }
            java.util.Set<String> moved = new java.util.HashSet<>();
            movesOf.forEach((annotator, bc) -> {
                if (ChanceTest.upperTail(bc[0], bc[0] + bc[1], 0.5) < 0.05) {
                    moved.add(annotator);
                }
            });
            int[] framedOnSide = new int[2];
            int[] baselineOffSide = new int[2];
            for (PairSignal s : signals) {
                if (!moved.contains(s.annotator())) {
                    continue;
                }
                for (Judgment j : s.judgments()) {
                    String side = j.isChoice() ? e.attribute().side(s, j) : null;
                    if (side != null && key(j).equals(e.framing())) {
                        framedOnSide[0] += j.pick().equals(side) ? 1 : 0;
                        framedOnSide[1]++;
                    } else if (side != null && key(j).equals(baseline)) {
                        baselineOffSide[0] += j.pick().equals(side) ? 0 : 1;
                        baselineOffSide[1]++;
                    }
                }
            }
            if (framedOnSide[1] > 0 && baselineOffSide[1] > 0
                    && (double) baselineOffSide[0] / baselineOffSide[1] > (double) framedOnSide[0] / framedOnSide[1]) {
                return e.framing();
            }
        }
        return null;
    }

    /**
     * True when the annotator's picks under the baseline already go to the attribute's side more
     * than a coin would (exact, p below 0.05, at least 10 choices): a position habit, or a taste
     * for length, shows under every framing, and with positions swapped on a repeat a habit's
     * picks change response every time while staying on the first-shown side, which would read
     * as a framing that pushes to the first-shown response.
     */
    private static boolean pulledAnyway(Map<Attribute, int[]> baselineCounts, Attribute a) {
        int[] c = baselineCounts == null ? null : baselineCounts.get(a);
        return c != null && c[1] >= 10 && ChanceTest.upperTail(c[0], c[1], 0.5) < 0.05;
    }

    /** Per framing, the signal's majority pick under it (null when split). */
    private static Map<String, String> majorityByFraming(PairSignal s) {
        Map<String, List<Judgment>> byFraming = new LinkedHashMap<>();
        s.judgments().forEach(j -> byFraming.computeIfAbsent(key(j), k -> new ArrayList<>()).add(j));
        Map<String, String> out = new HashMap<>();
        byFraming.forEach((f, js) -> out.put(f, Judgment.majorityChoice(js)));
        return out;
    }
}
