package dev.rewire.runtime.pipeline;

import dev.rewire.framework.model.Batch;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Provenance;
import dev.rewire.framework.model.RewardRecord;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.TermOutcome;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.policy.BatchContext;
import dev.rewire.framework.policy.CheckOutcome;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.CalibrationCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.spi.RewardScorer;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.framework.spi.ScoringRequest;
import dev.rewire.framework.spi.ScoringResult;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.runtime.osgi.Lease;
import dev.rewire.runtime.policy.CompiledPolicy;
import dev.rewire.runtime.policy.PolicyDecision;
import dev.rewire.runtime.policy.PolicyEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One batch through the data flow of DESIGN.md: annotation filters, policy, routed reward terms,
 * scorer, calibration checks. The only state kept between batches is the last checks' results,
 * which enter the next batch's policy session as facts. Not thread safe: one run, one thread.
 */
public final class BatchPipeline {

    private final Services services;
    private final PolicyEngine policy;
    private final ScoringOptions options;
    private final Consumer<String> log;
    private final Set<String> reportedFailures = new LinkedHashSet<>();
    private final TermStatistics statistics = new TermStatistics();
    private List<CheckOutcome> lastChecks = List.of();

    public BatchPipeline(Services services, PolicyEngine policy, ScoringOptions options, Consumer<String> log) {
        this.services = services;
        this.policy = policy;
        this.options = options;
        this.log = log;
    }

    public BatchResult process(Batch batch) {
        List<Sample> samples = batch.samples();
        Map<String, Judged> verdicts = assessJudgments(samples);

        CompiledPolicy compiled = policy.current();
        List<Object> facts = new ArrayList<>(samples.size() + 4);
        for (Sample s : samples) {
            Judged j = verdicts.get(s.id());
            facts.add(new SampleFact(s, j == null ? null : j.verdict, j == null ? null : j.reasons));
        }
        facts.add(new BatchContext(batch.index(), samples.size(), batch.groups().size(), services.terms().ids()));
        facts.addAll(lastChecks);
        PolicyDecision decision = compiled.decide(facts);
        BatchAction block = decision.actions().stream()
                .filter(a -> a.getKind() == BatchAction.Kind.BLOCK).findFirst().orElse(null);

        List<String> termIds = new ArrayList<>(new TreeSet<>(routedTerms(decision)));
        int n = samples.size();
        int k = termIds.size();
        double[] values = new double[n * k];
        double[] weights = new double[n * k];
        Arrays.fill(values, Double.NaN);
        int[] groups = new int[n];
        List<Map<String, Evaluated>> evaluated = new ArrayList<>(n);
        int row = 0;
        for (int g = 0; g < batch.groups().size(); g++) {
            Group group = batch.groups().get(g);
            Map<String, Map<String, Evaluated>> groupResults = evaluateGroup(group, decision, termIds);
            for (Sample s : group.samples()) {
                groups[row] = g;
                Map<String, Evaluated> mine = groupResults.getOrDefault(s.id(), Map.of());
                for (Route r : decision.routesOf(s.id())) {
                    int cell = row * k + termIds.indexOf(r.getTerm());
                    weights[cell] += r.getWeight();
                    Evaluated e = mine.get(r.getTerm());
                    if (e != null && !e.result.abstained()) {
                        values[cell] = e.result.value();
                    }
                }
                evaluated.add(mine);
                row++;
            }
        }
        // Samples were laid out group by group above; batch.samples() has the same order.
        ScoringResult scored;
        String scorerBundle;
        String scorerVersion;
        try (Lease<RewardScorer> scorer = services.scorers().acquire(Services.SCORER)) {
            if (scorer == null) {
                throw new IllegalStateException("no RewardScorer is deployed (the rewire.scorer-djl bundle provides one)");
            }
            scored = scorer.service().score(new ScoringRequest(n, termIds, values, weights, groups, options));
            scorerBundle = scorer.bundle();
            scorerVersion = scorer.version();
        }

        List<ScoredSample> scoredSamples = new ArrayList<>(n);
        List<RewardRecord> records = new ArrayList<>(n);
        for (row = 0; row < n; row++) {
            Sample s = samples.get(row);
            Map<String, Evaluated> mine = evaluated.get(row);
            Map<String, TermOutcome> terms = new TreeMap<>();
            Map<String, TermResult> termResults = new TreeMap<>();
            Judged j = verdicts.get(s.id());
            Map<String, String> bundles = new TreeMap<>(j == null ? Map.of() : j.bundles);
            Map<String, Map<String, Object>> config = new TreeMap<>();
            Set<String> rules = new LinkedHashSet<>();
            for (Route r : sortedByTerm(decision.routesOf(s.id()))) {
                rules.addAll(r.getRules());
                Evaluated e = mine.get(r.getTerm());
                double w = weights[row * k + termIds.indexOf(r.getTerm())];
                terms.put(r.getTerm(), e.result.abstained()
                        ? new TermOutcome(null, w, e.result.reason())
                        : new TermOutcome(e.result.value(), w, null));
                termResults.put(r.getTerm(), e.result);
                if (e.bundle != null) {
                    bundles.put(e.bundle, e.version);
                }
                if (!e.config.isEmpty()) {
                    config.put(r.getTerm(), e.config);
                }
            }
            bundles.put(scorerBundle, scorerVersion);
            double reward = scored.rewards()[row];
            double advantage = scored.advantages()[row];
            Observation observed = Observation.of(s);
            records.add(new RewardRecord(s.id(), s.promptId(), batch.index(), reward, advantage, terms,
                    List.copyOf(rules), j == null ? null : j.verdict, observed,
                    new Provenance(bundles, compiled.sha256(), config)));
            scoredSamples.add(new ScoredSample(s.id(), s.promptId(), observed, termResults, reward, advantage));
        }
        ScoredBatch scoredBatch = new ScoredBatch(batch.index(), scoredSamples);
        List<CheckResult> checks = runChecks(scoredBatch);
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (CheckResult c : checks) {
            outcomes.add(new CheckOutcome(c, batch.index()));
        }
        lastChecks = outcomes;
        return new BatchResult(records, checks, block, scored.device(), scoredBatch.samples());
    }

    private static List<Route> sortedByTerm(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(java.util.Comparator.comparing(Route::getTerm));
        return sorted;
    }

    /** Per-term statistics over every batch this pipeline processed. */
    public TermStatistics statistics() {
        return statistics;
    }

    /**
     * A term's result for one sample, the bundle that computed it (null when none was deployed),
     * and the settings of the instance that computed it.
     */
    private record Evaluated(TermResult result, String bundle, String version, Map<String, Object> config) {
    }

    private static Set<String> routedTerms(PolicyDecision decision) {
        Set<String> terms = new LinkedHashSet<>();
        for (List<Route> routes : decision.routes().values()) {
            for (Route r : routes) {
                terms.add(r.getTerm());
            }
        }
        return terms;
    }

    /** Evaluates each routed term once, on the samples of the group routed to it. */
    private Map<String, Map<String, Evaluated>> evaluateGroup(Group group, PolicyDecision decision,
                                                              List<String> termIds) {
        Map<String, Map<String, Evaluated>> bySample = new HashMap<>();
        for (String term : termIds) {
            List<Sample> routed = new ArrayList<>();
            for (Sample s : group.samples()) {
                if (decision.routesOf(s.id()).stream().anyMatch(r -> r.getTerm().equals(term))) {
                    routed.add(s);
                }
            }
            if (routed.isEmpty()) {
                continue;
            }
            try (Lease<RewardTerm> lease = services.terms().acquire(term)) {
                List<TermResult> results = lease == null
                        ? repeat(TermResult.abstain("term '" + term + "' is not deployed"), routed.size())
                        : evaluate(lease, new Group(group.promptId(), routed));
                Map<String, Object> config = lease == null ? Map.of() : configurationOf(lease);
                statistics.add(term, results);
                for (int i = 0; i < routed.size(); i++) {
                    Evaluated e = new Evaluated(results.get(i), lease == null ? null : lease.bundle(),
                            lease == null ? null : lease.version(), config);
                    bySample.computeIfAbsent(routed.get(i).id(), x -> new HashMap<>()).put(term, e);
                }
            }
        }
        return bySample;
    }

    private List<TermResult> evaluate(Lease<RewardTerm> lease, Group routed) {
        List<TermResult> results;
        try {
            results = lease.service().evaluate(routed);
        } catch (RuntimeException e) {
            report("term " + lease.id() + " (" + lease.bundle() + " " + lease.version() + ") threw " + e);
            return repeat(TermResult.failed(e), routed.size());
        }
        if (results == null || results.size() != routed.size()) {
            String why = "error: term returned " + (results == null ? "null" : results.size() + " results")
                    + " for " + routed.size() + " samples";
            report("term " + lease.id() + " (" + lease.bundle() + " " + lease.version() + "): " + why);
            return repeat(TermResult.abstain(why), routed.size());
        }
        return results;
    }

    private Map<String, Object> configurationOf(Lease<RewardTerm> lease) {
        try {
            Map<String, Object> config = lease.service().configuration();
            return config == null ? Map.of() : new TreeMap<>(config);
        } catch (RuntimeException e) {
            report("term " + lease.id() + " (" + lease.bundle() + " " + lease.version() + "): configuration() threw " + e);
            return Map.of();
        }
    }

    private static List<TermResult> repeat(TermResult result, int times) {
        List<TermResult> list = new ArrayList<>(times);
        for (int i = 0; i < times; i++) {
            list.add(result);
        }
        return list;
    }

    /** The filters' evidence per sample, combined: the most severe verdict wins, reasons accumulate. */
    private Map<String, Judged> assessJudgments(List<Sample> samples) {
        Map<String, Judged> judged = new HashMap<>();
        List<Sample> withJudgments = samples.stream().filter(s -> !s.judgments().isEmpty()).toList();
        if (withJudgments.isEmpty()) {
            return judged;
        }
        for (Lease<AnnotationFilter> lease : services.filters().acquireAll()) {
            try (lease) {
                for (FilterEvidence e : lease.service().assess(withJudgments)) {
                    judged.computeIfAbsent(e.signalId(), x -> new Judged()).add(e, lease);
                }
            } catch (RuntimeException e) {
                report("filter " + lease.id() + " (" + lease.bundle() + " " + lease.version() + ") threw " + e
                        + "; its evidence is missing from this batch");
            }
        }
        return judged;
    }

    private List<CheckResult> runChecks(ScoredBatch batch) {
        List<CheckResult> results = new ArrayList<>();
        for (Lease<CalibrationCheck> lease : services.checks().acquireAll()) {
            try (lease) {
                results.add(lease.service().check(batch));
            } catch (RuntimeException e) {
                report("check " + lease.id() + " (" + lease.bundle() + " " + lease.version() + ") threw " + e);
                results.add(new CheckResult(lease.id(), CheckStatus.SKIPPED, Map.of(), "error: " + e));
            }
        }
        return results;
    }

    /** Logs a failure once per distinct message, so a broken bundle does not flood the terminal. */
    private void report(String message) {
        if (reportedFailures.add(message)) {
            log.accept(message);
        }
    }

    /** Severity order for combining filter verdicts: the first listed that any filter found wins. */
    private static final List<Verdict> SEVERITY =
            List.of(Verdict.ARTIFACT, Verdict.NON_ATTITUDE, Verdict.CONSTRUCTED, Verdict.GENUINE);

    private static final class Judged {
        Verdict verdict;
        final List<String> reasons = new ArrayList<>();
        final Map<String, String> bundles = new TreeMap<>();

        void add(FilterEvidence e, Lease<AnnotationFilter> from) {
            bundles.put(from.bundle(), from.version());
            if (verdict == null || SEVERITY.indexOf(e.verdict()) < SEVERITY.indexOf(verdict)) {
                verdict = e.verdict();
            }
            for (String r : e.reasons()) {
                reasons.add(e.filterId() + ": " + r);
            }
        }
    }
}
