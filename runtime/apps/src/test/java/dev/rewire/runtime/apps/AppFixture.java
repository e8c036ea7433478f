package dev.rewire.runtime.apps;

import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.PipelineLimits;
import dev.rewire.runtime.host.RuntimeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The real host layout the build lays out for these tests (runtime/pom.xml), and captured streams. */
final class AppFixture {

    static final Path DIST = Path.of(System.getProperty("rewire.dist"));

    /** A captured stream: what an app printed. */
    static final class Captured {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private AppFixture() {
    }

    static RuntimeOptions host() {
        return new RuntimeOptions(DIST, DIST.resolve("policy"), null, ScoringOptions.DEFAULT, Duration.ofMillis(250),
                new PipelineLimits(PipelineLimits.DEFAULT_TERM_TIMEOUT, 1, PipelineLimits.DEFAULT_MIN_CHECK_SAMPLES));
    }

    /** A test resource copied to a file of the test's own. */
    static Path resource(String name, Path dir) {
        try (InputStream in = AppFixture.class.getResourceAsStream("/apps/" + name)) {
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScoreApp.Request score(Path in, Path out) {
        return new ScoreApp.Request(host(), in, out.toString(), null, null, null, null, 16, -1, 0, 0, false,
                Duration.ofMinutes(1), ShadowSetup.NONE, false);
    }
}
