package dev.rewire.framework.spi;

import dev.rewire.framework.model.PreferenceSignal;
import java.util.List;

/**
 * Separates genuine preferences from noise in the judgments of a batch of signals.
 *
 * <p>Published as an OSGi service. Sees a whole batch at once so that evidence across signals
 * (one annotator's judgments over many items) is available. Returns evidence only for the signals
 * it has something to say about; silence is not a verdict. Implementations must be thread safe.
 */
public interface AnnotationFilter {

    /** The stable id, e.g. {@code test_retest}. */
    String id();

    /** Assesses the signals; never returns null. */
    List<FilterEvidence> assess(List<? extends PreferenceSignal> signals);
}
