package dev.rewire.bundles.terms.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Python side's own unittest suite (clients/python/test_rewire_term_host.py) with the build. */
class PythonSideTest {

    @Test
    void thePythonUnitTestsPass(@TempDir Path dir) throws Exception {
        Path script = HostScript.extractTo(dir);
        try (var tests = PythonSideTest.class.getResourceAsStream("/python/test_rewire_term_host.py")) {
            Files.write(dir.resolve("test_rewire_term_host.py"), tests.readAllBytes());
        }
        Process p = new ProcessBuilder(PythonTermSettings.defaultPython(System.getenv()), "-m", "unittest", "-v",
                "test_rewire_term_host.py").directory(script.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Ran 11 tests"), out);
    }
}
