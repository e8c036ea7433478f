package dev.rewire.runtime.pipeline;

import dev.rewire.framework.model.Batch;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.runtime.osgi.Lease;
import dev.rewire.runtime.osgi.ServiceCatalog;
import dev.rewire.runtime.policy.PolicyDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The evaluate stage: each routed term is called on its routed samples, group by group, one task
 * per term so that terms run side by side on the {@link BundleCalls} threads. Every term of a batch
 * gets the same deadline; a term still running past it abstains for the whole batch
 * ({@code timeout after N ms}) and is quarantined until its bundle is redeployed. A term that throws
 * (an {@code Error} included), returns null or the wrong number of results abstains for that group
 * with the error as its reason. Used by one pipeline thread at a time.
 */
final class TermEvaluator {

    private final ServiceCatalog<RewardTerm> terms;
    private final BundleCalls calls;
    private final Duration timeout;
    private final Consumer<String> report;

    TermEvaluator(ServiceCatalog<RewardTerm> terms, BundleCalls calls, Duration timeout, Consumer<String> report) {
        this.terms = terms;
        this.calls = calls;
        this.timeout = timeout;
        this.report = report;
    }

    /**
     * One term's results on one batch: per sample id its result, per group the results in routed
     * order (for statistics), the bundle that computed them (null when none served) and that
     * instance's settings.
     */
    record TermRun(String term, Map<String, TermResult> bySample, List<List<TermResult>> byGroup, String bundle,
                   String version, Map<String, Object> config) {
    }

    /** Runs every routed term of the batch; the map is keyed and ordered by term id. */
    Map<String, TermRun> evaluate(Batch batch, PolicyDecision decision, List<String> termIds) {
        Map<String, List<Group>> routedGroups = routedGroups(batch, decision, termIds);
        Map<String, Future<TermRun>> running = new LinkedHashMap<>();
        Map<String, AtomicReference<Lease<RewardTerm>>> leases = new HashMap<>();
        for (Map.Entry<String, List<Group>> e : routedGroups.entrySet()) {
            AtomicReference<Lease<RewardTerm>> lease = new AtomicReference<>();
            leases.put(e.getKey(), lease);
            running.put(e.getKey(), calls.start(() -> run(e.getKey(), e.getValue(), lease)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, TermRun> runs = new TreeMap<>();
        for (Map.Entry<String, Future<TermRun>> e : running.entrySet()) {
            String term = e.getKey();
            List<Group> groups = routedGroups.get(term);
            try {
                runs.put(term, e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException t) {
                e.getValue().cancel(true);
                String why = "timeout after " + timeout.toMillis() + " ms";
                Lease<RewardTerm> lease = leases.get(term).get();
                if (lease != null) {
                    terms.quarantine(lease, why);
                }
                runs.put(term, uniform(term, groups, TermResult.abstain(why), lease));
            } catch (ExecutionException | InterruptedException x) {
                // run() catches every Throwable of the term itself; this is the pool failing
                Throwable cause = x instanceof ExecutionException ? x.getCause() : x;
                report.accept("term " + term + ": " + cause);
                runs.put(term, uniform(term, groups, TermResult.failed(cause), null));
            }
        }
        return runs;
    }

    /** Per term, its routed samples of each group (groups where none is routed left out). */
    private static Map<String, List<Group>> routedGroups(Batch batch, PolicyDecision decision, List<String> termIds) {
        Map<String, List<Group>> byTerm = new LinkedHashMap<>();
        for (String term : termIds) {
            byTerm.put(term, new ArrayList<>());
        }
        for (Group group : batch.groups()) {
            Map<String, List<Sample>> routed = new HashMap<>();
            for (Sample s : group.samples()) {
                for (var r : decision.routesOf(s.id())) {
                    List<Sample> list = routed.computeIfAbsent(r.getTerm(), t -> new ArrayList<>());
                    if (list.isEmpty() || list.get(list.size() - 1) != s) {
                        list.add(s);
                    }
                }
            }
            for (String term : termIds) {
                List<Sample> samples = routed.get(term);
                if (samples != null) {
                    byTerm.get(term).add(new Group(group.promptId(), samples));
                }
            }
        }
        return byTerm;
    }

    private TermRun run(String term, List<Group> groups, AtomicReference<Lease<RewardTerm>> leaseSlot) {
        try (Lease<RewardTerm> lease = terms.acquire(term)) {
            if (lease == null) {
                String quarantine = terms.quarantineOf(term);
                TermResult why = TermResult.abstain(quarantine != null ? "quarantined: " + quarantine
                        : "term '" + term + "' is not deployed");
                return uniform(term, groups, why, null);
            }
            leaseSlot.set(lease);
            Map<String, TermResult> bySample = new HashMap<>();
            List<List<TermResult>> byGroup = new ArrayList<>(groups.size());
            for (Group g : groups) {
                List<TermResult> results = call(lease, g);
                byGroup.add(results);
                for (int i = 0; i < g.size(); i++) {
                    bySample.put(g.samples().get(i).id(), results.get(i));
                }
            }
            return new TermRun(term, bySample, byGroup, lease.bundle(), lease.version(), configurationOf(lease));
        }
    }

    private List<TermResult> call(Lease<RewardTerm> lease, Group group) {
        List<TermResult> results;
        try {
            results = lease.service().evaluate(group);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vm && !(vm instanceof StackOverflowError)) {
                throw vm;
            }
            report.accept(describe(lease) + " threw " + e);
            return repeat(TermResult.failed(e), group.size());
        }
        if (results == null || results.size() != group.size() || results.stream().anyMatch(r -> r == null)) {
            String why = "error: term returned " + (results == null ? "null"
                    : results.size() == group.size() ? "a null result" : results.size() + " results")
                    + " for " + group.size() + " samples";
            report.accept(describe(lease) + ": " + why);
            return repeat(TermResult.abstain(why), group.size());
        }
        List<TermResult> checked = results;
        for (int i = 0; i < results.size(); i++) {
            TermResult r = results.get(i);
            if (!r.abstained() && Math.abs(r.value()) > MAX_MAGNITUDE) {
                if (checked == results) {
                    checked = new ArrayList<>(results);
                }
                checked.set(i, TermResult.abstain("error: value " + r.value() + " out of range (|value| > 1e100: "
                        + "group statistics would overflow)"));
            }
        }
        return checked;
    }

    /** The largest term value taken: its square, summed over a group, stays far from overflowing. */
    static final double MAX_MAGNITUDE = 1e100;

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

    private static TermRun uniform(String term, List<Group> groups, TermResult result, Lease<RewardTerm> lease) {
        Map<String, TermResult> bySample = new HashMap<>();
        List<List<TermResult>> byGroup = new ArrayList<>();
        for (Group g : groups) {
            byGroup.add(repeat(result, g.size()));
            for (Sample s : g.samples()) {
                bySample.put(s.id(), result);
            }
        }
        return new TermRun(term, bySample, byGroup, lease == null ? null : lease.bundle(),
                lease == null ? null : lease.version(), Map.of());
    }

    private static List<TermResult> repeat(TermResult result, int times) {
        List<TermResult> list = new ArrayList<>(times);
        for (int i = 0; i < times; i++) {
            list.add(result);
        }
        return list;
    }
}
