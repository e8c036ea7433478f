package dev.rewire.testkit;

import dev.rewire.framework.contract.CallContract;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/**
 * Runs an annotation filter the way the host does, without OSGi: one call with the whole batch of
 * signals; a null answer or a throw is the failure the host would log (the host then calls it again
 * on parts of the batch, and the signals it throws on alone get no evidence from it), which fails
 * the test with that message.
 *
 * <pre>{@code
 * List<FilterEvidence> found = FilterHarness.of(new MyFilter()).assess(SampleFiles.read(path));
 * }</pre>
 */
public final class FilterHarness {

    private final AnnotationFilter filter;

    private FilterHarness(AnnotationFilter filter) {
        this.filter = filter;
    }

    public static FilterHarness of(AnnotationFilter filter) {
        return new FilterHarness(filter);
    }

    /** The filter's evidence on a JSONL fixture's samples. */
    public List<FilterEvidence> assess(Path jsonl) {
        return assess(SampleFiles.read(jsonl));
    }

    /** The filter's evidence on the signals, each checked to name a signal of the batch and this filter. */
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        List<FilterEvidence> evidence;
        try {
            evidence = filter.assess(signals);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            throw new AssertionError("filter " + filter.id() + ": " + CallContract.threw(e), e);
        }
        if (evidence == null) {
            Assertions.fail("filter " + filter.id() + ": " + CallContract.returnedNull("filter"));
        }
        for (FilterEvidence e : evidence) {
            if (signals.stream().noneMatch(s -> s.id().equals(e.signalId()))) {
                Assertions.fail("filter " + filter.id() + ": evidence about " + e.signalId()
                        + ", which is not a signal of the batch");
            }
        }
        return evidence;
    }
}
