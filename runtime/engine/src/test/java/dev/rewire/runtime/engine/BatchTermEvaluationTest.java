package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.spi.BatchRewardTerm;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.runtime.host.osgi.FelixHost;
import dev.rewire.runtime.host.osgi.HostSettings;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import dev.rewire.runtime.host.policy.PolicyDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A {@link BatchRewardTerm} registered in a real Felix is called once per batch with every routed
 * group, and its results land on the right rows; a wrong shape abstains every sample with the reason.
 */
class BatchTermEvaluationTest {

    private static final Path DIST = Path.of(System.getProperty("rewire.dist", "target/rewire"));

    private static Sample sample(String id, String prompt) {
        return new Sample(id, prompt, "math", "dataset", "q", id, null, null, null, null, null, null, null, Map.of(), null);
    }

    /** Values are the sample's position in the call (group g, sample i) as 10g + i; records every call. */
    private static final class Recording implements BatchRewardTerm {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final boolean wrongShape;

        Recording(boolean wrongShape) {
            this.wrongShape = wrongShape;
        }

        @Override
        public String id() {
            return wrongShape ? "batchy_wrong" : "batchy";
        }

        @Override
        public List<List<TermResult>> evaluate(List<Group> groups) {
            calls.add(groups.stream().flatMap(g -> g.samples().stream()).map(Sample::id).toList());
            List<List<TermResult>> out = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                List<TermResult> results = new ArrayList<>();
                for (int i = 0; i < groups.get(g).size(); i++) {
                    results.add(TermResult.of(10 * g + i));
                }
                out.add(results);
            }
            return wrongShape ? out.subList(0, 1) : out;
        }
    }

    @Test
    void aBatchTermIsCalledOnceWithEveryRoutedGroup() throws Exception {
        ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        Recording term = new Recording(false);
        Recording wrong = new Recording(true);
        try (FelixHost host = new FelixHost(new HostSettings(DIST.resolve("system"), DIST.resolve("bundles"), null,
                Duration.ofMillis(100)), messages::add);
             BundleCalls calls = new BundleCalls()) {
            host.start();
            host.context().registerService(RewardTerm.class, term, null);
            host.context().registerService(RewardTerm.class, wrong, null);
            try (ServiceCatalog<RewardTerm> terms = new ServiceCatalog<>(host.context(), RewardTerm.class,
                    RewardTerm::id, Duration.ofSeconds(5), Duration.ofSeconds(5), messages::add)) {
                Batch batch = new Batch(1, List.of(
                        new Group("p1", List.of(sample("a", "p1"), sample("b", "p1"), sample("c", "p1"))),
                        new Group("p2", List.of(sample("d", "p2")))));
                Map<String, List<Route>> routes = new LinkedHashMap<>();
                for (String id : List.of("a", "c", "d")) { // b is not routed
                    routes.put(id, List.of(new Route(id, "batchy", 1.0, "r"), new Route(id, "batchy_wrong", 1.0, "r")));
                }
                routes.put("b", List.of());
                RouteTable table = new RouteTable(batch, new PolicyDecision(routes, List.of(), Map.of(), 1));
                TermEvaluator evaluator = new TermEvaluator(terms, calls, Duration.ofSeconds(30), messages::add);

                List<TermEvaluator.TermRun> runs = evaluator.evaluate(table);

                assertEquals(List.of(List.of("a", "c", "d")), term.calls, "one call, routed samples only, in group order");
                TermEvaluator.TermRun run = runs.get(table.terms().indexOf("batchy"));
                assertEquals(TermResult.of(0), run.at(0));
                assertEquals(null, run.at(1));
                assertEquals(TermResult.of(1), run.at(2));
                assertEquals(TermResult.of(10), run.at(3));
                assertEquals(List.of(List.of(TermResult.of(0), TermResult.of(1)), List.of(TermResult.of(10))), run.byGroup());

                TermEvaluator.TermRun bad = runs.get(table.terms().indexOf("batchy_wrong"));
                TermResult why = TermResult.abstain("error: term returned 1 groups for 2 groups");
                assertEquals(List.of(List.of(why, why), List.of(why)), bad.byGroup());
                assertEquals(1, wrong.calls.size());
            }
        }
    }
}
