package dev.rewire.runtime.host.policy;

import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.policy.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drools.commands.runtime.rule.FireAllRulesCommand;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.command.Command;
import org.kie.api.command.KieCommands;
import org.kie.api.runtime.ExecutionResults;
import org.kie.api.runtime.ObjectFilter;
import org.kie.api.runtime.StatelessKieSession;

/**
 * One successfully compiled policy: immutable, shared by every batch until the next reload.
 * Each {@link #decide} runs a fresh stateless session, so calls never see each other's facts.
 *
 * @param kieBase   the compiled rules
 * @param sha256    hash of the policy files (names and contents), as recorded in provenance
 * @param files     the .drl files it was built from
 * @param releaseId the KieModule it lives in (removed from the repository when replaced)
 * @param independence what its rules read of a sample, when they decide each sample on its own:
 *                  then {@link #decide} decides one sample per class of equal reads
 */
public record CompiledPolicy(KieBase kieBase, String sha256, List<String> files, ReleaseId releaseId,
                             SampleIndependence independence) {

    /** A cap on firings per batch so that a looping rule fails the batch instead of hanging the run. */
    static final int MAX_FIRINGS = 5_000_000;

    private static final ObjectFilter DECISIONS =
            o -> o instanceof Route || o instanceof BatchAction || o instanceof Classification;

    /**
     * Runs the rules over the facts of one batch. {@link PolicyDecision#rulesFired()} counts the
     * firings of the session that ran, which saw one sample per class when the samples were folded.
     */
    public PolicyDecision decide(Collection<?> facts) {
        SampleClasses classes = independence.isProven() ? SampleClasses.of(facts, independence) : null;
        StatelessKieSession session = kieBase.newStatelessKieSession();
        KieCommands commands = KieServices.get().getCommands();
        List<Command<?>> batch = List.of(
                commands.newInsertElements(classes == null ? facts : classes.sessionFacts()),
                new FireAllRulesCommand("fired", MAX_FIRINGS, null),
                commands.newGetObjects(DECISIONS, "decisions"));
        ExecutionResults results = session.execute(commands.newBatchExecution(batch));
        int fired = ((Number) results.getValue("fired")).intValue();
        if (fired >= MAX_FIRINGS) {
            throw new IllegalStateException("the policy fired " + fired + " rules on one batch: a rule loops");
        }
        Map<String, List<Route>> routes = new LinkedHashMap<>();
        List<BatchAction> actions = new ArrayList<>();
        Map<String, Classification> classifications = new LinkedHashMap<>();
        for (Object o : (Collection<?>) results.getValue("decisions")) {
            if (o instanceof Route r) {
                routes.computeIfAbsent(r.getSampleId(), k -> new ArrayList<>()).add(r);
            } else if (o instanceof Classification c) {
                classifications.putIfAbsent(c.getSignalId(), c);
            } else {
                actions.add((BatchAction) o);
            }
        }
        return new PolicyDecision(classes == null ? routes : classes.expand(routes), actions, classifications, fired);
    }

    /**
     * Runs the rules over the facts and returns the objects of one type they inserted, for policies
     * whose decisions are not routes (the promotion rules of a shadow policy insert ShadowActions).
     */
    public <T> List<T> collect(Collection<?> facts, Class<T> type) {
        StatelessKieSession session = kieBase.newStatelessKieSession();
        KieCommands commands = KieServices.get().getCommands();
        ExecutionResults results = session.execute(commands.newBatchExecution(List.of(
                commands.newInsertElements(facts),
                new FireAllRulesCommand("fired", MAX_FIRINGS, null),
                commands.newGetObjects(type::isInstance, "found"))));
        if (((Number) results.getValue("fired")).intValue() >= MAX_FIRINGS) {
            throw new IllegalStateException("the policy fired " + MAX_FIRINGS + " rules on one call: a rule loops");
        }
        List<T> found = new ArrayList<>();
        for (Object o : (Collection<?>) results.getValue("found")) {
            found.add(type.cast(o));
        }
        return found;
    }
}
