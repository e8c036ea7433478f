package dev.rewire.runtime.engine;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The judge stage of {@code score} and {@code serve}: the deployed annotation filters (through
 * {@link FilterStage}, each isolated) assess the samples that carry judgments, and their evidence
 * is combined per sample: the most severe verdict wins, reasons accumulate. Samples without
 * judgments are not shown to the filters. Used by one thread at a time.
 */
final class JudgeStage {

    /** Severity order for combining filter verdicts: the first listed that any filter found wins. */
    private static final List<Verdict> SEVERITY =
            List.of(Verdict.ARTIFACT, Verdict.NON_ATTITUDE, Verdict.CONSTRUCTED, Verdict.GENUINE);

    private final FilterStage filters;

    JudgeStage(FilterStage filters) {
        this.filters = filters;
    }

    /** One sample's combined verdict, its reasons ({@code filter: reason}) and the filters' bundles. */
    record Judged(Verdict verdict, List<String> reasons, Map<String, String> bundles) {
    }

    /** The combined evidence of one batch, by sample id. */
    record Verdicts(Map<String, Judged> bySample) {

        static final Verdicts NONE = new Verdicts(Map.of());

        /** A sample's combined evidence; null when no filter said anything about it. */
        Judged of(String sampleId) {
            return bySample.get(sampleId);
        }
    }

    Verdicts judge(List<Sample> samples) {
        List<Sample> withJudgments = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.judgments().isEmpty()) {
                withJudgments.add(s);
            }
        }
        if (withJudgments.isEmpty()) {
            return Verdicts.NONE;
        }
        return combine(filters.assess(withJudgments));
    }

    static Verdicts combine(List<FilterStage.Assessed> assessed) {
        Map<String, Verdict> verdicts = new HashMap<>();
        Map<String, List<String>> reasons = new HashMap<>();
        Map<String, Map<String, String>> bundles = new HashMap<>();
        for (FilterStage.Assessed a : assessed) {
            FilterEvidence e = a.evidence();
            String id = e.signalId();
            bundles.computeIfAbsent(id, x -> new TreeMap<>()).put(a.bundle(), a.version());
            verdicts.merge(id, e.verdict(), (was, now) -> SEVERITY.indexOf(now) < SEVERITY.indexOf(was) ? now : was);
            List<String> why = reasons.computeIfAbsent(id, x -> new ArrayList<>());
            for (String r : e.reasons()) {
                why.add(e.filterId() + ": " + r);
            }
        }
        Map<String, Judged> bySample = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> e : bundles.entrySet()) {
            String id = e.getKey();
            bySample.put(id, new Judged(verdicts.get(id), reasons.get(id), e.getValue()));
        }
        return new Verdicts(bySample);
    }
}
