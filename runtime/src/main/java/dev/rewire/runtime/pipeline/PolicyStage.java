package dev.rewire.runtime.pipeline;

import dev.rewire.runtime.policy.CompiledPolicy;
import dev.rewire.runtime.policy.PolicyDecision;
import dev.rewire.runtime.policy.PolicyEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The decide stage: the policy in force decides the batch on a {@link BundleCalls} thread within a
 * time budget (a rule whose action never returns costs one budget, not the run; a rule that fires
 * forever is stopped by {@link CompiledPolicy}'s firing cap). A policy that throws or exceeds the
 * budget is retired with the reason and the last proven policy decides the same batch. Used by one
 * pipeline thread at a time.
 */
final class PolicyStage {

    /** The decision and the policy that made it (its hash goes into the records). */
    record Decided(CompiledPolicy policy, PolicyDecision decision) {
    }

    private final PolicyEngine engine;
    private final BundleCalls calls;
    private final Duration budget;

    PolicyStage(PolicyEngine engine, BundleCalls calls, Duration budget) {
        this.engine = engine;
        this.calls = calls;
        this.budget = budget;
    }

    Decided decide(long batchIndex, List<Object> facts) {
        CompiledPolicy policy = engine.current();
        while (true) {
            String why;
            try {
                CompiledPolicy deciding = policy;
                PolicyDecision decision = calls.within(budget, () -> deciding.decide(facts));
                engine.proven(policy);
                return new Decided(policy, decision);
            } catch (TimeoutException e) {
                why = "batch " + batchIndex + ": ran past its budget of " + budget.toMillis() + " ms";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                why = "batch " + batchIndex + ": " + firstLine(cause);
            }
            CompiledPolicy back = engine.retire(policy, why);
            if (back == null || back == policy) {
                throw new IllegalStateException("policy " + policy.sha256().substring(0, 12) + " " + policy.files()
                        + " failed on " + why + ", and there is no earlier policy to go back to");
            }
            policy = back;
        }
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
