package dev.rewire.runtime.embedded;

import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.osgi.FelixHost;
import dev.rewire.runtime.host.osgi.Lease;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.engine.Batcher;
import dev.rewire.runtime.host.PipelineLimits;
import dev.rewire.runtime.host.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The real host inside a JUnit test: Felix with the distribution's system and built-in bundles,
 * the policy, and the bundles under test deployed into a temporary deploy folder, scoring through
 * the same pipeline as {@code rewire score} and {@code rewire serve}.
 *
 * <pre>{@code
 * try (EmbeddedRewire rewire = EmbeddedRewire.builder().bundle(Path.of(System.getProperty("bundle.jar")))
 *         .rule(Path.of("src/test/policy/route-my-term.drl")).start()) {
 *     List<RewardRecord> records = rewire.score(samples);
 *     assertEquals(1.0, records.get(0).terms().get("my_term").value());
 * }
 * }</pre>
 *
 * <p>The distribution (the folder {@code ./rewire} runs from: {@code system/}, {@code bundles/},
 * {@code policy/}) is {@link Builder#home(Path)}, else the {@code rewire.home} system property, else
 * the {@code REWIRE_HOME} environment variable. Not thread safe: one test thread at a time.
 */
public final class EmbeddedRewire implements AutoCloseable {

    /** How long {@link #deploy(Path)} waits for a bundle to serve: generous, for slow machines. */
    static final Duration DEPLOY_WAIT = Duration.ofMinutes(1);

    private final RewireRuntime runtime;
    private final BatchPipeline pipeline;
    private final Path work;
    private final Path deployFolder;
    private final List<String> log;
    private long nextBatch;

    private EmbeddedRewire(RewireRuntime runtime, Path work, Path deployFolder, List<String> log) {
        this.runtime = runtime;
        this.pipeline = runtime.injector().getInstance(BatchPipeline.class);
        this.work = work;
        this.deployFolder = deployFolder;
        this.log = log;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scores the samples as one batch, grouped by prompt id as the host groups a batch: one reward
     * record per sample, group by group in order of first appearance.
     *
     * @throws IllegalStateException when the policy blocked the batch (the message says which rule)
     */
    public List<RewardRecord> score(List<Sample> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        // the host's own batcher, sized to take every sample into one batch
        Batcher batcher = new Batcher(samples.size(), nextBatch++);
        samples.forEach(batcher::add);
        BatchResult result = pipeline.process(batcher.flush().orElseThrow());
        if (result.blockedBy() != null) {
            throw new IllegalStateException("the policy blocked the batch (rule " + result.blockedBy().getRule() + "): "
                    + result.blockedBy().getReason());
        }
        return result.records();
    }

    /**
     * Drops a bundle jar into the deploy folder (replacing one of the same file name: a hot swap)
     * and waits until that version serves a term, filter, check or scorer.
     *
     * @throws IllegalStateException when it does not within a minute; the message carries what the
     *                               host logged (why the jar is not a bundle, or does not start)
     */
    /**
     * Preference pairs through the deployed annotation filters, the type model and the pairs
     * policy, as {@code rewire pairs} runs them (one call is one {@code --in} file's worth).
     */
    public dev.rewire.runtime.engine.pairs.PairsResult pairs(List<dev.rewire.framework.model.PreferencePair> pairs) {
        dev.rewire.runtime.engine.FilterStage filters = new dev.rewire.runtime.engine.FilterStage(
                runtime.services().filters(), runtime.calls(),
                runtime.options().limits().termTimeout(), log::add);
        return new dev.rewire.runtime.engine.pairs.PairPipeline(filters,
                runtime.policy().current()).run(pairs);
    }

    public void deploy(Path jar) {
        String[] identity = bundleIdentity(jar);
        Path target = deployFolder.resolve(jar.getFileName());
        Path tmp = deployFolder.resolve(jar.getFileName() + ".part");
        try {
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deploy " + jar + ": " + e.getMessage(), e);
        }
        awaitServing(jar, identity[0], identity[1]);
    }

    /** The bundles the host runs (built-in and deployed; system bundles left out), symbolic name to version. */
    public Map<String, String> bundles() {
        return runtime.felix().activeBundleVersions();
    }

    /** What the host logged so far (failed deploys, failing bundles, policy errors). */
    public List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            deleteTree(work);
        }
    }

    private void awaitServing(Path jar, String symbolicName, String version) {
        long deadline = System.nanoTime() + DEPLOY_WAIT.toNanos();
        while (!serves(symbolicName, version)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(jar + " (" + symbolicName + " " + version + ") serves nothing after "
                        + DEPLOY_WAIT.toSeconds() + " s; the host logged:\n  " + String.join("\n  ", log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + jar, e);
            }
        }
    }

    private boolean serves(String symbolicName, String version) {
        Services s = runtime.services();
        return serves(s.terms(), symbolicName, version) || serves(s.filters(), symbolicName, version)
                || serves(s.checks(), symbolicName, version) || serves(s.scorers(), symbolicName, version);
    }

    private static boolean serves(ServiceCatalog<?> catalog, String symbolicName, String version) {
        boolean found = false;
        for (Lease<?> lease : catalog.acquireAll()) {
            try (lease) {
                found |= lease.bundle().equals(symbolicName) && lease.version().equals(version);
            }
        }
        return found;
    }

    /** The jar's Bundle-SymbolicName (without directives) and Bundle-Version. */
    private static String[] bundleIdentity(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes main = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
            String name = main == null ? null : main.getValue("Bundle-SymbolicName");
            if (name == null) {
                throw new IllegalArgumentException(jar + " is not an OSGi bundle: no Bundle-SymbolicName in its manifest");
            }
            String version = main.getValue("Bundle-Version");
            return new String[] {name.split(";")[0].trim(), version == null ? "0.0.0" : version.trim()};
        } catch (IOException e) {
            throw new IllegalArgumentException(jar + " is not a readable jar: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    /** What to start: the distribution, the policy, the bundles under test. */
    public static final class Builder {

        private Path home;
        private Path policy;
        private final List<Path> rules = new ArrayList<>();
        private final List<Path> bundles = new ArrayList<>();
        private Duration termTimeout = PipelineLimits.DEFAULT_TERM_TIMEOUT;

        private Builder() {
        }

        /** The distribution folder (default: {@code -Drewire.home}, else {@code REWIRE_HOME}). */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** The policy folder (default: the distribution's {@code policy/}). */
        public Builder policy(Path policy) {
            this.policy = policy;
            return this;
        }

        /** A rule file compiled with the policy folder's rules (e.g. one routing the term under test). */
        public Builder rule(Path drl) {
            rules.add(drl);
            return this;
        }

        /** A bundle jar deployed at start; {@link #start()} returns once it serves. */
        public Builder bundle(Path jar) {
            bundles.add(jar);
            return this;
        }

        /** The deadline of one term over one batch (default 5 s, as {@code --term-timeout-ms}). */
        public Builder termTimeout(Duration timeout) {
            this.termTimeout = timeout;
            return this;
        }

        /**
         * Starts the host and deploys the bundles.
         *
         * @throws IllegalStateException when there is no distribution, or a bundle does not serve
         * @throws RewireRuntime.StartupException when the host does not start (e.g. the policy does not compile)
         */
        public EmbeddedRewire start() {
            Path dist = distribution(home);
            Path work;
            try {
                work = Files.createTempDirectory("rewire-embedded");
                Path policyDir = Files.createDirectories(work.resolve("policy"));
                Path basePolicy = policy != null ? policy : dist.resolve("policy");
                try (DirectoryStream<Path> drls = Files.newDirectoryStream(basePolicy, "*.drl")) {
                    for (Path drl : drls) {
                        Files.copy(drl, policyDir.resolve(drl.getFileName()));
                    }
                }
                for (Path rule : rules) {
                    Files.copy(rule, policyDir.resolve(rule.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                Path deploy = Files.createDirectories(work.resolve("deploy"));
                List<String> log = new CopyOnWriteArrayList<>();
                RuntimeOptions options = new RuntimeOptions(dist, policyDir, deploy, ScoringOptions.DEFAULT,
                        Duration.ofMillis(50), new PipelineLimits(termTimeout, 1, PipelineLimits.DEFAULT_MIN_CHECK_SAMPLES));
                EmbeddedRewire rewire = new EmbeddedRewire(RewireRuntime.start(options, log::add), work, deploy, log);
                try {
                    for (Path jar : bundles) {
                        rewire.deploy(jar);
                    }
                } catch (RuntimeException e) {
                    rewire.close();
                    throw e;
                }
                return rewire;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the embedded host: " + e.getMessage(), e);
            }
        }

        /** The distribution folder, checked to be one. */
        static Path distribution(Path explicit) {
            Path dist = explicit;
            String from = "home(...)";
            if (dist == null && System.getProperty("rewire.home") != null) {
                dist = Path.of(System.getProperty("rewire.home"));
                from = "-Drewire.home";
            }
            if (dist == null && System.getenv("REWIRE_HOME") != null) {
                dist = Path.of(System.getenv("REWIRE_HOME"));
                from = "REWIRE_HOME";
            }
            if (dist == null) {
                throw new IllegalStateException("no Rewire distribution: set REWIRE_HOME (or -Drewire.home) to the folder "
                        + "./rewire runs from (runtime/dist/target/rewire in a Rewire checkout, after ./rewire or mvn package)");
            }
            for (String part : List.of("system", "bundles", "policy")) {
                if (!Files.isDirectory(dist.resolve(part))) {
                    throw new IllegalStateException(from + " = " + dist + " is not a Rewire distribution: it has no "
                            + part + "/ folder");
                }
            }
            return dist;
        }
    }
}
