package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.SignalOutcome;
import dev.rewire.framework.record.WeightedPair;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weighted dataset: per pair, the better response the type model found (chosen and rejected,
 * with P(chosen) and its margin), the mean of its signals' weights from the policy, and each
 * signal's outcome with its posterior and evidence. Stateless.
 */
final class WeightedPairs {

    private WeightedPairs() {
    }

    /**
     * @param posteriors per signal id, the fit's P(type)
     * @param evidenceOf per signal id, the filters' evidence
     */
    static List<WeightedPair> of(List<PreferencePair> pairs, List<PairSignal> signals, TypeModel.Fit fit,
                                 Map<String, Classification> classified, Map<String, Map<Verdict, Double>> posteriors,
                                 Map<String, List<FilterEvidence>> evidenceOf, Provenance provenance) {
        Map<PreferencePair, List<PairSignal>> signalsOf = new IdentityHashMap<>();
        signals.forEach(s -> signalsOf.computeIfAbsent(s.pair(), k -> new ArrayList<>()).add(s));
        List<WeightedPair> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair p = pairs.get(i);
            double pA = fit.betterIsA()[i];
            boolean aChosen = pA >= 0.5;
            double pChosen = aChosen ? pA : 1 - pA;
            List<SignalOutcome> outcomes = new ArrayList<>();
            double weight = 0;
            for (PairSignal s : signalsOf.getOrDefault(p, List.of())) {
                Classification c = classified.get(s.id());
                outcomes.add(outcome(s, c, posteriors.get(s.id()), evidenceOf.getOrDefault(s.id(), List.of())));
                weight += c == null ? 0 : c.getWeight();
            }
            weight = outcomes.isEmpty() ? 0 : weight / outcomes.size();
            out.add(new WeightedPair(p.id(), p.promptId(), p.prompt(), aChosen ? p.a() : p.b(), aChosen ? p.b() : p.a(),
                    weight, pChosen, PairPipeline.margin(pChosen), dominant(outcomes), outcomes, provenance));
        }
        return out;
    }

    private static SignalOutcome outcome(PairSignal s, Classification c, Map<Verdict, Double> posterior,
                                         List<FilterEvidence> evidence) {
        return new SignalOutcome(s.annotator(), s.majorityPick(), c == null ? null : c.getVerdict(),
                c == null ? 0 : c.getWeight(), c == null ? null : c.getRule(),
                c == null ? List.of("no rule classified this signal") : c.getReasons(),
                rounded(posterior), evidenceLines(evidence));
    }

    private static Map<String, Double> rounded(Map<Verdict, Double> posterior) {
        Map<String, Double> m = new LinkedHashMap<>();
        posterior.forEach((v, p) -> m.put(v.name(), Math.round(p * 1e4) / 1e4));
        return m;
    }

    private static List<String> evidenceLines(List<FilterEvidence> evidence) {
        List<String> lines = new ArrayList<>();
        for (FilterEvidence e : evidence) {
            e.reasons().forEach(r -> lines.add(e.filterId() + ": " + r));
        }
        return lines;
    }

    /** The most common verdict among a pair's signals; on a tie the more severe. */
    private static Verdict dominant(List<SignalOutcome> outcomes) {
        Map<Verdict, Integer> counts = new HashMap<>();
        outcomes.stream().filter(o -> o.verdict() != null).forEach(o -> counts.merge(o.verdict(), 1, Integer::sum));
        Verdict best = null;
        for (Verdict v : java.util.Arrays.stream(Verdict.values()).sorted(Verdict.MOST_SEVERE_FIRST).toList()) {
            if (counts.containsKey(v) && (best == null || counts.get(v) > counts.get(best))) {
                best = v;
            }
        }
        return best;
    }
}
