package dev.rewire.runtime.engine;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.policy.WeightStep;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.ScoringResult;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The assemble stage: one {@link RewardRecord} per row (what the output carries) and one
 * {@link ScoredSample} (what the checks see). Records whose rows routed the same terms and were
 * judged by the same filter bundles share one {@link Provenance} instance, which the
 * {@link RecordEncoder} encodes once. Stateless; used by one thread at a time.
 */
final class Assembler {

    /** What the records and scored samples of one batch are. */
    record Assembled(List<RewardRecord> records, List<ScoredSample> scored) {
    }

    Assembled assemble(RouteTable table, List<TermEvaluator.TermRun> runs, JudgeStage.Verdicts verdicts,
                       ScoringResult scored, String scorerBundle, String scorerVersion, String policySha256) {
        int n = table.rows();
        List<RewardRecord> records = new ArrayList<>(n);
        List<ScoredSample> scoredSamples = new ArrayList<>(n);
        Map<List<Object>, Provenance> provenances = new HashMap<>();
        Map<List<WeightStep>, List<String>> trails = new HashMap<>();
        // rows are the batch's samples group by group: each row's group, one statement per group
        GroupInfo[] groups = new GroupInfo[n];
        int next = 0;
        for (Group g : table.batch().groups()) {
            GroupInfo info = GroupInfo.of(g);
            for (int k = 0; k < g.size(); k++) {
                groups[next++] = info;
            }
        }
        for (int row = 0; row < n; row++) {
            Sample s = table.samples().get(row);
            JudgeStage.Judged judged = verdicts.of(s.id());
            List<Route> routes = table.routes(row);
            Map<String, TermOutcome> terms = new LinkedHashMap<>();
            Map<String, TermResult> termResults = new LinkedHashMap<>();
            LinkedHashSet<String> rules = new LinkedHashSet<>();
            List<Object> provenanceKey = new ArrayList<>(routes.size() + 1);
            provenanceKey.add(judged == null ? Map.of() : judged.bundles());
            for (int i = 0; i < routes.size(); i++) {
                Route r = routes.get(i);
                rules.addAll(r.getRules());
                if (i + 1 < routes.size() && routes.get(i + 1).getTerm().equals(r.getTerm())) {
                    continue; // several routes to one term: one outcome, at the last, with every route's trail
                }
                int c = table.column(r.getTerm());
                TermResult result = runs.get(c).at(row);
                double w = table.weight(row, c);
                List<String> trail = trails.computeIfAbsent(steps(routes, i), Assembler::trail);
                terms.put(r.getTerm(), result.abstained()
                        ? new TermOutcome(null, w, result.reason(), trail, result.explanation())
                        : new TermOutcome(result.value(), w, null, trail, result.explanation()));
                termResults.put(r.getTerm(), result);
                provenanceKey.add(r.getTerm());
            }
            Provenance provenance = provenances.computeIfAbsent(provenanceKey,
                    key -> provenance(routes, table, runs, judged, scorerBundle, scorerVersion, policySha256));
            double reward = scored.rewards()[row];
            double advantage = scored.advantages()[row];
            Observation observed = Observation.of(s);
            records.add(new RewardRecord(s.id(), s.promptId(), table.batch().index(), reward, advantage, groups[row], terms,
                    List.copyOf(rules), judged == null ? null : judged.verdict(), observed, provenance));
            scoredSamples.add(new ScoredSample(s.id(), s.promptId(), observed, termResults, reward, advantage));
        }
        return new Assembled(records, scoredSamples);
    }

    /** The weight steps of the routes to the term of {@code routes[last]} (they sit together: sorted by term). */
    private static List<WeightStep> steps(List<Route> routes, int last) {
        Route r = routes.get(last);
        if (last == 0 || !routes.get(last - 1).getTerm().equals(r.getTerm())) {
            return r.getSteps();
        }
        int first = last;
        while (first > 0 && routes.get(first - 1).getTerm().equals(r.getTerm())) {
            first--;
        }
        List<WeightStep> steps = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            steps.addAll(routes.get(i).getSteps());
        }
        return steps;
    }

    /** A term's rules as records carry them; rows with the same trail share one list. */
    private static List<String> trail(List<WeightStep> steps) {
        List<String> trail = new ArrayList<>(steps.size());
        steps.forEach(step -> trail.add(step.toString()));
        return List.copyOf(trail);
    }

    /** The bundles and settings behind a row: its filters', its routed terms', the scorer's. */
    private static Provenance provenance(List<Route> routes, RouteTable table,
                                         List<TermEvaluator.TermRun> runs, JudgeStage.Judged judged,
                                         String scorerBundle, String scorerVersion, String policySha256) {
        Map<String, String> bundles = new TreeMap<>(judged == null ? Map.of() : judged.bundles());
        Map<String, Map<String, Object>> config = new TreeMap<>();
        for (Route r : routes) {
            TermEvaluator.TermRun run = runs.get(table.column(r.getTerm()));
            if (run.bundle() != null) {
                bundles.put(run.bundle(), run.version());
            }
            if (!run.config().isEmpty()) {
                config.put(r.getTerm(), run.config());
            }
        }
        bundles.put(scorerBundle, scorerVersion);
        return new Provenance(bundles, policySha256, config);
    }
}
