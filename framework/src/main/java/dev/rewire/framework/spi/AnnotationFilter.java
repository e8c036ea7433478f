package dev.rewire.framework.spi;

import dev.rewire.framework.model.PreferenceSignal;
import java.util.List;

/**
 * Separates genuine preferences from noise in the judgments of a batch of signals.
 *
 * <p><b>Publishing and calls.</b> An OSGi service. The host calls {@link #assess} once per batch
 * with every signal of the batch, so that evidence across signals (one annotator's judgments over
 * many items) is available; calls may come from different threads, so an implementation must be
 * thread safe. It should keep no state between calls: a batch is judged on its own evidence.
 *
 * <p><b>Results.</b> Evidence only for the signals it has something to say about; silence is not a
 * verdict. The host combines every filter's evidence into the sample's verdict, which the policy
 * reads. A filter that throws contributes no evidence for that batch, and the error is logged with
 * the filter's bundle and version; one that runs past the host's deadline is also quarantined until
 * its bundle is redeployed. The batch still flows.
 */
public interface AnnotationFilter {

    /** The stable id, e.g. {@code test_retest}. */
    String id();

    /** Assesses the signals; never returns null. */
    List<FilterEvidence> assess(List<? extends PreferenceSignal> signals);
}
