package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import dev.rewire.framework.model.Sample;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import dev.rewire.runtime.host.policy.PolicyDecision;
import dev.rewire.runtime.host.policy.PolicyEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * The decide stage: the policy in force decides the batch on a {@link BundleCalls} thread within a
 * time budget (a rule whose action never returns costs one budget, not the run; a rule that fires
 * forever is stopped by {@link CompiledPolicy}'s firing cap).
 *
 * <p>A policy that throws on a batch is first asked which samples it throws on ({@link PoisonSearch}):
 * when it decides the batch without some of them, those samples are poisoned, rejected with the
 * rule and the reason, and the policy decides the rest (it stays in force: one bad sample is not a
 * bad policy). When the failure cannot be pinned on some samples (it throws on every sample, or on
 * an empty batch, or runs past its budget), the policy is retired with the reason and the last
 * proven policy decides the same batch. A batch of one sample cannot tell the two apart: its sample
 * is poisoned when there is no other policy to go back to, else the policy is retired. Used by one
 * pipeline thread at a time.
 */
final class PolicyStage {

    /**
     * The decision and the policy that made it (its hash goes into the records).
     *
     * @param poisoned the samples the policy threw on, by id, with why (the rule and what it threw);
     *                 they have no routes and are to be rejected. Empty on almost every batch
     */
    record Decided(CompiledPolicy policy, PolicyDecision decision, Map<String, String> poisoned) {

        Decided(CompiledPolicy policy, PolicyDecision decision) {
            this(policy, decision, Map.of());
        }
    }

    private final PolicyEngine engine;
    private final BundleCalls calls;
    private final Duration budget;

    PolicyStage(PolicyEngine engine, BundleCalls calls, Duration budget) {
        this.engine = engine;
        this.calls = calls;
        this.budget = budget;
    }

    /** Decides facts that do not come from samples one by one (no poisoned sample can be found). */
    Decided decide(long batchIndex, List<Object> facts) {
        return decide(batchIndex, List.of(), part -> facts);
    }

    /**
     * @param samples the batch's samples
     * @param factsOf the policy's facts for a part of the batch (the whole batch, or the part a
     *                search for poisoned samples tries)
     */
    Decided decide(long batchIndex, List<Sample> samples, Function<List<Sample>, List<Object>> factsOf) {
        CompiledPolicy policy = engine.current();
        while (true) {
            String why;
            try {
                PolicyDecision decision = within(policy, factsOf.apply(samples));
                engine.proven(policy);
                return new Decided(policy, decision);
            } catch (TimeoutException e) {
                why = "batch " + batchIndex + ": ran past its budget of " + budget.toMillis() + " ms";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                Decided isolated = withoutPoisoned(policy, samples, factsOf);
                if (isolated != null) {
                    engine.proven(policy);
                    return isolated;
                }
                if (samples.size() == 1 && !engine.canRetire(policy)) {
                    // one sample and no other policy to try it with: that sample is what cannot be decided
                    // (a lone request in serve gets its error, the policy stays in force)
                    return new Decided(policy, new PolicyDecision(Map.of(), List.of(), Map.of(), 0),
                            Map.of(samples.get(0).id(), poisonReason(policy, cause)));
                }
                why = "batch " + batchIndex + ": " + describe(cause);
            }
            CompiledPolicy back = engine.retire(policy, why);
            if (back == null || back == policy) {
                throw new IllegalStateException("policy " + policy.sha256().substring(0, 12) + " " + policy.files()
                        + " failed on " + why + ", and there is no earlier policy to go back to");
            }
            policy = back;
        }
    }

    /**
     * A decision taken ahead, on check outcomes that may not be the batch's own ({@link Lookahead}):
     * null when the policy fails on them, so that nothing is retired or poisoned for outcomes that
     * were only a guess; the batch is then decided in its turn ({@link #decide}), where a failure is
     * handled as in a run without lookahead. The policy counts as proven only once a decision is
     * kept ({@link #kept}).
     */
    Decided tryDecide(List<Sample> samples, Function<List<Sample>, List<Object>> factsOf) {
        CompiledPolicy policy = engine.current();
        try {
            return new Decided(policy, within(policy, factsOf.apply(samples)));
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** A decision taken ahead is the batch's: its policy has decided a batch without failing. */
    void kept(Decided decided) {
        engine.proven(decided.policy());
    }

    /**
     * The decision on the batch without the samples the policy throws on, or null when the failure
     * is not theirs (see {@link PoisonSearch}) or the rest fails too.
     */
    private Decided withoutPoisoned(CompiledPolicy policy, List<Sample> samples,
                                    Function<List<Sample>, List<Object>> factsOf) {
        if (samples.size() < 2) {
            return null;
        }
        long deadline = System.nanoTime() + budget.toNanos();
        Map<Sample, Throwable> poisoned = PoisonSearch.isolate(samples, part -> {
            try {
                within(policy, factsOf.apply(part));
                return null;
            } catch (ExecutionException e) {
                return e.getCause() == null ? e : e.getCause();
            } catch (TimeoutException e) {
                return e;
            }
        }, deadline);
        if (poisoned == null || poisoned.values().stream().anyMatch(t -> t instanceof TimeoutException)) {
            return null;
        }
        List<Sample> rest = new ArrayList<>(samples.size() - poisoned.size());
        for (Sample s : samples) {
            if (!poisoned.containsKey(s)) {
                rest.add(s);
            }
        }
        PolicyDecision decision;
        try {
            decision = within(policy, factsOf.apply(rest));
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        poisoned.forEach((s, t) -> reasons.put(s.id(), poisonReason(policy, t)));
        return new Decided(policy, decision, reasons);
    }

    private static String poisonReason(CompiledPolicy policy, Throwable thrown) {
        return "policy " + policy.sha256().substring(0, 12) + " " + policy.files() + " threw on this sample: "
                + describe(thrown);
    }

    private PolicyDecision within(CompiledPolicy policy, List<Object> facts) throws ExecutionException, TimeoutException {
        return calls.within(budget, () -> policy.decide(facts));
    }

    /** The rule that threw (when Drools names it) and the first line of what it threw. */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConsequenceException ce && ce.getRule() != null) {
                Throwable root = ce.getCause() == null ? ce : ce.getCause();
                return "rule \"" + ce.getRule().getName() + "\": " + firstLine(root);
            }
        }
        return firstLine(t);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
