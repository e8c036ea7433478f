package dev.rewire.runtime.engine.shadow;

import dev.rewire.framework.policy.ShadowAction;
import dev.rewire.framework.policy.ShadowStanding;
import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.engine.diff.DiffSummary;
import dev.rewire.runtime.engine.diff.PolicyDiff;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.host.BundleCalls;
import dev.rewire.runtime.host.Services;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import dev.rewire.runtime.host.policy.PolicyCompileException;
import dev.rewire.runtime.host.policy.PolicyCompiler;
import dev.rewire.runtime.host.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A candidate policy decided beside the live one: every batch the live pipeline scored goes again
 * through a pipeline of its own under the candidate (its policy session, terms, scorer and checks,
 * sharing the host's bundles), the two record sets are compared ({@link PolicyDiff}), each pair is
 * streamed as a line of the shadow file, and the promotion rules read the {@link ShadowStanding}.
 * A PROMOTE makes the candidate the live policy from the next batch on; a ROLLBACK stops shadowing;
 * both are written to the audit file and the log. Live records are never touched. Used by one
 * thread at a time, like the pipeline it shadows.
 */
public final class ShadowPolicy implements AutoCloseable {

    /** Where a shadowed candidate stands. */
    public enum State { SHADOWING, PROMOTED, ROLLED_BACK, REFUSED }

    private final PolicyEngine live;
    private final Path candidateFolder;
    private final CompiledPolicy promotion;
    private final Consumer<String> log;
    private final PromotionAudit audit;
    private final PolicyDiff diff = new PolicyDiff(0);
    private PolicyEngine candidate;
    private BatchPipeline candidatePipeline;
    private ShadowPairs pairs;
    private volatile State state = State.SHADOWING;
    private long batchesCompared;
    private final CheckComparison checks;
    private long blockedByCandidate;
    private volatile ShadowStanding standing;
    private volatile String reason;

    /**
     * Compiles the candidate and the promotion rules. A candidate that does not compile is refused
     * (logged with file and line, audited) and the live policy goes on alone; promotion rules that
     * do not compile are a usage error: the caller asked for rules it cannot have.
     */
    public ShadowPolicy(Services services, BundleCalls calls, RuntimeOptions options, PolicyEngine live,
                        Path candidateFolder, Path promotionFolder, Path pairsFile, Path auditFile,
                        Consumer<String> log) throws IOException {
        this.live = live;
        this.candidateFolder = candidateFolder;
        this.log = log;
        this.checks = new CheckComparison(log);
        try {
            this.promotion = new PolicyCompiler().compile(promotionFolder);
        } catch (PolicyCompileException e) {
            throw new IllegalArgumentException("promotion rules " + promotionFolder + " do not compile:\n  "
                    + String.join("\n  ", e.problems()));
        }
        this.audit = new PromotionAudit(auditFile, log);
        try {
            candidate = new PolicyEngine(candidateFolder, message -> log.accept("shadow: " + message));
        } catch (PolicyCompileException e) {
            state = State.REFUSED;
            reason = "candidate " + candidateFolder + " does not compile: " + String.join("; ", e.problems());
            log.accept("shadow: " + reason + "; the live policy goes on alone");
            audit.write("REFUSED", -1, null, reason, live.current().sha256(), null, null);
            return;
        }
        candidatePipeline = new BatchPipeline(services, candidate, options.scoring(), options.limits(), calls,
                message -> log.accept("shadow: " + message));
        pairs = new ShadowPairs(pairsFile);
        log.accept("shadow: candidate " + candidateFolder + " " + candidate.current().files() + " (sha256 "
                + candidate.current().sha256().substring(0, 12) + ") decides every batch beside policy "
                + live.current().sha256().substring(0, 12) + "; promotion rules " + promotion.files()
                + "; pairs in " + pairsFile + ", promotions and rollbacks in " + auditFile);
    }

    public boolean active() {
        return state == State.SHADOWING;
    }

    /** Decides the batch the live pipeline just scored under the candidate too, and lets the promotion rules judge. */
    public void compare(Batch batch, BatchResult liveResult) {
        if (state != State.SHADOWING || liveResult.blockedBy() != null) {
            return;
        }
        String liveSha = liveResult.records().isEmpty() ? live.current().sha256()
                : liveResult.records().get(0).provenance().policy();
        BatchResult shadow;
        try {
            shadow = candidatePipeline.process(batch);
        } catch (RuntimeException e) {
            // the candidate cannot decide a batch the live policy could (its rules throw, loop, or run past
            // their budget with no earlier candidate to go back to): that is a rollback, not the run's failure
            reason = "the candidate failed on batch " + batch.index() + ": " + e.getMessage();
            state = State.ROLLED_BACK;
            audit.write("ROLLBACK", batch.index(), null, reason, liveSha, candidate.current().sha256(), standing);
            stop();
            return;
        }
        double batchShift = Double.NaN;
        if (shadow.blockedBy() != null) {
            blockedByCandidate++;
        } else {
            batchShift = diff.compare(liveResult.records(), shadow.records(), (b, c) -> pairs.write(batch.index(), b, c))
                    .meanShift();
            checks.compare(batch.index(), liveResult.checks(), shadow.checks());
        }
        batchesCompared++;
        pairs.flush();
        DiffSummary.RewardFigures all = diff.rewardFigures();
        standing = new ShadowStanding(batch.index(), batchesCompared, all.samples(), checks.worse(), checks.better(),
                blockedByCandidate, all.samples() == 0 ? 0 : all.meanShift(), batchShift,
                all.samples() == 0 ? 0 : all.signFlipRate(), liveSha, candidate.current().sha256());
        List<ShadowAction> actions = promotion.collect(List.of(standing), ShadowAction.class);
        ShadowAction act = actions.stream().filter(a -> a.getKind() == ShadowAction.Kind.ROLLBACK).findFirst()
                .orElse(actions.isEmpty() ? null : actions.get(0));
        if (act != null) {
            act(act, batch.index(), liveSha);
        }
    }

    private void act(ShadowAction action, long batchIndex, String liveSha) {
        String candidateSha = candidate.current().sha256();
        reason = action.getReason();
        if (action.getKind() == ShadowAction.Kind.PROMOTE) {
            try {
                CompiledPolicy now = live.adopt(candidateFolder);
                candidateSha = now.sha256();
            } catch (PolicyCompileException | IOException e) {
                // the folder changed since the candidate was compiled and no longer builds: keep the live policy
                String why = e instanceof PolicyCompileException p ? String.join("; ", p.problems()) : e.toString();
                log.accept("shadow: cannot promote " + candidateFolder + ": " + why + "; rolled back instead");
                audit.write("ROLLBACK", batchIndex, action.getRule(), "promotion failed: " + why, liveSha, candidateSha,
                        standing);
                state = State.ROLLED_BACK;
                stop();
                return;
            }
            state = State.PROMOTED;
        } else {
            state = State.ROLLED_BACK;
        }
        audit.write(action.getKind().name(), batchIndex, action.getRule(), action.getReason(), liveSha, candidateSha,
                standing);
        stop();
    }

    /** Stops shadowing: the candidate's engine is closed and the pairs file finished. */
    private void stop() {
        if (candidate != null) {
            candidate.close();
        }
        if (pairs != null) {
            pairs.close();
        }
    }

    /**
     * The latest standing as a server shows it (/ready): safe to call from any thread while batches
     * are compared, unlike {@link #summary}.
     */
    public java.util.Map<String, Object> status() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        ShadowStanding s = standing;
        out.put("state", state.name());
        out.put("candidate_folder", candidateFolder.toString());
        if (s != null) {
            out.put("candidate_policy", s.getCandidateSha256());
            out.put("batches_compared", s.getBatchesCompared());
            out.put("samples_compared", s.getSamplesCompared());
            out.put("checks_worse", s.getChecksWorse());
            out.put("checks_better", s.getChecksBetter());
            out.put("batches_blocked_by_candidate", s.getBatchesBlockedByCandidate());
            out.put("mean_reward_shift", s.getMeanRewardShift());
            out.put("sign_flip_rate", s.getSignFlipRate());
        }
        String why = reason;
        if (why != null) {
            out.put("reason", why);
        }
        return out;
    }

    /** Where shadowing ended (or stands), for the run's summary and --stats. */
    public ShadowSummary summary() {
        return new ShadowSummary(state, reason, candidateFolder.toString(),
                candidate == null ? null : candidate.current().sha256(), batchesCompared, checks.worse(), checks.better(),
                blockedByCandidate, diff.summary());
    }

    @Override
    public void close() {
        stop();
        audit.close();
    }
}
