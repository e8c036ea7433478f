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
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.spi.RewardScorer;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One batch through the data flow of DESIGN.md: judge (annotation filters), decide (policy),
 * evaluate (routed reward terms, see {@link TermEvaluator}), score (the scorer bundle), assemble
 * (reward records), check (see {@link CheckWindow}). The only state kept between batches is the
 * last checks' results, which enter the next batch's policy session as facts. Not thread safe:
 * one pipeline, one thread at a time ({@code rewire serve} runs its micro-batches through one).
 */
public final class BatchPipeline {

    private final Services services;
    private final ScoringOptions options;
    private final Consumer<String> log;
    private final TermEvaluator evaluator;
    private final CheckWindow checkWindow;
    private final PolicyStage policyStage;
    private final FilterStage filterStage;
    private final BundleCalls calls;
    private final PipelineLimits limits;
    private final Set<String> reportedFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final TermStatistics statistics = new TermStatistics();
    private final StageTimes stageTimes = new StageTimes();
    private List<CheckOutcome> lastChecks = List.of();

    public BatchPipeline(Services services, PolicyEngine policy, ScoringOptions options, PipelineLimits limits,
                         BundleCalls calls, Consumer<String> log) {
        this.services = services;
        this.options = options;
        this.log = log;
        this.evaluator = new TermEvaluator(services.terms(), calls, limits.termTimeout(), this::report);
        this.calls = calls;
        this.limits = limits;
        this.policyStage = new PolicyStage(policy, calls, limits.termTimeout());
        this.filterStage = new FilterStage(services.filters(), calls, limits.termTimeout(), this::report);
        this.checkWindow = new CheckWindow(services.checks(), calls, limits.termTimeout(), limits.checkWindow(),
                this::report);
    }

    public BatchResult process(Batch batch) {
        long t = System.nanoTime();
        List<Sample> samples = batch.samples();
        Map<String, Judged> verdicts = judge(samples);
        t = stageTimes.lap(StageTimes.Stage.JUDGE, t);
        PolicyStage.Decided decided = policyStage.decide(batch.index(), facts(batch, samples, verdicts));
        CompiledPolicy compiled = decided.policy();
        PolicyDecision decision = decided.decision();
        t = stageTimes.lap(StageTimes.Stage.DECIDE, t);
        BatchAction block = decision.actions().stream()
                .filter(a -> a.getKind() == BatchAction.Kind.BLOCK).findFirst().orElse(null);
        if (block != null) {
            return new BatchResult(List.of(), List.of(), block, null, List.of());
        }

        List<String> termIds = new ArrayList<>(new TreeSet<>(routedTerms(decision)));
        Map<String, TermEvaluator.TermRun> runs = evaluator.evaluate(batch, decision, termIds);
        runs.values().forEach(run -> run.byGroup().forEach(results -> statistics.add(run.term(), results)));
        t = stageTimes.lap(StageTimes.Stage.EVALUATE, t);

        int n = samples.size();
        int k = termIds.size();
        double[] values = new double[n * k];
        double[] weights = new double[n * k];
        Arrays.fill(values, Double.NaN);
        int[] groups = new int[n];
        int row = 0;
        for (int g = 0; g < batch.groups().size(); g++) {
            for (Sample s : batch.groups().get(g).samples()) {
                groups[row] = g;
                for (Route r : decision.routesOf(s.id())) {
                    int cell = row * k + termIds.indexOf(r.getTerm());
                    weights[cell] += r.getWeight();
                    TermResult result = runs.get(r.getTerm()).bySample().get(s.id());
                    if (!result.abstained()) {
                        values[cell] = result.value();
                    }
                }
                row++;
            }
        }
        ScoringResult scored;
        String scorerBundle;
        String scorerVersion;
        try (Lease<RewardScorer> scorer = services.scorers().acquire(Services.SCORER)) {
            if (scorer == null) {
                throw new IllegalStateException("no RewardScorer is deployed (the rewire.scorer-djl bundle provides one)");
            }
            ScoringRequest request = new ScoringRequest(n, termIds, values, weights, groups, options);
            scored = scoreWithin(scorer, request);
            scorerBundle = scorer.bundle();
            scorerVersion = scorer.version();
        }
        t = stageTimes.lap(StageTimes.Stage.SCORE, t);
        List<RewardRecord> records = new ArrayList<>(n);
        List<ScoredSample> scoredSamples = new ArrayList<>(n);
        for (row = 0; row < n; row++) {
            Sample s = samples.get(row);
            Assembled a = assemble(s, decision.routesOf(s.id()), runs, verdicts.get(s.id()), weights, row * k, termIds);
            a.bundles.put(scorerBundle, scorerVersion);
            double reward = scored.rewards()[row];
            double advantage = scored.advantages()[row];
            Observation observed = Observation.of(s);
            Judged j = verdicts.get(s.id());
            records.add(new RewardRecord(s.id(), s.promptId(), batch.index(), reward, advantage, a.terms,
                    List.copyOf(a.rules), j == null ? null : j.verdict, observed,
                    new Provenance(a.bundles, compiled.sha256(), a.config)));
            scoredSamples.add(new ScoredSample(s.id(), s.promptId(), observed, a.termResults, reward, advantage));
        }
        t = stageTimes.lap(StageTimes.Stage.ASSEMBLE, t);
        List<CheckResult> checks = checkWindow.add(batch.index(), scoredSamples);
        stageTimes.lap(StageTimes.Stage.CHECK, t);
        if (!checks.isEmpty()) {
            List<CheckOutcome> outcomes = new ArrayList<>();
            for (CheckResult c : checks) {
                outcomes.add(new CheckOutcome(c, batch.index()));
            }
            lastChecks = outcomes;
        }
        return new BatchResult(records, checks, null, scored.device(), scoredSamples);
    }

    /**
     * The scorer under the same deadline as the terms: without rewards the batch cannot be answered,
     * so a scorer that hangs or throws fails this batch (named, never a hang); a hung one is also
     * quarantined, so the next batch goes to another scorer or fails at once.
     */
    private ScoringResult scoreWithin(Lease<RewardScorer> scorer, ScoringRequest request) {
        String who = "scorer " + scorer.bundle() + " " + scorer.version();
        try {
            return calls.within(limits.termTimeout(), () -> scorer.service().score(request));
        } catch (java.util.concurrent.TimeoutException e) {
            String why = "timeout after " + limits.termTimeout().toMillis() + " ms";
            services.scorers().quarantine(scorer, why);
            throw new IllegalStateException(who + ": " + why + "; quarantined until redeployed");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(who + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** The policy's facts: one per sample, the batch context, and the last checks' outcomes. */
    private List<Object> facts(Batch batch, List<Sample> samples, Map<String, Judged> verdicts) {
        List<Object> facts = new ArrayList<>(samples.size() + 4);
        long step = -1;
        for (Sample s : samples) {
            Judged j = verdicts.get(s.id());
            facts.add(new SampleFact(s, j == null ? null : j.verdict, j == null ? null : j.reasons));
            if (s.step() != null) {
                step = Math.max(step, s.step());
            }
        }
        facts.add(new BatchContext(batch.index(), samples.size(), batch.groups().size(), services.terms().ids(), step));
        facts.addAll(lastChecks);
        return facts;
    }

    /** One sample's record parts: its routed terms' outcomes, the rules, bundles and settings behind them. */
    private static Assembled assemble(Sample s, List<Route> routes, Map<String, TermEvaluator.TermRun> runs,
                                      Judged judged, double[] weights, int rowOffset, List<String> termIds) {
        Assembled a = new Assembled(judged == null ? Map.of() : judged.bundles);
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing(Route::getTerm));
        for (Route r : sorted) {
            a.rules.addAll(r.getRules());
            TermEvaluator.TermRun run = runs.get(r.getTerm());
            TermResult result = run.bySample().get(s.id());
            double w = weights[rowOffset + termIds.indexOf(r.getTerm())];
            a.terms.put(r.getTerm(), result.abstained()
                    ? new TermOutcome(null, w, result.reason())
                    : new TermOutcome(result.value(), w, null));
            a.termResults.put(r.getTerm(), result);
            if (run.bundle() != null) {
                a.bundles.put(run.bundle(), run.version());
            }
            if (!run.config().isEmpty()) {
                a.config.put(r.getTerm(), run.config());
            }
        }
        return a;
    }

    private static final class Assembled {
        final Map<String, TermOutcome> terms = new TreeMap<>();
        final Map<String, TermResult> termResults = new TreeMap<>();
        final Map<String, String> bundles;
        final Map<String, Map<String, Object>> config = new TreeMap<>();
        final Set<String> rules = new LinkedHashSet<>();

        Assembled(Map<String, String> filterBundles) {
            bundles = new TreeMap<>(filterBundles);
        }
    }

    /** Per-term statistics over every batch this pipeline processed. */
    public TermStatistics statistics() {
        return statistics;
    }

    /** Wall time per stage over every batch this pipeline processed. */
    public StageTimes stageTimes() {
        return stageTimes;
    }

    /** The check outcomes the next batch's policy will see. */
    public List<CheckOutcome> lastChecks() {
        return lastChecks;
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

    /** The filters' evidence per sample, combined: the most severe verdict wins, reasons accumulate. */
    private Map<String, Judged> judge(List<Sample> samples) {
        Map<String, Judged> judged = new HashMap<>();
        List<Sample> withJudgments = samples.stream().filter(s -> !s.judgments().isEmpty()).toList();
        if (withJudgments.isEmpty()) {
            return judged;
        }
        for (FilterStage.Assessed a : filterStage.assess(withJudgments)) {
            judged.computeIfAbsent(a.evidence().signalId(), x -> new Judged()).add(a);
        }
        return judged;
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

        void add(FilterStage.Assessed assessed) {
            FilterEvidence e = assessed.evidence();
            bundles.put(assessed.bundle(), assessed.version());
            if (verdict == null || SEVERITY.indexOf(e.verdict()) < SEVERITY.indexOf(verdict)) {
                verdict = e.verdict();
            }
            for (String r : e.reasons()) {
                reasons.add(e.filterId() + ": " + r);
            }
        }
    }
}
