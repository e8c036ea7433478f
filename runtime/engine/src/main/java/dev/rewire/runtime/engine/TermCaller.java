package dev.rewire.runtime.engine;

import dev.rewire.framework.contract.CallContract;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.BatchRewardTerm;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.runtime.host.osgi.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Calls one leased term on its groups of a batch and takes what it answers as the host does: a
 * group call that throws has its poisoned samples sought ({@link PoisonSearch}), a
 * {@link BatchRewardTerm} is called once for all its groups (group by group when that throws), and
 * what replaced an answer is reported ({@code report}), each distinct per-sample error of a term a
 * bounded number of times. Used by the {@link TermEvaluator}'s tasks, several terms side by side:
 * the record of errors shown is thread safe, the rest holds no state.
 */
final class TermCaller {

    /** Distinct per-sample errors shown on stderr per term; the records carry every one. */
    private static final int ERRORS_SHOWN = 10;
    private final Map<String, java.util.Set<String>> errorsShown = new java.util.concurrent.ConcurrentHashMap<>();

    private final Duration timeout;
    private final Consumer<String> report;

    /**
     * @param timeout a term's deadline over a batch; a poison search gives up after it
     * @param report  where a replaced answer or a term's error is reported, in one line
     */
    TermCaller(Duration timeout, Consumer<String> report) {
        this.timeout = timeout;
        this.report = report;
    }

    /**
     * The term's results on one group ({@code evaluate}: the term's call on a group). When it throws,
     * the samples it throws on alone are sought ({@link PoisonSearch}): they abstain with what it
     * threw, and the rest of the group is scored by a call without them (a group term sees the group
     * less its poisoned samples). When the failure is not theirs, the whole group abstains.
     */
    List<TermResult> call(Lease<RewardTerm> lease, Group group, Function<Group, List<TermResult>> evaluate) {
        CallContract.TermCall whole = CallContract.callTerm(new GroupCall(lease.service(), evaluate), group);
        if (!whole.threw() || group.size() < 2) {
            return recorded(lease, whole);
        }
        Map<Sample, Throwable> poisoned = PoisonSearch.isolate(group.samples(), part -> {
            try {
                evaluate.apply(new Group(group.promptId(), part));
                return null;
            } catch (VirtualMachineError vm) {
                if (!(vm instanceof StackOverflowError)) {
                    throw vm;
                }
                return vm;
            } catch (Throwable t) {
                return t;
            }
        }, System.nanoTime() + timeout.toNanos());
        if (poisoned == null) {
            return recorded(lease, whole);
        }
        List<Sample> rest = group.samples().stream().filter(s -> !poisoned.containsKey(s)).toList();
        CallContract.TermCall restCall = CallContract.callTerm(new GroupCall(lease.service(), evaluate),
                new Group(group.promptId(), rest));
        if (restCall.threw()) {
            return recorded(lease, whole);
        }
        recorded(lease, restCall);
        List<TermResult> results = new ArrayList<>(group.size());
        int k = 0;
        for (Sample s : group.samples()) {
            Throwable t = poisoned.get(s);
            if (t != null) {
                report.accept(describe(lease) + ": threw on sample " + s.id() + " alone: " + t
                        + "; it abstains, the rest of its group is scored");
                results.add(TermResult.failed(t));
            } else {
                results.add(restCall.results().get(k++));
            }
        }
        return results;
    }

    /** A term whose group call is {@code evaluate} (a batch term's call on one group), for {@link CallContract#callTerm}. */
    private record GroupCall(RewardTerm term, Function<Group, List<TermResult>> evaluate) implements RewardTerm {

        @Override
        public String id() {
            return term.id();
        }

        @Override
        public List<TermResult> evaluate(Group group) {
            return evaluate.apply(group);
        }
    }

    /** A {@link BatchRewardTerm}'s one call for the whole batch, each group's results checked as a group's. */
    List<List<TermResult>> callOnce(Lease<RewardTerm> lease, BatchRewardTerm term, List<Group> groups) {
        List<List<TermResult>> results;
        try {
            results = term.evaluate(groups);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vm && !(vm instanceof StackOverflowError)) {
                throw vm;
            }
            report.accept(describe(lease) + ": threw " + e + "; calling it group by group");
            // the groups (and within them the samples) it throws on are sought one by one
            return groups.stream().map(group -> call(lease, group, g -> singleGroup(term, g))).toList();
        }
        if (results == null || results.size() != groups.size()) {
            String why = "error: term returned " + (results == null ? "null" : results.size() + " groups")
                    + " for " + groups.size() + " groups";
            report.accept(describe(lease) + ": " + why);
            return groups.stream().map(group -> CallContract.repeat(TermResult.abstain(why), group.size())).toList();
        }
        List<List<TermResult>> byGroup = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            byGroup.add(recorded(lease, CallContract.checkTermResults(results.get(g), groups.get(g).size())));
        }
        return byGroup;
    }

    /** A batch term's call on one group. */
    private static List<TermResult> singleGroup(BatchRewardTerm term, Group group) {
        List<List<TermResult>> results = term.evaluate(List.of(group));
        return results == null || results.size() != 1 ? null : results.get(0);
    }

    /**
     * What the host takes from a call, the reason it replaced the answer (if it did) reported, and
     * so is an error a term gave for single samples (a {@code SampleRewardTerm} that threw on one):
     * each distinct one once, at most {@link #ERRORS_SHOWN} a term, on stderr as well as in the records.
     */
    private List<TermResult> recorded(Lease<RewardTerm> lease, CallContract.TermCall call) {
        if (call.rejection() != null) {
            report.accept(describe(lease) + ": " + call.rejection());
            return call.results();
        }
        for (TermResult r : call.results()) {
            if (r.abstained() && r.reason().startsWith("error: ")) {
                java.util.Set<String> shown = errorsShown.computeIfAbsent(lease.id(),
                        k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
                synchronized (shown) {
                    if (shown.size() < ERRORS_SHOWN && shown.add(r.reason())) {
                        report.accept(describe(lease) + ": " + r.reason().substring("error: ".length())
                                + (shown.size() == ERRORS_SHOWN ? " (further errors of this term: in the records only)" : ""));
                    }
                }
                break; // one a call: the rest of the group most likely failed alike
            }
        }
        return call.results();
    }

    /** A term as reports name it: its id, bundle and version. */
    static String describe(Lease<?> lease) {
        return "term " + lease.id() + " (" + lease.bundle() + " " + lease.version() + ")";
    }
}
