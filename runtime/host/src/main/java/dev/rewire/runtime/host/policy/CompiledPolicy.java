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
 * One successfully compiled policy: its rules are immutable and shared by every batch until the
 * next reload. Each session is fresh, so calls never see each other's facts. A policy proven to
 * decide each sample on its own ({@link SampleIndependence}) is run on one sample per class of
 * equal reads, and, where it reads no {@code BatchContext}, decisions are remembered across
 * batches ({@link DecisionMemo}); the decisions are those of a session over every fact. Thread safe.
 */
public final class CompiledPolicy {

    /** A cap on firings per batch so that a looping rule fails the batch instead of hanging the run. */
    static final int MAX_FIRINGS = 5_000_000;

    private static final ObjectFilter DECISIONS =
            o -> o instanceof Route || o instanceof BatchAction || o instanceof Classification;

    private final KieBase kieBase;
    private final String sha256;
    private final List<String> files;
    private final ReleaseId releaseId;
    private final SampleIndependence independence;
    private final DecisionMemo memo = new DecisionMemo();

    /**
     * @param kieBase   the compiled rules
     * @param sha256    hash of the policy files (names and contents), as recorded in provenance
     * @param files     the .drl files it was built from
     * @param releaseId the KieModule it lives in (removed from the repository when replaced)
     * @param independence what its rules read of a sample, when they decide each sample on its own
     */
    public CompiledPolicy(KieBase kieBase, String sha256, List<String> files, ReleaseId releaseId,
                          SampleIndependence independence) {
        this.kieBase = kieBase;
        this.sha256 = sha256;
        this.files = List.copyOf(files);
        this.releaseId = releaseId;
        this.independence = independence;
    }

    public KieBase kieBase() {
        return kieBase;
    }

    public String sha256() {
        return sha256;
    }

    public List<String> files() {
        return files;
    }

    public ReleaseId releaseId() {
        return releaseId;
    }

    public SampleIndependence independence() {
        return independence;
    }

    /** The same rules deciding every sample in every session, as written: what folding is measured and tested against. */
    public CompiledPolicy wholeSessions() {
        return new CompiledPolicy(kieBase, sha256, files, releaseId,
                SampleIndependence.refused("whole sessions asked for"));
    }

    /**
     * Runs the rules over the facts of one batch. {@link PolicyDecision#rulesFired()} counts the
     * firings of the session that ran, which saw one sample per class when the samples were
     * folded, and none when the decision came from memory (0).
     */
    public PolicyDecision decide(Collection<?> facts) {
        if (!independence.isProven()) {
            return session(facts).decision();
        }
        SampleClasses classes = SampleClasses.of(facts, independence);
        if (classes.keys().isEmpty()) {
            return session(facts).decision();
        }
        if (independence.rememberable() && DecisionMemo.covers(classes.batchFacts())) {
            return memo.decide(classes, this::session);
        }
        if (!classes.folds()) {
            return session(facts).decision();
        }
        DecisionMemo.Session decided = session(classes.sessionFacts(classes.keys(), classes.batchFacts()));
        return new PolicyDecision(classes.expand(classes.byClass(classes.keys(), decided.routes())), decided.actions(),
                decided.classifications(), decided.fired());
    }

    DecisionMemo memo() {
        return memo;
    }

    private DecisionMemo.Session session(Collection<?> facts) {
        StatelessKieSession session = kieBase.newStatelessKieSession();
        KieCommands commands = KieServices.get().getCommands();
        List<Command<?>> batch = List.of(
                commands.newInsertElements(facts),
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
        return new DecisionMemo.Session(routes, actions, classifications, fired);
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
