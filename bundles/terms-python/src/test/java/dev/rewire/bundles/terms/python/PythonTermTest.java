package dev.rewire.bundles.terms.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The term against a real Python process running the bundled rewire_term_host.py. */
class PythonTermTest {

    @TempDir
    Path dir;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<PythonTerm> terms = new ArrayList<>();

    static final String MATH = """
            import re

            def accuracy(prompts, completions, solution, **kwargs):
                out = []
                for completion, gold in zip(completions, solution):
                    m = re.search(r"\\\\boxed\\{([^}]*)\\}", completion)
                    if gold is None:
                        out.append(None)
                    elif completion == "raise":
                        raise ValueError("cannot read " + completion)
                    else:
                        out.append(1.0 if m and m.group(1).strip() == gold.strip() else 0.0)
                return out
            """;

    static final String VERL = """
            import os, sys, time

            def compute_score(data_source, solution_str, ground_truth, extra_info=None):
                if solution_str == "hang":
                    time.sleep(600)
                if solution_str == "crash":
                    print("dying now", file=sys.stderr, flush=True)
                    os._exit(7)
                if solution_str == "raise":
                    return 1 / 0
                if solution_str == "none":
                    return None
                return {"score": len(solution_str) / 10, "length": len(solution_str), "source": data_source}
            """;

    private PythonTerm term(String file, String function, String kind, long timeoutMs) {
        return term(file, function, kind, timeoutMs, PythonTermSettings.defaultPython(System.getenv()));
    }

    private PythonTerm term(String file, String function, String kind, long timeoutMs, String python) {
        PythonTermSettings settings = PythonTermSettings.of("py_" + function, dir.resolve(file).toString(), function,
                kind, python, timeoutMs, "solution", false, "", Map.of());
        PythonTerm t = new PythonTerm(settings, HostScript.extractTo(dir.resolve("host")), log::add);
        terms.add(t);
        return t;
    }

    @AfterEach
    void closeTerms() {
        terms.forEach(PythonTerm::close);
    }

    private static Sample sample(String id, String completion, String reference) {
        return new Sample(id, "p-" + id, "math", "dataset", "2+2?", completion, null, reference, null, null, null, null,
                null, Map.of("data_source", "gsm8k"), null);
    }

    /** Scores the samples as a batch of one-sample groups and returns their results in order. */
    private static List<TermResult> score(PythonTerm term, Sample... samples) {
        List<Group> groups = new ArrayList<>();
        for (Sample s : samples) {
            groups.add(new Group(s.promptId(), List.of(s)));
        }
        List<List<TermResult>> byGroup = term.evaluate(groups);
        assertEquals(samples.length, byGroup.size());
        return byGroup.stream().map(g -> g.get(0)).toList();
    }

    @Test
    void aTrlFunctionScoresTheBatchAndProvenanceNamesTheFileAndItsHash() throws Exception {
        Path file = Files.writeString(dir.resolve("math.py"), MATH);
        PythonTerm t = term("math.py", "accuracy", "trl", 60_000);
        assertEquals("py_accuracy", t.id());
        List<TermResult> r = score(t, sample("a", "so \\boxed{4}", "4"), sample("b", "\\boxed{5}", "4"),
                sample("c", "no box", "4"), sample("d", "\\boxed{4}", null));
        assertEquals(List.of(TermResult.of(1.0), TermResult.of(0.0), TermResult.of(0.0),
                TermResult.abstain("function returned None")), r);
        Map<String, Object> config = t.configuration();
        assertEquals(file.toString(), config.get("file"));
        assertEquals(PythonTerm.sha256(file), config.get("sha256"));
        assertEquals("accuracy", config.get("function"));
        assertEquals("trl", config.get("kind"));
        assertEquals(60_000L, config.get("timeout_ms"));
        assertEquals("solution", config.get("reference_column"));
        assertTrue(String.valueOf(config.get("python_version")).matches("3\\.\\d+\\.\\d+"), config.toString());
    }

    @Test
    void aTrlExceptionMakesTheWholeBatchAbstainWithItAndTheNextBatchIsScored() throws Exception {
        Files.writeString(dir.resolve("math.py"), MATH);
        PythonTerm t = term("math.py", "accuracy", "trl", 60_000);
        List<TermResult> r = score(t, sample("a", "\\boxed{4}", "4"), sample("b", "raise", "4"));
        assertEquals(TermResult.abstain("error: ValueError: cannot read raise (math.py:10)"), r.get(0));
        assertEquals(r.get(0), r.get(1));
        assertEquals(List.of(TermResult.of(1.0)), score(t, sample("c", "\\boxed{4}", "4")));
    }

    @Test
    void aVerlFunctionIsCalledPerSampleAndAFailureStaysWithItsSample() throws Exception {
        Files.writeString(dir.resolve("length.py"), VERL);
        PythonTerm t = term("length.py", "compute_score", "verl", 60_000);
        List<TermResult> r = score(t, sample("a", "abcd", null), sample("b", "raise", null), sample("c", "none", null));
        assertEquals(TermResult.of(0.4, Map.of("length", 4.0)), r.get(0));
        assertEquals(TermResult.abstain("error: ZeroDivisionError: division by zero (length.py:10)"), r.get(1));
        assertEquals(TermResult.abstain("function returned None"), r.get(2));
        assertEquals(Map.of(), r.get(0).diagnostics().entrySet().stream()
                .filter(e -> e.getKey().equals("source")).collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue)), "a string extra is no diagnostic");
    }

    @Test
    void aHungFunctionTimesOutItsBatchAndAFreshProcessScoresTheNext() throws Exception {
        Files.writeString(dir.resolve("length.py"), VERL);
        // generous: the fresh process must load within it on a busy machine (a loading one is waited for, not killed)
        PythonTerm t = term("length.py", "compute_score", "verl", 8_000);
        score(t, sample("warm", "ab", null));
        List<TermResult> r = score(t, sample("a", "abc", null), sample("b", "hang", null));
        assertEquals(List.of(TermResult.abstain("timeout after 8000 ms"), TermResult.abstain("timeout after 8000 ms")), r);
        assertTrue(log.contains("term py_compute_score (python): timeout after 8000 ms; killing python and starting it again"),
                log.toString());
        assertEquals(List.of(TermResult.of(0.3, Map.of("length", 3.0))), score(t, sample("c", "abc", null)));
    }

    @Test
    void aProcessStillLoadingIsWaitedForNotKilled() throws Exception {
        Files.writeString(dir.resolve("slow.py"), "import time\ntime.sleep(3)\n\ndef f(prompts, completions, **kw):\n"
                + "    return [7.0] * len(completions)\n");
        PythonTerm t = term("slow.py", "f", "trl", 200);
        assertEquals(List.of(TermResult.abstain("timeout after 200 ms (python is still loading slow.py)")),
                score(t, sample("a", "x", null)));
        long deadline = System.nanoTime() + 120_000_000_000L;
        List<TermResult> r;
        do { // a liveness bound only: once loaded, a batch is answered
            Thread.sleep(100);
            r = score(t, sample("b", "x", null));
        } while (r.get(0).abstained() && System.nanoTime() < deadline);
        assertEquals(List.of(TermResult.of(7.0)), r);
    }

    @Test
    void aCrashedProcessAbstainsWithItsStderrAndIsStartedAgain() throws Exception {
        Files.writeString(dir.resolve("length.py"), VERL);
        PythonTerm t = term("length.py", "compute_score", "verl", 60_000);
        List<TermResult> r = score(t, sample("a", "crash", null));
        assertEquals(TermResult.abstain("error: python exited with status 7: dying now"), r.get(0));
        assertTrue(log.contains("term py_compute_score (python): dying now"), "stderr reaches the log: " + log);
        assertEquals(List.of(TermResult.of(0.2, Map.of("length", 2.0))), score(t, sample("b", "ab", null)));
    }

    @Test
    void aChangedFileIsLoadedOnTheNextBatchAndProvenanceFollowsIt() throws Exception {
        Path file = Files.writeString(dir.resolve("constant.py"), "def f(prompts, completions, **kw):\n    return [1.0] * len(completions)\n");
        PythonTerm t = term("constant.py", "f", "trl", 60_000);
        assertEquals(List.of(TermResult.of(1.0)), score(t, sample("a", "x", null)));
        String first = (String) t.configuration().get("sha256");
        Files.writeString(file, "def f(prompts, completions, **kw):\n    return [2.0] * len(completions)\n");
        assertEquals(List.of(TermResult.of(2.0)), score(t, sample("b", "x", null)));
        String second = (String) t.configuration().get("sha256");
        assertEquals(PythonTerm.sha256(file), second);
        assertTrue(!first.equals(second));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("term py_f (python): constant.py changed (sha256 "
                + first.substring(0, 12) + " -> " + second.substring(0, 12) + "); restarting python")), log.toString());
    }

    @Test
    void aFileThatDoesNotLoadAbstainsWithWhyUntilItIsFixed() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.py"), "def f(:\n");
        PythonTerm t = term("broken.py", "f", "trl", 60_000);
        TermResult r = score(t, sample("a", "x", null)).get(0);
        assertTrue(r.reason().startsWith("cannot load broken.py: error: SyntaxError: "), r.reason());
        Files.writeString(file, "def g(prompts, completions, **kw):\n    return [0.5]\n");
        assertEquals(TermResult.abstain("cannot load broken.py: error: LookupError: broken.py defines no function 'f'"),
                score(t, sample("b", "x", null)).get(0));
        Files.writeString(file, "def f(prompts, completions, **kw):\n    return [0.5]\n");
        assertEquals(List.of(TermResult.of(0.5)), score(t, sample("c", "x", null)));
        assertEquals(2, log.stream().filter(l -> l.startsWith("term py_f (python): cannot load broken.py")).count(),
                "each broken version is loaded (and reported) once: " + log);
    }

    @Test
    void aMissingFileAbstainsSayingSo() {
        PythonTerm missing = term("nowhere.py", "f", "trl", 60_000);
        assertEquals(TermResult.abstain("python file " + dir.resolve("nowhere.py") + " is missing"),
                score(missing, sample("a", "x", null)).get(0));
    }

    @Test
    void anAbsentExecutableIsNamedInTheReason() throws Exception {
        Files.writeString(dir.resolve("constant.py"), "def f(prompts, completions, **kw):\n    return [1.0]\n");
        PythonTerm t = term("constant.py", "f", "trl", 60_000, dir.resolve("no-such-python").toString());
        TermResult r = score(t, sample("a", "x", null)).get(0);
        assertTrue(r.reason().startsWith("error: cannot start " + dir.resolve("no-such-python")
                + " (set python in the .cfg or REWIRE_PYTHON): "), r.reason());
    }

    @Test
    void closingTheTermKillsItsProcess() throws Exception {
        Files.writeString(dir.resolve("length.py"), VERL);
        long before = pythonChildren();
        PythonTerm t = term("length.py", "compute_score", "verl", 60_000);
        score(t, sample("a", "ab", null));
        assertEquals(before + 1, pythonChildren());
        t.close();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (pythonChildren() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before, pythonChildren());
    }

    @Test
    void aCallTheHostGivesUpOnKillsItsProcessAndTheNextBatchStartsAFreshOne() throws Exception {
        Files.writeString(dir.resolve("length.py"), VERL);
        PythonTerm t = term("length.py", "compute_score", "verl", 600_000);
        score(t, sample("warm", "ab", null));
        long before = pythonChildren();
        List<TermResult> seen = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> seen.addAll(score(t, sample("a", "hang", null))));
        caller.start();
        Thread.sleep(500); // inside the hung call (its answer would take ten minutes)
        caller.interrupt(); // what the host's term timeout does
        caller.join(60_000);
        assertEquals(List.of(TermResult.abstain("interrupted: the host stopped waiting for python")), seen);
        // the kill is sent at once; the process takes its time to go on a loaded machine (a liveness bound, not a timing)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (pythonChildren() > before - 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before - 1, pythonChildren(), "the hung process is gone");
        assertEquals(List.of(TermResult.of(0.3, Map.of("length", 3.0))), score(t, sample("b", "abc", null)));
    }

    @Test
    void theProcessExitsWhenItsParentIsKilled() throws Exception {
        Files.writeString(dir.resolve("length.py"), VERL);
        Path script = HostScript.extractTo(dir.resolve("host"));
        // a shell stands in for the host: it starts the Python side, then dies without a word (kill -9)
        // (fd 3: a background job's own stdin is /dev/null, whose end of file would end it at once)
        Process shell = new ProcessBuilder("sh", "-c", "exec 3<&0; \"$0\" -u \"$1\" --file \"$2\" "
                + "--function compute_score --kind verl <&3 3<&- > /dev/null 2>&1 & echo $!; wait",
                PythonTermSettings.defaultPython(System.getenv()), script.toString(),
                dir.resolve("length.py").toString()).start();
        long pythonPid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(
                shell.getInputStream())).readLine().trim());
        ProcessHandle python = ProcessHandle.of(pythonPid).orElseThrow();
        Thread.sleep(1000);
        assertTrue(python.isAlive(), "it waits for requests on the stdin it shares with the shell");
        shell.destroyForcibly().waitFor();
        python.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS); // stdin stays open: only the watch ends it
        assertTrue(!python.isAlive());
        shell.getOutputStream().close();
    }

    private static long pythonChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(HostScript.NAME)).count();
    }
}
