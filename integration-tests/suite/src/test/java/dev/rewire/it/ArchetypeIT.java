package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's walk of docs/bundle-authors.md "Writing a bundle", command by command: generate a term project
 * from the archetype built in this reactor, build and test it (its unit test and its embedded-host
 * test), then {@code mv} its jar into the deploy folder of a running {@code rewire score} whose
 * policy routes the new term, and see the term's values and the bundle in the records.
 *
 * <p>The walk's first step ({@code mvn install} in the checkout) would write Rewire's artifacts
 * into the user's ~/.m2; here they are laid out in a temporary repository instead, and the nested
 * builds use a settings file whose repositories are that folder, the user's ~/.m2 read as a file
 * repository (everything the reactor already downloaded) and Maven Central, with a temporary local
 * repository: nothing is written into ~/.m2, and a rerun never sees a stale copy.
 */
class ArchetypeIT {

    private static final Path ROOT = Path.of(System.getProperty("rewire.root"));
    private static final String VERSION = System.getProperty("rewire.version");
    private static final String TERM = "has_answer";
    private static final String BUNDLE = "org.example.answer-term";

    @Test
    void aTermMadeFromTheArchetypeBuildsTestsItselfAndHotDeploysWithOneMove(@TempDir Path work) throws Exception {
        Path settings = repositoryWithThisBuild(work);

        // docs/bundle-authors.md: mvn archetype:generate ...
        mvn(work, settings, "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate",
                "-DarchetypeGroupId=dev.rewire", "-DarchetypeArtifactId=rewire-term-archetype",
                "-DarchetypeVersion=" + VERSION, "-DgroupId=org.example", "-DartifactId=answer-term",
                "-Dpackage=org.example.answer", "-DtermId=" + TERM, "-DclassName=HasAnswerTerm");
        Path project = work.resolve("answer-term");
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/org/example/answer/HasAnswerTerm.java")));

        // docs/bundle-authors.md: cd answer-term && REWIRE_HOME=... mvn verify
        String build = mvn(project, settings, "verify");
        assertTrue(build.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), "unit tests ran:\n" + build);
        assertTrue(build.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), "embedded-host test ran:\n" + build);
        Path jar = project.resolve("target/answer-term-1.0-SNAPSHOT.jar");
        String bundleVersion;
        try (java.util.jar.JarFile bundle = new java.util.jar.JarFile(jar.toFile())) {
            assertEquals(BUNDLE, bundle.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            // bnd stamps a SNAPSHOT build with its time: each rebuild is a newer version, so a hot swap
            bundleVersion = bundle.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
        assertTrue(bundleVersion.matches("1\\.0\\.0\\.\\d{12}"), bundleVersion);

        // docs/bundle-authors.md: mkdir deploy policy && cp $REWIRE_HOME/policy/*.drl src/test/policy/route-has_answer.drl policy/
        Path deploy = Files.createDirectories(project.resolve("deploy"));
        Path policy = Files.createDirectories(project.resolve("policy"));
        try (var drls = Files.newDirectoryStream(Rewire.DIST.resolve("policy"), "*.drl")) {
            for (Path drl : drls) {
                Files.copy(drl, policy.resolve(drl.getFileName()));
            }
        }
        Files.copy(project.resolve("src/test/policy/route-" + TERM + ".drl"), policy.resolve("route-" + TERM + ".drl"));

        // docs/bundle-authors.md: ./rewire score --in - --out - --policy policy --deploy deploy, then mv the jar into deploy/
        try (Rewire.Stream run = new Rewire.Stream(project, "--policy", policy.toString(), "--deploy", deploy.toString(),
                "--batch-size", "8", "--poll-ms", "100")) {
            run.await("records before the term is deployed", () -> run.records().size() >= 16);
            Files.move(jar, deploy.resolve(jar.getFileName()));
            run.await("a record scored by " + TERM,
                    () -> run.records().stream().anyMatch(r -> r.at("/terms/" + TERM + "/value").isNumber()));
            int seen = run.records().size();
            run.await("more records", () -> run.records().size() >= seen + 16);
            assertEquals(0, run.finish(), run.stderr());

            List<JsonNode> records = run.records();
            assertEquals(run.written(), records.size(), "every written sample has its record");
            JsonNode first = records.get(0);
            assertEquals("term '" + TERM + "' is not deployed", first.at("/terms/" + TERM + "/abstained").asText(),
                    first.toString());
            JsonNode last = records.get(records.size() - 1);
            assertEquals(1.0, last.at("/terms/" + TERM + "/value").asDouble(), last.toString());
            assertEquals(0.5, last.at("/terms/" + TERM + "/weight").asDouble(), last.toString());
            assertEquals(bundleVersion, last.at("/provenance/bundles/" + BUNDLE).asText(), last.toString());
        }
    }

    /**
     * Rewire's artifacts of this build in a Maven repository layout under {@code work/repo}, and a
     * settings file for the nested builds (see the class comment).
     */
    private static Path repositoryWithThisBuild(Path work) throws IOException {
        Path repo = work.resolve("repo");
        layOut(repo, "rewire-parent", ROOT.resolve("pom.xml"), null);
        layOut(repo, "rewire-framework", ROOT.resolve("framework/pom.xml"), ROOT.resolve("framework/target"));
        layOut(repo, "rewire-testkit", ROOT.resolve("testkit/pom.xml"), ROOT.resolve("testkit/target"));
        layOut(repo, "rewire-runtime", ROOT.resolve("runtime/pom.xml"), null);
        for (String module : List.of("host", "io", "engine", "embedded")) {
            layOut(repo, "rewire-" + module, ROOT.resolve("runtime/" + module + "/pom.xml"),
                    ROOT.resolve("runtime/" + module + "/target"));
        }
        layOut(repo, "rewire-term-archetype", ROOT.resolve("archetype/pom.xml"), ROOT.resolve("archetype/target"));
        Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        String repositories = """
                <repository><id>rewire-this-build</id><url>%s</url></repository>
                <repository><id>user-local</id><url>%s</url></repository>
                """.formatted(repo.toUri(), userRepo.toUri());
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles><profile><id>rewire</id>
                    <repositories>%s</repositories>
                    <pluginRepositories>%s</pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>rewire</activeProfile></activeProfiles>
                </settings>
                """.formatted(work.resolve("local-repo"), repositories,
                repositories.replace("repository>", "pluginRepository>")));
        return settings;
    }

    private static void layOut(Path repo, String artifactId, Path pom, Path target) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("dev/rewire/" + artifactId + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"));
        if (target != null) {
            Path jar = target.resolve(artifactId + "-" + VERSION + ".jar");
            assertTrue(Files.isRegularFile(jar), "the reactor built " + jar);
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"));
        }
    }

    /** Runs a nested {@code mvn -B} in {@code dir}; returns its output, failing the test with it when it fails. */
    private static String mvn(Path dir, Path settings, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "mvn", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("REWIRE_HOME", Rewire.DIST.toString());
        env.put("DJL_CACHE_DIR", System.getProperty("djl.cache"));
        env.remove("MAVEN_OPTS");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.delete(log);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + output);
        }
        return output;
    }
}
