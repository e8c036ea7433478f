package dev.rewire.testkit;

import dev.rewire.framework.contract.CallContract;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a reward term the way the host does, without OSGi: the samples are grouped by prompt id (in
 * order of first appearance, as the host's batcher groups one batch), the term is called once per
 * group with that group's samples, and what it returns is read by the host's own rules
 * ({@link CallContract}): a throw, null or wrong-sized answer makes the group abstain with the error
 * as reason, a value past 1e100 makes its sample abstain. Every sample is routed to the term (the
 * policy's routing is the embedded host's business, see {@code dev.rewire.runtime.embedded.EmbeddedRewire}).
 *
 * <pre>{@code
 * TermRun run = TermHarness.of(new MyTerm()).run(SampleFiles.read(MyTermTest.class, "/samples.jsonl"));
 * run.assertNoErrors();
 * assertEquals(1.0, run.value("s1"));
 * }</pre>
 */
public final class TermHarness {

    private final RewardTerm term;

    private TermHarness(RewardTerm term) {
        this.term = term;
    }

    public static TermHarness of(RewardTerm term) {
        return new TermHarness(term);
    }

    public TermRun run(Sample... samples) {
        return run(List.of(samples));
    }

    /** Runs the term over the samples of a JSONL fixture ({@link SampleFiles#read(Path)}). */
    public TermRun run(Path jsonl) {
        return run(SampleFiles.read(jsonl));
    }

    public TermRun run(List<Sample> samples) {
        Map<String, List<Sample>> byPrompt = new LinkedHashMap<>();
        for (Sample s : samples) {
            byPrompt.computeIfAbsent(s.promptId(), k -> new ArrayList<>()).add(s);
        }
        Map<String, TermResult> byId = new LinkedHashMap<>();
        List<String> rejections = new ArrayList<>();
        for (Map.Entry<String, List<Sample>> prompt : byPrompt.entrySet()) {
            List<Sample> routed = prompt.getValue();
            CallContract.TermCall call = CallContract.callTerm(term, new Group(prompt.getKey(), routed));
            if (call.rejection() != null) {
                rejections.add("prompt " + prompt.getKey() + ": " + call.rejection());
            }
            for (int i = 0; i < routed.size(); i++) {
                TermResult previous = byId.put(routed.get(i).id(), call.results().get(i));
                if (previous != null) {
                    throw new IllegalArgumentException("duplicate sample id " + routed.get(i).id()
                            + ": the host rejects a repeated id, and a test's results are looked up by id");
                }
            }
        }
        return new TermRun(term.id(), byId, rejections);
    }
}
