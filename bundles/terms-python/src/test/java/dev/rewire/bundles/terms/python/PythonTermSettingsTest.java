package dev.rewire.bundles.terms.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonTermSettingsTest {

    @Test
    void aRelativeFileIsFoundBesideTheCfgAndPythonDefaultsToTheEnvironment() {
        PythonTermSettings s = PythonTermSettings.of("py_math", "reward.py", "accuracy", "TRL", "", 2500, "solution",
                true, "file:/srv/deploy/rewire.term.python-math.cfg", Map.of("REWIRE_PYTHON", "/opt/py/bin/python3.12"));
        assertEquals(new PythonTermSettings("py_math", Path.of("/srv/deploy/reward.py"), "accuracy",
                PythonTermSettings.Kind.TRL, "/opt/py/bin/python3.12", Duration.ofMillis(2500), "solution", true), s);
        assertEquals(List.of("/opt/py/bin/python3.12", "-u", "/h/rewire_term_host.py", "--file", "/srv/deploy/reward.py",
                "--function", "accuracy", "--kind", "trl", "--reference-column", "solution", "--conversational"),
                s.command(Path.of("/h/rewire_term_host.py")));
        assertEquals("python3", PythonTermSettings.of("t", "/abs/r.py", "f", "verl", null, 1, "reference", false, "",
                Map.of()).python());
    }

    @Test
    void everyProblemOfACfgIsNamedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonTermSettings.of(
                "", "", "not a name", "torch", "", 0, "x-y", false, "", Map.of()));
        assertEquals("id must be a term id (a letter, then letters, digits, _ . -), got ''; file (the Python file) "
                + "is missing; function must be a Python name, got 'not a name'; kind must be trl or verl, got 'torch'; "
                + "timeout_ms must be positive, got 0; reference_column must be a Python name, got 'x-y'", e.getMessage());
    }
}
