package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terms in Python, as docs/python-terms.md walks a user through them: reward function files of the field's
 * common kinds and a {@code rewire.term.python-NAME.cfg} for each in the deploy folder, a rule that
 * routes them, {@code rewire score}. Real python3 (from PATH, or REWIRE_PYTHON), real Felix, real
 * Drools.
 */
class PythonTermIT {

    /** TRL style: the last \boxed{} answer against the dataset's solution column; None without one. */
    static final String MATH = """
            import re

            def accuracy_reward(prompts, completions, solution, **kwargs):
                rewards = []
                for completion, gold in zip(completions, solution):
                    if gold is None:
                        rewards.append(None)
                        continue
                    boxed = re.findall(r"\\\\boxed\\{([^{}]*)\\}", completion)
                    rewards.append(1.0 if boxed and boxed[-1].strip() == gold.strip() else 0.0)
                return rewards
            """;

    /** TRL style: the R1 format, think then answer. */
    static final String FORMAT = """
            import re

            PATTERN = re.compile(r"^<think>.*?</think>\\s*<answer>.*?</answer>$", re.DOTALL)

            def format_reward(completions, **kwargs):
                return [1.0 if PATTERN.match(c) else 0.0 for c in completions]
            """;

    /** veRL style: a length reward, with the length as an extra key (veRL's reward_extra_info). */
    static final String LENGTH = """
            def compute_score(data_source, solution_str, ground_truth, extra_info=None):
                return {"score": min(len(solution_str), 100) / 100.0, "chars": len(solution_str)}
            """;

    /** veRL style, misbehaving on purpose: None, an exception, a hang. */
    static final String FLAKY = """
            import time

            def compute_score(data_source, solution_str, ground_truth, extra_info=None):
                if "skip" in solution_str:
                    return None
                if "explode" in solution_str:
                    raise RuntimeError("exploded on " + extra_info["id"])
                if "hang" in solution_str:
                    time.sleep(3600)
                return 0.5
            """;

    static final String RULES = """
            package rewire.test;
            import dev.rewire.framework.policy.SampleFact;
            import dev.rewire.framework.policy.Route;
            rule "python: math terms"
            when
                $s : SampleFact( domain == "math" )
            then
                insert( new Route( $s.getId(), "py_math", 1.0, drools.getRule().getName() ) );
                insert( new Route( $s.getId(), "py_format", 0.5, drools.getRule().getName() ) );
                insert( new Route( $s.getId(), "py_length", 0.1, drools.getRule().getName() ) );
                insert( new Route( $s.getId(), "py_flaky", 0.0, drools.getRule().getName() ) );
            end
            """;

    /**
     * Timeouts far above any batch here, so that a loaded machine never turns a value into a
     * timeout; the host's own term timeout ({@link #HOST_TIMEOUT}) is above them all.
     */
    static final String SLOW_MACHINE = "timeout_ms = 60000\n";
    static final String[] HOST_TIMEOUT = {"--term-timeout-ms", "120000"};

    private static Path setUp(Path work) throws Exception {
        Path policy = Files.createDirectories(work.resolve("policy"));
        Files.copy(Rewire.POLICY.resolve("default.drl"), policy.resolve("default.drl"));
        Files.writeString(policy.resolve("python.drl"), RULES);
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.writeString(deploy.resolve("math_reward.py"), MATH);
        Files.writeString(deploy.resolve("format_reward.py"), FORMAT);
        Files.writeString(deploy.resolve("length_reward.py"), LENGTH);
        Files.writeString(deploy.resolve("flaky_reward.py"), FLAKY);
        Files.writeString(deploy.resolve("rewire.term.python-math.cfg"),
                "id = py_math\nfile = math_reward.py\nfunction = accuracy_reward\nkind = trl\nreference_column = solution\n"
                        + SLOW_MACHINE);
        Files.writeString(deploy.resolve("rewire.term.python-format.cfg"),
                "id = py_format\nfile = format_reward.py\nfunction = format_reward\nkind = trl\n" + SLOW_MACHINE);
        Files.writeString(deploy.resolve("rewire.term.python-length.cfg"),
                "id = py_length\nfile = length_reward.py\nfunction = compute_score\nkind = verl\n" + SLOW_MACHINE);
        Files.writeString(deploy.resolve("rewire.term.python-flaky.cfg"),
                "id = py_flaky\nfile = flaky_reward.py\nfunction = compute_score\nkind = verl\ntimeout_ms = 6000\n");
        return work;
    }

    private static String line(String id, String promptId, String completion, String reference) throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("prompt_id", promptId);
        m.put("domain", "math");
        m.put("source", "dataset");
        m.put("prompt", "What is 2+2?");
        m.put("completion", completion);
        if (reference != null) {
            m.put("reference", reference);
        }
        return Rewire.JSON.writeValueAsString(m);
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void pythonRewardFunctionsScoreAbstainWithReasonsAndSurviveAHang(@TempDir Path work) throws Exception {
        setUp(work);
        String formatted = "<think>2+2 is 4</think> <answer>\\boxed{4}</answer>";
        Path in = work.resolve("in.jsonl");
        Files.write(in, List.of(
                line("right", "p1", formatted, "4"),
                line("wrong", "p2", "\\boxed{5}", "4"),
                line("no-reference", "p3", "\\boxed{4}", null),
                line("skip", "p4", "skip \\boxed{4}", "4"),
                line("explode", "p5", "explode", "4"),
                line("hang", "p6", "hang", "4"),
                line("after", "p7", "\\boxed{4}", "4")));
        Path out = work.resolve("out.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString(),
                "--policy", work.resolve("policy").toString(), "--deploy", work.resolve("deploy").toString(),
                "--batch-size", "1", HOST_TIMEOUT[0], HOST_TIMEOUT[1]); // one sample a batch: the hang costs its own
        assertEquals(0, r.status(), r.stderr());
        Map<String, JsonNode> byId = Rewire.readJsonl(out).stream()
                .collect(Collectors.toMap(n -> n.get("id").asText(), Function.identity()));
        assertEquals(7, byId.size());

        // exact values, from the first batch on
        assertEquals(1.0, value(byId.get("right"), "py_math"));
        assertEquals(1.0, value(byId.get("right"), "py_format"));
        assertEquals(formatted.length() / 100.0, value(byId.get("right"), "py_length"), 1e-12);
        assertEquals(0.5, value(byId.get("right"), "py_flaky"));
        assertEquals(0.0, value(byId.get("wrong"), "py_math"));
        assertEquals(0.0, value(byId.get("wrong"), "py_format"));
        assertEquals(0.09, value(byId.get("wrong"), "py_length"), 1e-12);
        assertEquals(1.0, value(byId.get("skip"), "py_math"));

        // abstentions with their reasons
        assertEquals("function returned None", abstained(byId.get("no-reference"), "py_math"));
        assertEquals("function returned None", abstained(byId.get("skip"), "py_flaky"));
        assertEquals("error: RuntimeError: exploded on explode (flaky_reward.py:7)", abstained(byId.get("explode"), "py_flaky"));
        assertEquals("timeout after 6000 ms", abstained(byId.get("hang"), "py_flaky"));
        assertEquals(0.5, value(byId.get("after"), "py_flaky"), "a fresh process scores the batch after the hang");
        assertEquals(0.0, value(byId.get("hang"), "py_math"), "the other terms of that batch are scored (no box: 0)");
        assertEquals(0.04, value(byId.get("hang"), "py_length"), 1e-12, "the other terms of that batch are scored");
        assertTrue(r.stderr().contains("term py_flaky (python): timeout after 6000 ms; killing python and starting it again"),
                r.stderr());
        assertFalse(r.stderr().contains("quarantined"), "the term handled its own timeout: " + r.stderr());
        Rewire.await("the Python processes to end with the host", () -> pythonProcessesOf(work) == 0,
                () -> "still running: " + pythonProcessesOf(work));

        // a .cfg the term refuses is an error at start, not a silently missing term
        Files.writeString(work.resolve("deploy/rewire.term.python-bad.cfg"), "id = py_bad\nfile = x.py\nfunction = f\nkind = torch\n");
        Rewire.Result bad = Rewire.run(work, "score", "--in", in.toString(), "--out", work.resolve("bad.jsonl").toString(),
                "--policy", work.resolve("policy").toString(), "--deploy", work.resolve("deploy").toString());
        assertEquals(1, bad.status(), bad.stderr());
        assertTrue(bad.stderr().contains("rewire.term.python-bad.cfg: the component refused these settings: "
                + "IllegalArgumentException: kind must be trl or verl, got 'torch'"), bad.stderr());
        Files.delete(work.resolve("deploy/rewire.term.python-bad.cfg"));
        Rewire.await("the Python processes to end with the host that did not start", () -> pythonProcessesOf(work) == 0,
                () -> "still running: " + pythonProcessesOf(work));

        // provenance: the bundle, and per term the file and its sha256
        JsonNode provenance = byId.get("right").get("provenance");
        assertEquals("0.1.0", provenance.at("/bundles/dev.rewire.terms.python").asText(), provenance.toString());
        for (String[] t : new String[][] {{"py_math", "math_reward.py", "accuracy_reward", "trl"},
                {"py_format", "format_reward.py", "format_reward", "trl"},
                {"py_length", "length_reward.py", "compute_score", "verl"}}) {
            JsonNode config = provenance.get("config").get(t[0]);
            Path file = work.resolve("deploy").resolve(t[1]).toRealPath();
            assertEquals(file.toString(), Path.of(config.get("file").asText()).toRealPath().toString(), config.toString());
            assertEquals(sha256(file), config.get("sha256").asText(), config.toString());
            assertEquals(t[2], config.get("function").asText());
            assertEquals(t[3], config.get("kind").asText());
            assertTrue(config.get("python_version").asText().matches("3\\.\\d+\\.\\d+"), config.toString());
        }
        assertEquals("solution", provenance.at("/config/py_math/reference_column").asText());
        assertEquals(6000, provenance.at("/config/py_flaky/timeout_ms").asInt());
    }

    @Test
    void aChangedPythonFileAndANewCfgTakeEffectMidStream(@TempDir Path work) throws Exception {
        setUp(work);
        Path deploy = work.resolve("deploy");
        String v1 = "def f(prompts, completions, **kwargs):\n    return [1.0 for _ in completions]\n";
        String v2 = "def f(prompts, completions, **kwargs):\n    return [2.0 for _ in completions]\n";
        Files.writeString(deploy.resolve("swap.py"), v1);
        String sha1 = sha256(deploy.resolve("swap.py"));
        Files.writeString(deploy.resolve("rewire.term.python-math.cfg"),
                "id = py_math\nfile = swap.py\nfunction = f\nkind = trl\n" + SLOW_MACHINE);
        try (Rewire.Stream run = new Rewire.Stream(work, "--policy", work.resolve("policy").toString(),
                "--deploy", deploy.toString(), "--batch-size", "8", "--poll-ms", "100", HOST_TIMEOUT[0], HOST_TIMEOUT[1])) {
            run.await("records from the first version", () -> run.records().size() >= 32);
            Rewire.writeAtomically(deploy.resolve("swap.py"), v2);
            String sha2 = sha256(deploy.resolve("swap.py"));
            run.await("a record from the second version",
                    () -> run.records().stream().anyMatch(r -> value(r, "py_math") == 2.0));
            // a new term, live: its .cfg names a file and a function that exist already
            Rewire.writeAtomically(deploy.resolve("rewire.term.python-extra.cfg"),
                    "id = py_extra\nfile = length_reward.py\nfunction = compute_score\nkind = verl\n" + SLOW_MACHINE);
            Rewire.writeAtomically(work.resolve("policy/extra.drl"), RULES.replace("python: math terms", "python: extra")
                    .replace("\"py_math\", 1.0", "\"py_extra\", 1.0").replaceAll("(?m)^.*\"py_(format|length|flaky)\".*\\n", ""));
            run.await("a record scored by the new term", () -> run.records().stream()
                    .anyMatch(r -> r.at("/terms/py_extra/value").isNumber()));
            int seen = run.records().size();
            run.await("more records", () -> run.records().size() >= seen + 16);
            assertEquals(0, run.finish(), run.stderr());
            Rewire.await("the Python processes to end with the host", () -> pythonProcessesOf(work) == 0,
                    () -> "still running: " + pythonProcessesOf(work));

            List<JsonNode> records = run.records();
            assertEquals(run.written(), records.size(), "every written sample has its record");
            boolean swapped = false;
            for (JsonNode rec : records) {
                double v = value(rec, "py_math");
                String sha = rec.at("/provenance/config/py_math/sha256").asText();
                if (v == 2.0) {
                    swapped = true;
                    assertEquals(sha2, sha, rec.toString());
                } else {
                    assertEquals(1.0, v, "neither version (lost or failed): " + rec);
                    assertFalse(swapped, "the old file answered after the new one: " + rec);
                    assertEquals(sha1, sha, rec.toString());
                }
            }
            assertTrue(swapped);
            JsonNode last = records.get(records.size() - 1);
            assertEquals(List.of(), records.stream().filter(rec -> rec.at("/terms/py_math/abstained").isTextual())
                    .map(JsonNode::toString).toList(), "no record lost its value during the swap");
            assertEquals(20 / 100.0, last.at("/terms/py_extra/value").asDouble(), 1e-12, last.toString());
            assertTrue(run.stderr().contains("term py_math (python): swap.py changed (sha256 " + sha1.substring(0, 12)
                    + " -> " + sha2.substring(0, 12) + "); restarting python"), run.stderr());
        }
    }

    @Test
    void pastTheHostsDeadlineThePythonTermIsQuarantinedUntilItsCfgIsTouched(@TempDir Path work) throws Exception {
        setUp(work);
        Path deploy = work.resolve("deploy");
        // timeout_ms above the host's --term-timeout-ms: the host's deadline comes first
        Files.writeString(deploy.resolve("rewire.term.python-flaky.cfg"),
                "id = py_flaky\nfile = flaky_reward.py\nfunction = compute_score\nkind = verl\ntimeout_ms = 600000\n");
        // only py_flaky: the other Python terms would meet the same short host deadline
        for (String other : List.of("math", "format", "length")) {
            Files.delete(deploy.resolve("rewire.term.python-" + other + ".cfg"));
        }
        Files.writeString(work.resolve("policy/python.drl"),
                RULES.replaceAll("(?m)^.*\"py_(math|format|length)\".*\n", ""));
        int[] hangAt = {-1};
        java.util.function.IntFunction<String> samples = n -> n == hangAt[0]
                ? Rewire.Stream.math(n).replace("The sum is", "hang: the sum is") : Rewire.Stream.math(n);
        try (Rewire.Stream run = new Rewire.Stream(work, samples, "--policy", work.resolve("policy").toString(),
                "--deploy", deploy.toString(), "--batch-size", "8", "--poll-ms", "100", "--term-timeout-ms", "3000")) {
            run.await("a first value", () -> run.records().stream().anyMatch(r -> value(r, "py_flaky") == 0.5));
            hangAt[0] = run.written() + 8;
            run.await("the hang to be cut off and the term quarantined", () -> run.records().stream()
                    .anyMatch(r -> r.at("/terms/py_flaky/abstained").asText().startsWith("quarantined: timeout after 3000 ms")));
            int quarantinedAt = run.records().size();
            Rewire.writeAtomically(deploy.resolve("rewire.term.python-flaky.cfg"),
                    "id = py_flaky\nfile = flaky_reward.py\nfunction = compute_score\nkind = verl\ntimeout_ms = 2000\n");
            run.await("a value from the re-created term", () -> run.records().stream().skip(quarantinedAt)
                    .anyMatch(r -> value(r, "py_flaky") == 0.5));
            assertEquals(0, run.finish(), run.stderr());
            JsonNode hung = run.records().stream().filter(r -> r.get("id").asText().equals("live-" + hangAt[0]))
                    .findFirst().orElseThrow();
            assertEquals("timeout after 3000 ms", abstained(hung, "py_flaky"));
            assertTrue(run.stderr().contains("quarantined py_flaky of dev.rewire.terms.python 0.1.0: timeout after 3000 ms"),
                    run.stderr());
            JsonNode last = run.records().get(run.records().size() - 1);
            assertEquals(0.5, value(last, "py_flaky"), last.toString());
            assertEquals(2000, last.at("/provenance/config/py_flaky/timeout_ms").asInt(), last.toString());
        }
    }

    /** Python processes serving a reward file of this test's deploy folder. */
    private static long pythonProcessesOf(Path work) {
        String deploy = work.resolve("deploy").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(deploy)).count();
    }

    private static double value(JsonNode record, String term) {
        return record.at("/terms/" + term + "/value").asDouble(Double.NaN);
    }

    private static String abstained(JsonNode record, String term) {
        JsonNode reason = record.at("/terms/" + term + "/abstained");
        assertTrue(reason.isTextual(), term + " did not abstain: " + record);
        return reason.asText();
    }
}
