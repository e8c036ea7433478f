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
 * <p><b>Which judgments.</b> {@code rewire score} and {@code serve} pass each {@link
 * dev.rewire.framework.model.Sample} that carries judgments, with <em>every</em> annotator's
 * judgments of it, in input order (one sample may hold several annotators, each possibly judging
 * more than once). {@code rewire pairs} passes one {@link dev.rewire.framework.model.PairSignal} per
 * annotator and pair: that annotator's judgments only. A filter must therefore judge each
 * annotator's judgments of a signal, never only the first annotator's; signals without judgments
 * are not passed.
 *
 * <p><b>Results.</b> Evidence only for the signals it has something to say about; silence is not a
 * verdict. The host combines every filter's evidence into the signal's verdict, the most severe
 * ({@link dev.rewire.framework.model.Verdict#MOST_SEVERE_FIRST}) winning and reasons accumulating;
 * the policy reads it.
 *
 * <p><b>Failing.</b> A filter that throws (an {@code Error} included) is called again on parts of
 * the batch: the signals it throws on alone get no evidence from it (each reported with what it
 * threw), and its evidence on the others stands. One that throws on every part, or returns null,
 * contributes no evidence for that batch (reported with its bundle and version); one that runs past
 * the host's deadline is also quarantined until its bundle is redeployed. The batch still flows.
 */
public interface AnnotationFilter {

    /** The stable id, e.g. {@code test_retest}. */
    String id();

    /** Assesses the signals; never returns null. */
    List<FilterEvidence> assess(List<? extends PreferenceSignal> signals);
}
