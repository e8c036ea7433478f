package dev.rewire.bench;

import dev.rewire.runtime.host.policy.CompiledPolicy;
import dev.rewire.runtime.host.policy.PolicyCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A policy reload as a running host does it: a rule file saved with new content, and the folder
 * compiled from scratch (the content is new each time, so no cache can answer) in a JVM that has
 * compiled before. The policy is the default one
 * plus generated rules of the shapes rule authors write (routes by a field and weight rules joining a
 * route), up to {@code rules} in all. Baseline: the default policy alone (18 rules).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Drewire.policy.cache=off")
public class PolicyReloadBenchmark {

    @Param({"18", "100"})
    int rules;

    Path folder;
    String defaultPolicy;
    int saves;
    CompiledPolicy last;
    final PolicyCompiler compiler = new PolicyCompiler();

    @Setup
    public void setUp() throws Exception {
        Path root = Path.of(System.getProperty("rewire.root", "."));
        folder = Files.createTempDirectory("rewire-reload-bench");
        defaultPolicy = Files.readString(root.resolve("rules/src/main/resources/policy/default.drl"));
        Files.writeString(folder.resolve("default.drl"), defaultPolicy);
        int extra = rules - 18;
        if (extra > 0) {
            StringBuilder drl = new StringBuilder("""
                    package rewire.policy.generated;
                    import dev.rewire.framework.policy.SampleFact;
                    import dev.rewire.framework.policy.Route;
                    """);
            for (int i = 0; i < extra; i++) {
                if (i % 2 == 0) {
                    drl.append("rule \"route data source ").append(i).append("\"\nwhen\n    $s : SampleFact( fields[\"data_source\"] == \"set-")
                            .append(i).append("\", hasReference )\nthen\n    insert( new Route( $s.getId(), \"exact_match\", 1.0, drools.getRule().getName() ) );\nend\n\n");
                } else {
                    drl.append("rule \"weight source ").append(i).append("\"\nwhen\n    $s : SampleFact( source == \"vendor-")
                            .append(i).append("\" )\n    $r : Route( sampleId == $s.id, term == \"exact_match\" )\nthen\n    $r.scale( 0.9, drools.getRule().getName() );\nend\n\n");
                }
            }
            Files.writeString(folder.resolve("generated.drl"), drl);
        }
    }

    @Benchmark
    public CompiledPolicy reload() throws Exception {
        if (last != null) {
            compiler.release(last);
        }
        // an edit of one file, as a rule author saves it: new content, so a real compile
        Files.writeString(folder.resolve("default.drl"), defaultPolicy + "\n// save " + ++saves + "\n");
        last = compiler.compile(folder);
        return last;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(folder);
    }
}
