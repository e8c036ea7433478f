package dev.rewire.bench;

import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.BatchContext;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import dev.rewire.runtime.host.policy.PolicyCompiler;
import dev.rewire.runtime.host.policy.PolicyDecision;
import dev.rewire.runtime.host.policy.SampleIndependence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-batch hot path before the terms: decoding 256 example lines, and the default policy
 * deciding them (folded into classes of equal reads, and whole). Baseline: Jackson's plain {@code readTree} of the same lines, the floor any
 * decoder pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyBenchmark {

    List<String> lines;
    List<Object> facts;
    CompiledPolicy policy;
    /** The same rules with every sample in the session, as before policies were folded into classes. */
    CompiledPolicy wholeSessions;

    @Setup
    public void setUp() throws Exception {
        Path root = Path.of(System.getProperty("rewire.root", "."));
        lines = Files.readAllLines(root.resolve("examples/samples.jsonl")).subList(0, 256);
        facts = new ArrayList<>();
        for (String line : lines) {
            Sample s = SampleCodec.decode(line);
            facts.add(new SampleFact(s, null, null));
        }
        facts.add(new BatchContext(0, 256, 40, Set.of("exact_match", "format", "approval")));
        policy = new PolicyCompiler().compile(root.resolve("rules/src/main/resources/policy"));
        wholeSessions = policy.wholeSessions();
    }

    /** The default policy as the host runs it: one sample per class of equal reads in the session. */
    @Benchmark
    public PolicyDecision policyDecide() {
        return policy.decide(facts);
    }

    @Benchmark
    public PolicyDecision policyDecideWholeSession() {
        return wholeSessions.decide(facts);
    }

    /** The same rules in a stateful session made and disposed of per call: what the stateless one costs beyond it. */
    @Benchmark
    public int policyDecideStateful() {
        org.kie.api.runtime.KieSession session = policy.kieBase().newKieSession();
        try {
            for (Object f : facts) {
                session.insert(f);
            }
            session.fireAllRules(5_000_000);
            return session.getObjects(o -> o instanceof dev.rewire.framework.policy.Route).size();
        } finally {
            session.dispose();
        }
    }

    @Benchmark
    public int decodeSamples() throws Exception {
        int n = 0;
        for (String line : lines) {
            n += SampleCodec.decode(line).completion().length();
        }
        return n;
    }

    @Benchmark
    public int baselineReadTree() throws Exception {
        int n = 0;
        for (String line : lines) {
            n += dev.rewire.framework.json.RewireJson.mapper().readTree(line).size();
        }
        return n;
    }
}
