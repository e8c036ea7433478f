package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import dev.rewire.framework.contract.CallContract;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.BatchRewardTerm;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.runtime.host.osgi.Lease;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The evaluate stage: each routed term is called on its routed samples, group by group, one task
 * per term so that terms run side by side on the {@link BundleCalls} threads. Every term of a batch
 * gets the same deadline; a term still running past it abstains for the whole batch
 * ({@code timeout after N ms}) and is quarantined until its bundle is redeployed. A term that throws
 * (an {@code Error} included), returns null or the wrong number of results abstains for that group
 * with the error as its reason. A {@link BatchRewardTerm} is called once for all its groups of the
 * batch. Used by one pipeline thread at a time.
 */
final class TermEvaluator {

    private final ServiceCatalog<RewardTerm> terms;
    private final BundleCalls calls;
    private final Duration timeout;
    private final Consumer<String> report;
    private final TermPace pace = new TermPace();

    TermEvaluator(ServiceCatalog<RewardTerm> terms, BundleCalls calls, Duration timeout, Consumer<String> report) {
        this.terms = terms;
        this.calls = calls;
        this.timeout = timeout;
        this.report = report;
    }

    /**
     * One term's results on one batch: per row of the {@link RouteTable} its result (null where the
     * term was not routed), per group the results in routed order (for statistics), the bundle that
     * computed them (null when none served) and that instance's settings.
     */
    record TermRun(String term, TermResult[] byRow, List<List<TermResult>> byGroup, String bundle,
                   String version, Map<String, Object> config) {

        TermResult at(int row) {
            return byRow[row];
        }
    }

    /** Runs every routed term of the batch; the list holds one run per column of the table. */
    List<TermRun> evaluate(RouteTable table) {
        List<String> termIds = table.terms();
        List<List<int[]>> rowsByTerm = new ArrayList<>(termIds.size());
        List<BundleCalls.Call<TermRun>> running = new ArrayList<>(termIds.size());
        List<AtomicReference<Lease<RewardTerm>>> leases = new ArrayList<>(termIds.size());
        for (int c = 0; c < termIds.size(); c++) {
            String term = termIds.get(c);
            List<int[]> rows = table.routedRowsByGroup(c);
            AtomicReference<Lease<RewardTerm>> lease = new AtomicReference<>();
            rowsByTerm.add(rows);
            leases.add(lease);
            running.add(calls.startReclaimable("term " + term, () -> run(term, table, rows, lease)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TermRun> runs = new ArrayList<>(termIds.size());
        for (int c = 0; c < termIds.size(); c++) {
            String term = termIds.get(c);
            Future<TermRun> future = running.get(c).future();
            try {
                runs.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException t) {
                future.cancel(true);
                String why = "timeout after " + timeout.toMillis() + " ms";
                Lease<RewardTerm> lease = leases.get(c).get();
                if (lease != null) {
                    terms.quarantine(lease, why);
                    calls.reclaim(running.get(c)); // a call that ignores its interrupt is stopped after a grace
                }
                runs.add(uniform(term, table.rows(), rowsByTerm.get(c), TermResult.abstain(why), lease));
            } catch (ExecutionException | InterruptedException x) {
                // run() catches every Throwable of the term itself; this is the pool failing
                Throwable cause = x instanceof ExecutionException ? x.getCause() : x;
                report.accept("term " + term + ": " + cause);
                runs.add(uniform(term, table.rows(), rowsByTerm.get(c), TermResult.failed(cause), null));
            }
        }
        return runs;
    }

    private TermRun run(String term, RouteTable table, List<int[]> rowsByGroup,
                        AtomicReference<Lease<RewardTerm>> leaseSlot) {
        try (Lease<RewardTerm> lease = terms.acquire(term)) {
            if (lease == null) {
                String quarantine = terms.quarantineOf(term);
                TermResult why = TermResult.abstain(quarantine != null ? "quarantined: " + quarantine
                        : "term '" + term + "' is not deployed");
                return uniform(term, table.rows(), rowsByGroup, why, null);
            }
            leaseSlot.set(lease);
            long started = System.nanoTime();
            TermResult[] byRow = new TermResult[table.rows()];
            List<Sample> samples = table.samples();
            List<Group> groups = new ArrayList<>(rowsByGroup.size());
            for (int[] rows : rowsByGroup) {
                List<Sample> routed = new ArrayList<>(rows.length);
                for (int row : rows) {
                    routed.add(samples.get(row));
                }
                groups.add(new Group(routed.get(0).promptId(), routed));
            }
            List<List<TermResult>> byGroup = lease.service() instanceof BatchRewardTerm batchTerm
                    ? callOnce(lease, batchTerm, groups)
                    : groups.stream().map(group -> call(lease, group, lease.service()::evaluate)).toList();
            for (int g = 0; g < rowsByGroup.size(); g++) {
                int[] rows = rowsByGroup.get(g);
                for (int i = 0; i < rows.length; i++) {
                    byRow[rows[i]] = byGroup.get(g).get(i);
                }
            }
            watchPace(lease, System.nanoTime() - started, byGroup);
            return new TermRun(term, byRow, byGroup, lease.bundle(), lease.version(), configurationOf(lease));
        }
    }

    /**
     * The term's results on one group ({@code evaluate}: the term's call on a group). When it throws,
     * the samples it throws on alone are sought ({@link PoisonSearch}): they abstain with what it
     * threw, and the rest of the group is scored by a call without them (a group term sees the group
     * less its poisoned samples). When the failure is not theirs, the whole group abstains.
     */
    private List<TermResult> call(Lease<RewardTerm> lease, Group group, Function<Group, List<TermResult>> evaluate) {
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

    /** Quarantines a term that became much slower than its own baseline, or fails on every sample ({@link TermPace}). */
    private void watchPace(Lease<RewardTerm> lease, long nanos, List<List<TermResult>> byGroup) {
        int samples = 0;
        String error = null;
        boolean allFailed = true;
        for (List<TermResult> group : byGroup) {
            for (TermResult r : group) {
                samples++;
                boolean failed = r.abstained() && r.reason().startsWith("error: ");
                allFailed &= failed;
                error = failed && error == null ? r.reason() : error;
            }
        }
        String why = pace.observe(lease.id() + " " + lease.bundle() + " " + lease.version(), nanos, samples,
                allFailed, error);
        if (why != null) {
            terms.quarantine(lease, why);
        }
    }

    /** A {@link BatchRewardTerm}'s one call for the whole batch, each group's results checked as a group's. */
    private List<List<TermResult>> callOnce(Lease<RewardTerm> lease, BatchRewardTerm term, List<Group> groups) {
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

    /** Distinct per-sample errors shown on stderr per term; the records carry every one. */
    private static final int ERRORS_SHOWN = 10;
    private final Map<String, java.util.Set<String>> errorsShown = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, Object> configurationOf(Lease<RewardTerm> lease) {
        try {
            Map<String, Object> config = lease.service().configuration();
            return config == null ? Map.of() : new TreeMap<>(config);
        } catch (RuntimeException e) {
            report.accept(describe(lease) + ": configuration() threw " + e);
            return Map.of();
        }
    }

    private static String describe(Lease<?> lease) {
        return "term " + lease.id() + " (" + lease.bundle() + " " + lease.version() + ")";
    }

    private static TermRun uniform(String term, int rows, List<int[]> rowsByGroup, TermResult result,
                                   Lease<RewardTerm> lease) {
        TermResult[] byRow = new TermResult[rows];
        List<List<TermResult>> byGroup = new ArrayList<>(rowsByGroup.size());
        for (int[] group : rowsByGroup) {
            byGroup.add(CallContract.repeat(result, group.length));
            for (int row : group) {
                byRow[row] = result;
            }
        }
        return new TermRun(term, byRow, byGroup, lease == null ? null : lease.bundle(),
                lease == null ? null : lease.version(), Map.of());
    }
}
