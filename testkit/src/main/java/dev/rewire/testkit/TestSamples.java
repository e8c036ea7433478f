package dev.rewire.testkit;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import java.util.List;

/**
 * The samples tests are made of: a builder preset with one of the common shapes (domain, source,
 * prompt), to which a test adds only the fields it is about. Every shape uses prompt {@code p}
 * unless given another, so one-sample tests need no prompt id.
 *
 * <pre>{@code
 * Sample s = TestSamples.math("s1").completion("\\boxed{4}").reference("4").build();
 * Sample rated = TestSamples.chat("s2").approved(true).build();
 * }</pre>
 */
public final class TestSamples {

    /** The prompt id the shapes use when none is given. */
    public static final String PROMPT = "p";

    private TestSamples() {
    }

    /** A math sample from a dataset, prompt {@code p}: add its completion and reference. */
    public static Sample.Builder math(String id) {
        return math(id, PROMPT);
    }

    public static Sample.Builder math(String id, String promptId) {
        return shape(id, promptId, "math", "dataset");
    }

    /** A question-answering sample from a dataset, prompt {@code p}. */
    public static Sample.Builder qa(String id) {
        return qa(id, PROMPT);
    }

    public static Sample.Builder qa(String id, String promptId) {
        return shape(id, promptId, "qa", "dataset");
    }

    /** A chat sample rated by people ({@code source: human}), prompt {@code p}: add judgments or approval. */
    public static Sample.Builder chat(String id) {
        return chat(id, PROMPT);
    }

    public static Sample.Builder chat(String id, String promptId) {
        return shape(id, promptId, "chat", "human");
    }

    /** Any other shape: prompt text {@code q} and completion {@code c} until set. */
    public static Sample.Builder shape(String id, String promptId, String domain, String source) {
        return Sample.builder(id, promptId).domain(domain).source(source).prompt("q").completion("c");
    }

    /** One group of samples (they should share a prompt id, as the host's groups do). */
    public static Group group(Sample... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("a group has at least one sample");
        }
        return new Group(samples[0].promptId(), List.of(samples));
    }

}
