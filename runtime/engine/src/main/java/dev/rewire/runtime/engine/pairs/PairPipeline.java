package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.policy.EvidenceFact;
import dev.rewire.framework.policy.SignalFact;
import dev.rewire.framework.policy.TypePosterior;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.WeightedPair;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.stats.Agreement;
import dev.rewire.runtime.engine.FilterStage;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Preference pairs to a weighted preference dataset: split into signals, assess with every
 * deployed annotation filter, fit the {@link TypeModel} to the picks and the filters'
 * hypotheses, and let the policy classify each signal from its posterior and the evidence.
 * Works on the whole input at once, because the evidence that separates the types (an
 * annotator's retest agreement, position habit, response to a framing) is pooled over an
 * annotator's items.
 */
public final class PairPipeline {

    /** The margin's cap: logit(0.98), so a unanimous pair does not ask for an unbounded reward gap. */
    public static final double MAX_MARGIN = 3.9;

    private final FilterStage filters;
    private final CompiledPolicy policy;

    public PairPipeline(FilterStage filters, CompiledPolicy policy) {
        this.filters = filters;
        this.policy = policy;
    }

    public PairsResult run(List<PreferencePair> pairs) {
        List<PairSignal> signals = Signals.of(pairs);
        Assessment assessment = assess(signals);
        Map<String, List<FilterEvidence>> evidenceOf = assessment.evidenceOf();
        Map<PreferencePair, Integer> pairIndex = new IdentityHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            pairIndex.put(pairs.get(i), i);
        }
        List<String> annotators = signals.stream().map(PairSignal::annotator).distinct()
                .sorted(NaturalOrder.INSTANCE).toList();
        Map<String, Integer> annotatorIndex = new HashMap<>();
        annotators.forEach(a -> annotatorIndex.put(a, annotatorIndex.size()));
        Coding coding = new Coding(signals, evidenceOf);
        List<TypeModel.Signal> coded = new ArrayList<>();
        for (PairSignal s : signals) {
            coded.add(coding.code(s, pairIndex.get(s.pair()), annotatorIndex.get(s.annotator())));
        }
        TypeModel.Fit fit = TypeModel.fit(coded, pairs.size(), annotators.size(), coding.framings().size(),
                coding.cues().size());
        DesignReport design = DesignReport.of(signals, coding, fit, annotators);

        Weighed weighed = weigh(pairs, signals, fit, evidenceOf, annotatorIndex, policy,
                new Provenance(assessment.bundles(), policy.sha256(), null));
        Map<String, Classification> classified = weighed.classified();
        List<WeightedPair> out = weighed.pairs();
        List<AnnotatorRow> rows = AnnotatorTable.of(signals, annotators, fit, coding, classified, evidenceOf, out,
                pairIndex);
        return new PairsResult(out, rows, agreement(signals, classified), verdictCounts(classified), design);
    }

    /** The weighted pairs, and the policy's classification of each signal by id. */
    record Weighed(List<WeightedPair> pairs, Map<String, Classification> classified) {
    }

    /**
     * The policy's classification of each signal from its posterior and evidence, and the pairs
     * weighted by it. Each signal is classified from its own facts, so any whole pairs of a batch
     * (with the batch's fit) are weighed as the batch weighs them.
     *
     * @param fit the fit, its per-signal and per-pair arrays in the order of {@code signals} and {@code pairs}
     */
    static Weighed weigh(List<PreferencePair> pairs, List<PairSignal> signals, TypeModel.Fit fit,
                         Map<String, List<FilterEvidence>> evidenceOf, Map<String, Integer> annotatorIndex,
                         CompiledPolicy policy, Provenance provenance) {
        Map<String, Map<Verdict, Double>> posteriors = new HashMap<>();
        List<Object> facts = facts(signals, fit, evidenceOf, annotatorIndex, posteriors);
        Map<String, Classification> classified = policy.decide(facts).classifications();
        return new Weighed(WeightedPairs.of(pairs, signals, fit, classified, posteriors, evidenceOf, provenance),
                classified);
    }

    /** The filters' evidence per signal id, and the version of each bundle that gave some. */
    private record Assessment(Map<String, List<FilterEvidence>> evidenceOf, Map<String, String> bundles) {
    }

    private Assessment assess(List<PairSignal> signals) {
        Map<String, String> bundles = new TreeMap<>();
        Map<String, List<FilterEvidence>> evidenceOf = new HashMap<>();
        for (FilterStage.Assessed a : filters.assess(signals)) {
            evidenceOf.computeIfAbsent(a.evidence().signalId(), k -> new ArrayList<>()).add(a.evidence());
            bundles.put(a.bundle(), a.version());
        }
        return new Assessment(evidenceOf, bundles);
    }

    /**
     * What the policy classifies from: per signal, the signal, its posterior and the filters'
     * evidence. Fills {@code posteriors} (per signal id) on the way.
     */
    private static List<Object> facts(List<PairSignal> signals, TypeModel.Fit fit,
                                      Map<String, List<FilterEvidence>> evidenceOf, Map<String, Integer> annotatorIndex,
                                      Map<String, Map<Verdict, Double>> posteriors) {
        List<Object> facts = new ArrayList<>();
        for (int i = 0; i < signals.size(); i++) {
            PairSignal s = signals.get(i);
            Map<Verdict, Double> posterior = new EnumMap<>(Verdict.class);
            for (int z = 0; z < TypeModel.TYPES.size(); z++) {
                posterior.put(TypeModel.TYPES.get(z), fit.posterior()[i][z]);
            }
            posteriors.put(s.id(), posterior);
            facts.add(new SignalFact(s));
            facts.add(new TypePosterior(s.id(), posterior, fit.ownLogBayesFactor()[i],
                    fit.slipsIdentified()[annotatorIndex.get(s.annotator())]));
            evidenceOf.getOrDefault(s.id(), List.of()).forEach(e -> facts.add(new EvidenceFact(e)));
        }
        return facts;
    }

    /** logit(p), the Bradley-Terry reward gap that makes P(chosen > rejected) = p, capped at {@link #MAX_MARGIN}. */
    public static double margin(double pChosen) {
        if (pChosen <= 0.5) {
            return 0;
        }
        return pChosen >= 1 ? MAX_MARGIN : Math.min(MAX_MARGIN, Math.log(pChosen / (1 - pChosen)));
    }

    private static Map<String, Double> agreement(List<PairSignal> signals, Map<String, Classification> classified) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        Map<String, List<String>> genuine = new LinkedHashMap<>();
        for (PairSignal s : signals) {
            String pick = s.majorityPick();
            all.computeIfAbsent(s.pair().id(), k -> new ArrayList<>()).add(pick);
            Classification c = classified.get(s.id());
            if (c != null && c.getVerdict() == Verdict.GENUINE) {
                genuine.computeIfAbsent(s.pair().id(), k -> new ArrayList<>()).add(pick);
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
        Map<String, Long> counts = new LinkedHashMap<>();
        Arrays.stream(Verdict.values()).forEach(v -> counts.put(v.name(), 0L));
        classified.values().forEach(c -> counts.merge(c.getVerdict().name(), 1L, Long::sum));
        return counts;
    }
}
