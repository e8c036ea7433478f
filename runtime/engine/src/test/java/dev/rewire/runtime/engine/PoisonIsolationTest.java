package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.BatchRewardTerm;
import dev.rewire.framework.spi.FilterEvidence;
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
import org.junit.jupiter.api.Test;

/**
 * One poisoned sample does not cost its neighbours: a group term (and a batch term) that throws on
 * a group because of it scores the rest of the group, and an annotation filter that throws on a
 * batch because of it judges the other samples. On a real Felix.
 */
class PoisonIsolationTest {

    private static final Path DIST = Path.of(System.getProperty("rewire.dist", "target/rewire"));

    private static Sample sample(String id, String prompt) {
        return new Sample(id, prompt, "math", "dataset", "q", id, null, null, null, null, null, null, null, Map.of(), null);
    }

    /** Each sample's value is the size of the group it was scored in; a group holding a poisoned sample throws. */
    private static List<TermResult> groupSizes(Group group) {
        for (Sample s : group.samples()) {
            if (s.completion().startsWith("poison")) {
                throw new IllegalArgumentException("cannot score " + s.id());
            }
        }
        List<TermResult> out = new ArrayList<>();
        group.samples().forEach(s -> out.add(TermResult.of(group.size())));
        return out;
    }

    private static final class GroupTerm implements RewardTerm {
        @Override
        public String id() {
            return "group_size";
        }

        @Override
        public List<TermResult> evaluate(Group group) {
            return groupSizes(group);
        }
    }

    private static final class BatchTerm implements BatchRewardTerm {
        @Override
        public String id() {
            return "batch_size";
        }

        @Override
        public List<List<TermResult>> evaluate(List<Group> groups) {
            return groups.stream().map(PoisonIsolationTest::groupSizes).toList();
        }
    }

    @Test
    void aPoisonedSampleAbstainsAloneAndTheRestOfItsGroupIsScored() throws Exception {
        ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        try (FelixHost host = new FelixHost(new HostSettings(DIST.resolve("system"), DIST.resolve("bundles"), null,
                Duration.ofMillis(100)), messages::add);
             BundleCalls calls = new BundleCalls()) {
            host.start();
            host.context().registerService(RewardTerm.class, new GroupTerm(), null);
            host.context().registerService(RewardTerm.class, new BatchTerm(), null);
            try (ServiceCatalog<RewardTerm> terms = new ServiceCatalog<>(host.context(), RewardTerm.class,
                    RewardTerm::id, Duration.ofSeconds(5), Duration.ofSeconds(5), messages::add)) {
                List<Sample> p1 = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    p1.add(sample(i == 4 ? "poison-a" + i : "a" + i, "p1"));
                }
                Batch batch = new Batch(0, List.of(new Group("p1", p1),
                        new Group("p2", List.of(sample("b0", "p2"), sample("b1", "p2")))));
                Map<String, List<Route>> routes = new LinkedHashMap<>();
                for (Sample s : batch.samples()) {
                    routes.put(s.id(), List.of(new Route(s.id(), "group_size", 1.0, "r"),
                            new Route(s.id(), "batch_size", 1.0, "r")));
                }
                RouteTable table = new RouteTable(batch, new PolicyDecision(routes, List.of(), Map.of(), 1));
                List<TermEvaluator.TermRun> runs = new TermEvaluator(terms, calls, Duration.ofSeconds(30), messages::add)
                        .evaluate(table);
                for (String term : List.of("group_size", "batch_size")) {
                    TermEvaluator.TermRun run = runs.get(table.terms().indexOf(term));
                    for (int row = 0; row < 6; row++) {
                        if (row == 4) {
                            assertEquals("error: IllegalArgumentException: cannot score poison-a4",
                                    run.at(row).reason(), term);
                        } else {
                            assertEquals(TermResult.of(5), run.at(row), term + ": scored in its group less the poisoned sample");
                        }
                    }
                    assertEquals(TermResult.of(2), run.at(6), term + ": the other group is untouched");
                    assertEquals(TermResult.of(2), run.at(7), term);
                }
                assertTrue(messages.stream().anyMatch(m -> m.contains("threw on sample poison-a4 alone")), messages.toString());
            }
        }
    }

    /** Judges every sample GENUINE; throws on a batch holding a poisoned one. */
    private static final class PickyFilter implements AnnotationFilter {
        @Override
        public String id() {
            return "picky";
        }

        @Override
        public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
            List<FilterEvidence> out = new ArrayList<>();
            for (PreferenceSignal s : signals) {
                if (s.id().startsWith("poison")) {
                    throw new IllegalStateException("cannot judge " + s.id());
                }
                out.add(new FilterEvidence(s.id(), "picky", Verdict.GENUINE, List.of("fine"), Map.of()));
            }
            return out;
        }
    }

    @Test
    void aFilterThatThrowsOnOneSampleStillJudgesTheOthers() throws Exception {
        ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        try (FelixHost host = new FelixHost(new HostSettings(DIST.resolve("system"), DIST.resolve("bundles"), null,
                Duration.ofMillis(100)), messages::add);
             BundleCalls calls = new BundleCalls()) {
            host.start();
            host.context().registerService(AnnotationFilter.class, new PickyFilter(), null);
            try (ServiceCatalog<AnnotationFilter> filters = new ServiceCatalog<>(host.context(), AnnotationFilter.class,
                    AnnotationFilter::id, Duration.ofSeconds(5), Duration.ofSeconds(5), messages::add)) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    samples.add(sample(i == 6 ? "poison-6" : "s" + i, "p"));
                }
                List<FilterStage.Assessed> assessed = new FilterStage(filters, calls, Duration.ofSeconds(30), messages::add)
                        .assess(samples);
                List<String> judged = assessed.stream().filter(a -> a.evidence().filterId().equals("picky"))
                        .map(a -> a.evidence().signalId()).toList();
                assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5", "s7", "s8", "s9"), judged);
                assertTrue(messages.stream().anyMatch(m -> m.contains("filter picky") && m.contains("threw on poison-6 alone")),
                        messages.toString());
            }
        }
    }
}
