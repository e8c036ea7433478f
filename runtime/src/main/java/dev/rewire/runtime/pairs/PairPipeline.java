package dev.rewire.runtime.pairs;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Provenance;
import dev.rewire.framework.model.SignalOutcome;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.model.WeightedPair;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.policy.EvidenceFact;
import dev.rewire.framework.policy.SignalFact;
import dev.rewire.framework.stats.Agreement;
import dev.rewire.framework.stats.DawidSkene;
import dev.rewire.runtime.pipeline.FilterStage;
import dev.rewire.runtime.policy.CompiledPolicy;
import dev.rewire.runtime.policy.PolicyDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Preference pairs to a weighted preference dataset: split into signals, assess with every
 * deployed annotation filter, classify with the policy, aggregate the usable labels with
 * Dawid-Skene. Works on the whole input at once, because the filters' strongest evidence
 * (position habits, framing effects, intransitivity) is about an annotator across many items.
 */
public final class PairPipeline {

    static final int EM_ITERATIONS = 200;

    private final FilterStage filters;
    private final CompiledPolicy policy;

    public PairPipeline(FilterStage filters, CompiledPolicy policy) {
        this.filters = filters;
        this.policy = policy;
    }

    public PairsResult run(List<PreferencePair> pairs) {
        List<PreferencePair> signals = Signals.of(pairs);
        Map<String, String> bundles = new TreeMap<>();
        List<Object> facts = new ArrayList<>();
        for (PreferencePair s : signals) {
            long opinions = s.judgments().stream().filter(Judgment::isChoice).count();
            String annotator = s.judgments().get(0).annotator();
            facts.add(new SignalFact(s.id(), s.id().substring(0, s.id().length() - annotator.length() - 1), annotator,
                    s.promptId(), s.domain(), s.judgments().size(), (int) opinions));
        }
        for (FilterStage.Assessed a : filters.assess(signals)) {
            facts.add(new EvidenceFact(a.evidence()));
            bundles.put(a.bundle(), a.version());
        }
        PolicyDecision decision = policy.decide(facts);
        Map<String, Classification> classified = decision.classifications();

        // Aggregate: each usable signal's majority pick is its annotator's label on the pair.
        Map<String, Integer> annotatorIndex = new LinkedHashMap<>();
        Map<String, Integer> pairIndex = new HashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            pairIndex.put(pairs.get(i).id(), i);
        }
        List<DawidSkene.Label> labels = new ArrayList<>();
        for (PreferencePair s : signals) {
            Classification c = classified.get(s.id());
            String pick = Judgment.majorityChoice(s.judgments());
            if (c != null && c.getWeight() > 0 && pick != null) {
                String annotator = s.judgments().get(0).annotator();
                int a = annotatorIndex.computeIfAbsent(annotator, k -> annotatorIndex.size());
                labels.add(new DawidSkene.Label(pairIndex.get(pairOf(s)), a, pick.equals("a") ? 0 : 1));
            }
        }
        DawidSkene.Fit fit = DawidSkene.fit(labels, pairs.size(), Math.max(1, annotatorIndex.size()), 2, EM_ITERATIONS);

        Map<String, List<PreferencePair>> signalsOf = new LinkedHashMap<>();
        signals.forEach(s -> signalsOf.computeIfAbsent(pairOf(s), k -> new ArrayList<>()).add(s));
        Provenance provenance = new Provenance(bundles, policy.sha256(), null);
        List<WeightedPair> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair p = pairs.get(i);
            double pA = fit.posterior()[i][0];
            boolean aChosen = pA >= 0.5;
            List<SignalOutcome> outcomes = new ArrayList<>();
            double weight = 0;
            for (PreferencePair s : signalsOf.getOrDefault(p.id(), List.of())) {
                Classification c = classified.get(s.id());
                outcomes.add(new SignalOutcome(s.judgments().get(0).annotator(), Judgment.majorityChoice(s.judgments()),
                        c == null ? null : c.getVerdict(), c == null ? 0 : c.getWeight(), c == null ? null : c.getRule(),
                        c == null ? List.of("no rule classified this signal") : c.getReasons()));
                weight += c == null ? 0 : c.getWeight();
            }
            weight = outcomes.isEmpty() ? 0 : weight / outcomes.size();
            out.add(new WeightedPair(p.id(), p.promptId(), p.prompt(), aChosen ? p.a() : p.b(), aChosen ? p.b() : p.a(),
                    weight, aChosen ? pA : 1 - pA, dominant(outcomes), outcomes, provenance));
        }
        return new PairsResult(out, AnnotatorTable.of(signals, classified, out, pairIndex), agreement(signals, classified),
                verdictCounts(classified));
    }

    static String pairOf(PreferencePair signal) {
        String annotator = signal.judgments().get(0).annotator();
        return signal.id().substring(0, signal.id().length() - annotator.length() - Signals.SEPARATOR.length());
    }

    /** The most common verdict among a pair's signals; on a tie the more severe. */
    private static Verdict dominant(List<SignalOutcome> outcomes) {
        Map<Verdict, Integer> counts = new HashMap<>();
        outcomes.stream().filter(o -> o.verdict() != null).forEach(o -> counts.merge(o.verdict(), 1, Integer::sum));
        List<Verdict> severity = List.of(Verdict.ARTIFACT, Verdict.NON_ATTITUDE, Verdict.CONSTRUCTED, Verdict.GENUINE);
        Verdict best = null;
        for (Verdict v : severity) {
            if (counts.containsKey(v) && (best == null || counts.get(v) > counts.get(best))) {
                best = v;
            }
        }
        return best;
    }

    private static Map<String, Double> agreement(List<PreferencePair> signals, Map<String, Classification> classified) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        Map<String, List<String>> genuine = new LinkedHashMap<>();
        for (PreferencePair s : signals) {
            String pick = Judgment.majorityChoice(s.judgments());
            all.computeIfAbsent(pairOf(s), k -> new ArrayList<>()).add(pick);
            Classification c = classified.get(s.id());
            if (c != null && c.getVerdict() == Verdict.GENUINE) {
                genuine.computeIfAbsent(pairOf(s), k -> new ArrayList<>()).add(pick);
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("krippendorff_alpha_all", Agreement.krippendorffNominal(new ArrayList<>(all.values())));
        m.put("krippendorff_alpha_genuine", Agreement.krippendorffNominal(new ArrayList<>(genuine.values())));
        List<List<String>> complete = all.values().stream().filter(u -> u.stream().allMatch(x -> x != null)).toList();
        int raters = complete.isEmpty() ? 0 : complete.get(0).size();
        if (raters >= 2 && complete.stream().allMatch(u -> u.size() == raters)) {
            m.put("fleiss_kappa_all", Agreement.fleissKappa(complete));
        }
        return m;
    }

    private static Map<String, Long> verdictCounts(Map<String, Classification> classified) {
        Map<String, Long> counts = new TreeMap<>();
        Arrays.stream(Verdict.values()).forEach(v -> counts.put(v.name(), 0L));
        classified.values().forEach(c -> counts.merge(c.getVerdict().name(), 1L, Long::sum));
        return counts;
    }
}
