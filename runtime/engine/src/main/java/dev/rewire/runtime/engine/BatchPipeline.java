package dev.rewire.runtime.engine;

import com.google.inject.Inject;
import dev.rewire.runtime.host.HostLog;

import dev.rewire.runtime.host.BundleCalls;
import dev.rewire.runtime.host.PipelineLimits;
import dev.rewire.runtime.host.Services;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.policy.BatchContext;
import dev.rewire.framework.policy.CheckOutcome;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.policy.PolicyEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One batch through the data flow of DESIGN.md, stage by stage: judge ({@link JudgeStage}), decide
 * ({@link PolicyStage}), evaluate ({@link TermEvaluator}), score ({@link ScoreStage}), assemble
 * ({@link Assembler}), check ({@link CheckWindow}). The only state kept between batches is the
 * last checks' results, which enter the next batch's policy session as facts. {@link #process} runs
 * a batch whole; {@link #ahead} and {@link #finish} split it so that the next batch's front half can
 * run beside this one's back half ({@link Lookahead}). Otherwise one thread at a time
 * ({@code rewire serve} runs its micro-batches through one pipeline).
 */
public final class BatchPipeline {

    private final Services services;
    private final Consumer<String> log;
    private final JudgeStage judgeStage;
    private final PolicyStage policyStage;
    private final TermEvaluator evaluator;
    private final ScoreStage scoreStage;
    private final Assembler assembler = new Assembler();
    private final CheckWindow checkWindow;
    private final Set<String> reportedFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final TermStatistics statistics = new TermStatistics();
    private final StageTimes stageTimes = new StageTimes();
    /** Written by {@link #finish}, read by {@link #ahead} and {@link Lookahead} on other threads. */
    private volatile List<CheckOutcome> lastChecks = List.of();
    private final AtomicLong decidedAhead = new AtomicLong();
    private final AtomicLong redecided = new AtomicLong();

    /** The pipeline over a started host's parts (see {@code RewireRuntime#injector}). */
    @Inject
    public BatchPipeline(Services services, PolicyEngine policy, ScoringOptions options, PipelineLimits limits,
                         BundleCalls calls, HostLog log) {
        this(services, policy, options, limits, calls, (Consumer<String>) log);
    }

    public BatchPipeline(Services services, PolicyEngine policy, ScoringOptions options, PipelineLimits limits,
                         BundleCalls calls, Consumer<String> log) {
        this.services = services;
        this.log = log;
        this.judgeStage = new JudgeStage(new FilterStage(services.filters(), calls, limits.termTimeout(), this::report));
        this.policyStage = new PolicyStage(policy, calls, limits.termTimeout());
        this.evaluator = new TermEvaluator(services.terms(), calls, limits.termTimeout(), this::report);
        this.scoreStage = new ScoreStage(services.scorers(), calls, limits.termTimeout(), options);
        this.checkWindow = new CheckWindow(services.checks(), calls, limits.termTimeout(), limits.checkWindow(),
                limits.minCheckSamples(), this::report);
    }

    /** Runs one batch through every stage, on the check outcomes of the batch before it. */
    public BatchResult process(Batch whole) {
        return finish(ahead(whole, lastChecks, false));
    }

    /**
     * A batch judged and decided, on the check outcomes known when it was started: what
     * {@link #finish} completes.
     */
    public static final class Ahead {
        private final Batch batch;
        private final JudgeStage.Verdicts verdicts;
        private final PolicyStage.Decided decided;
        private final SpeculatedChecks checks;

        private Ahead(Batch batch, JudgeStage.Verdicts verdicts, PolicyStage.Decided decided, SpeculatedChecks checks) {
            this.batch = batch;
            this.verdicts = verdicts;
            this.decided = decided;
            this.checks = checks;
        }
    }

    /**
     * The judge and decide stages of a batch, decided on {@code known} (the latest check outcomes
     * when it was started). May run on another thread while {@link #finish} completes the batch
     * before it; one batch at a time.
     *
     * @param tentative whether {@code known} may not be the outcomes the batch is decided on in the
     *                  end: then a policy failing on them is neither retired nor poisons samples
     *                  (the batch is decided again in {@link #finish}, where a failure is handled)
     */
    public Ahead ahead(Batch whole, List<CheckOutcome> known, boolean tentative) {
        long t = System.nanoTime();
        List<Sample> samples = whole.samples();
        JudgeStage.Verdicts verdicts = judgeStage.judge(samples);
        t = stageTimes.lap(StageTimes.Stage.JUDGE, t);
        SpeculatedChecks checks = new SpeculatedChecks(known);
        Function<List<Sample>, List<Object>> factsOf = part -> facts(whole, part, verdicts, checks.facts());
        PolicyStage.Decided decided = tentative ? policyStage.tryDecide(samples, factsOf)
                : policyStage.decide(whole.index(), samples, factsOf);
        stageTimes.lap(StageTimes.Stage.DECIDE, t);
        return new Ahead(whole, verdicts, decided, checks);
    }

    /**
     * The rest of a batch's stages (evaluate, score, assemble, check), after the batch before it: the
     * decision is taken again, on the check outcomes standing now, when they answer what the policy
     * read of the ones it was decided on differently (counted in {@link #redecided}).
     */
    public BatchResult finish(Ahead ahead) {
        Batch whole = ahead.batch;
        Batch batch = whole;
        List<Sample> samples = whole.samples();
        JudgeStage.Verdicts verdicts = ahead.verdicts;
        PolicyStage.Decided decided = ahead.decided;
        long t = System.nanoTime();
        if (ahead.checks.known() != lastChecks) {
            decidedAhead.incrementAndGet();
        }
        if (decided != null && ahead.checks.holdFor(lastChecks)) {
            policyStage.kept(decided);
        } else {
            List<CheckOutcome> standing = lastChecks;
            decided = policyStage.decide(whole.index(), samples, part -> facts(whole, part, verdicts, standing));
            redecided.incrementAndGet();
            t = stageTimes.lap(StageTimes.Stage.DECIDE, t);
        }
        BatchAction block = decided.decision().actions().stream()
                .filter(a -> a.getKind() == BatchAction.Kind.BLOCK).findFirst().orElse(null);
        if (block != null) {
            return new BatchResult(List.of(), List.of(), block, null, List.of());
        }
        List<BatchResult.Poisoned> poisoned = List.of();
        if (!decided.poisoned().isEmpty()) {
            poisoned = new ArrayList<>();
            for (Sample s : samples) {
                String why = decided.poisoned().get(s.id());
                if (why != null) {
                    poisoned.add(new BatchResult.Poisoned(s, why));
                }
            }
            batch = BatchResult.without(whole, decided.poisoned().keySet());
            if (batch.size() == 0) {
                return new BatchResult(List.of(), List.of(), null, null, List.of(), poisoned);
            }
        }
        RouteTable table = new RouteTable(batch, decided.decision());
        List<TermEvaluator.TermRun> runs = evaluator.evaluate(table);
        runs.forEach(run -> run.byGroup().forEach(results -> statistics.add(run.term(), results)));
        t = stageTimes.lap(StageTimes.Stage.EVALUATE, t);
        ScoreStage.Scored scored = scoreStage.score(table, runs);
        t = stageTimes.lap(StageTimes.Stage.SCORE, t);
        Assembler.Assembled assembled = assembler.assemble(table, runs, verdicts, scored.result(), scored.bundle(),
                scored.version(), decided.policy().sha256());
        t = stageTimes.lap(StageTimes.Stage.ASSEMBLE, t);
        List<CheckResult> checks = checkWindow.add(batch.index(), assembled.scored());
        stageTimes.lap(StageTimes.Stage.CHECK, t);
        if (!checks.isEmpty()) {
            List<CheckOutcome> outcomes = new ArrayList<>();
            for (CheckResult c : checks) {
                outcomes.add(new CheckOutcome(c, batch.index()));
            }
            lastChecks = outcomes;
        }
        return new BatchResult(assembled.records(), checks, null, scored.result().device(), assembled.scored(),
                poisoned);
    }

    /**
     * The policy's facts for some of a batch's samples (all of them, or the part a search for
     * poisoned samples tries): one per sample, the batch context of those samples, and the last
     * checks' outcomes.
     */
    private List<Object> facts(Batch batch, List<Sample> samples, JudgeStage.Verdicts verdicts,
                               List<CheckOutcome> checks) {
        List<Object> facts = new ArrayList<>(samples.size() + 4);
        long step = -1;
        for (Sample s : samples) {
            JudgeStage.Judged j = verdicts.of(s.id());
            facts.add(new SampleFact(s, j == null ? null : j.verdict(), j == null ? null : j.reasons()));
            if (s.step() != null) {
                step = Math.max(step, s.step());
            }
        }
        int groups = samples.size() == batch.size() ? batch.groups().size()
                : (int) samples.stream().map(Sample::promptId).distinct().count();
        facts.add(new BatchContext(batch.index(), samples.size(), groups, services.terms().ids(), step));
        facts.addAll(checks);
        return facts;
    }

    /** Per-term statistics over every batch this pipeline processed. */
    public TermStatistics statistics() {
        return statistics;
    }

    /** Wall time per stage over every batch this pipeline processed. */
    public StageTimes stageTimes() {
        return stageTimes;
    }

    /** Batches decided before the check outcomes of the batch before them were known (see {@link Lookahead}). */
    public long decidedAhead() {
        return decidedAhead.get();
    }

    /**
     * Batches decided again because the check outcomes standing at their turn answered the policy's
     * reads differently from those they were decided on ahead of it (see {@link Lookahead}).
     */
    public long redecided() {
        return redecided.get();
    }

    /** The check outcomes the next batch's policy will see. */
    public List<CheckOutcome> lastChecks() {
        return lastChecks;
    }

    /** What later batches depend on, as it stands now (between two batches): see {@link PipelineState}. */
    public PipelineState state() {
        return new PipelineState(lastChecks, checkWindow.states(), statistics.saved());
    }

    /** Goes on from a saved state (a resumed run, before its first batch); a check state no deployed check takes is reported. */
    public void restore(PipelineState state) {
        lastChecks = state.lastChecks();
        statistics.restore(state.terms());
        for (String check : checkWindow.restore(state.checks())) {
            log.accept("resume: check " + check + " is not deployed; its saved state is not used");
        }
    }

    /** Logs a failure once per distinct message, so a broken bundle does not flood the terminal. */
    private void report(String message) {
        if (reportedFailures.add(message)) {
            log.accept(message);
        }
    }
}
