package dev.rewire.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class TermHarnessTest {

    /** 1 when the boxed answer matches the reference, 0 when not, abstains without a reference; throws on "boom". */
    static final SampleRewardTerm MATCH = new SampleRewardTerm() {
        @Override
        public String id() {
            return "match";
        }

        @Override
        public TermResult evaluate(Sample s) {
            if (s.completion().equals("boom")) {
                throw new IllegalStateException("boom");
            }
            if (s.reference() == null) {
                return TermResult.abstain("no reference");
            }
            return TermResult.of(s.parsed().matchesReference() ? 1.0 : 0.0);
        }
    };

    @Test
    void groupsByPromptAndCallsOncePerGroupWithTheSamplesInOrder() {
        List<List<String>> calls = new ArrayList<>();
        RewardTerm recording = new RewardTerm() {
            @Override
            public String id() {
                return "rec";
            }

            @Override
            public List<TermResult> evaluate(Group group) {
                calls.add(group.samples().stream().map(Sample::id).toList());
                return group.samples().stream().map(s -> TermResult.of(group.size())).toList();
            }
        };
        TermRun run = TermHarness.of(recording).run(SampleFiles.read(TermHarnessTest.class, "/fixture.jsonl"));
        assertEquals(List.of(List.of("a1", "a2"), List.of("b1")), calls);
        assertEquals(List.of("a1", "a2", "b1"), List.copyOf(run.byId().keySet()));
        assertEquals(2.0, run.value("a2"));
        assertEquals(1.0, run.value("b1"));
        run.assertNoErrors();
    }

    @Test
    void aSampleTermsFailureStaysWithItsSampleAndIsReportedAsAnError() {
        TermRun run = TermHarness.of(MATCH).run(
                TestSamples.math("ok").completion("\\boxed{4}").reference("4").build(),
                TestSamples.math("bad").completion("boom").reference("4").build());
        assertEquals(1.0, run.value("ok"));
        assertEquals("error: IllegalStateException: boom", run.abstentionReason("bad"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, run::assertNoErrors);
        assertEquals("term match broke the host's contract:\n  bad: error: IllegalStateException: boom", e.getMessage());
    }

    @Test
    void aWrongSizedAnswerMakesTheWholeGroupAbstainAsTheHostDoes() {
        RewardTerm short1 = new RewardTerm() {
            @Override
            public String id() {
                return "short";
            }

            @Override
            public List<TermResult> evaluate(Group group) {
                return List.of(TermResult.of(1));
            }
        };
        TermRun run = TermHarness.of(short1).run(TestSamples.chat("x").build(), TestSamples.chat("y").build());
        String why = "error: term returned 1 results for 2 samples";
        assertEquals(why, run.abstentionReason("x"));
        assertEquals(why, run.abstentionReason("y"));
        assertEquals(List.of("prompt p: " + why), run.rejections());
    }

    @Test
    void aValueTooLargeForGroupStatisticsAbstains() {
        SampleRewardTerm huge = new SampleRewardTerm() {
            @Override
            public String id() {
                return "huge";
            }

            @Override
            public TermResult evaluate(Sample sample) {
                return TermResult.of(sample.id().equals("big") ? 1e101 : 1e100);
            }
        };
        TermRun run = TermHarness.of(huge).run(TestSamples.chat("big").build(), TestSamples.chat("edge").build());
        assertTrue(run.abstentionReason("big").startsWith("error: value 1.0E101 out of range"));
        assertEquals(1e100, run.value("edge"));
    }

    @Test
    void valueOfAnAbstentionAndAMissingSampleFailNamingThem() {
        TermRun run = TermHarness.of(MATCH).run(TestSamples.chat("c").build());
        assertEquals("term match abstained on c: no reference",
                assertThrows(AssertionFailedError.class, () -> run.value("c")).getMessage());
        assertEquals("term match: no sample z (samples: [c])",
                assertThrows(AssertionFailedError.class, () -> run.result("z")).getMessage());
    }

    @Test
    void aRepeatedIdIsRefused() {
        Sample s = TestSamples.chat("same").build();
        assertThrows(IllegalArgumentException.class, () -> TermHarness.of(MATCH).run(s, s));
    }

    @Test
    void aBadFixtureLineFailsNamingFileLineAndProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"id\":\"ok\",\"prompt\":\"q\",\"completion\":\"c\"}\n{\"id\":\"x\",\"completion\":\"c\"}\n\n{oops\n");
        AssertionError e = assertThrows(AssertionError.class, () -> SampleFiles.read(file));
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length, e.getMessage());
        assertEquals("  " + file + ":2 (id x): missing required field 'prompt'", lines[1]);
        assertTrue(lines[2].startsWith("  " + file + ":4: malformed JSON: Unexpected character ('o'"), lines[2]);
    }
}
