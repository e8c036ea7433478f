package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.A;
import static dev.rewire.runtime.engine.pairs.TypeModel.C;
import static dev.rewire.runtime.engine.pairs.TypeModel.G;
import static dev.rewire.runtime.engine.pairs.TypeModel.K;
import static dev.rewire.runtime.engine.pairs.TypeModel.MAX_SLIP;
import static dev.rewire.runtime.engine.pairs.TypeModel.SLIP_HYPERPRIOR_MEAN;
import static dev.rewire.runtime.engine.pairs.TypeModel.SLIP_HYPERPRIOR_STRENGTH;
import static dev.rewire.runtime.engine.pairs.TypeModel.SLIP_PRIOR_STRENGTH;

import dev.rewire.runtime.engine.pairs.TypeModel.Signal;

/**
 * The M-step: each type's tie rate, each annotator's slip rate and habit strength from the
 * expected counts of the last pair step, then the pooled pushes and each annotator's pushes.
 * One fit's, not thread safe.
 */
final class Maximization {

    private final ModelData data;
    private final Parameters params;
    private final PairStep pairStep;
    private final PushPrior pushPrior;
    private final PushFit pushFit;

    /** The expected counts one M-step reads, per annotator and per type: sums over the signals. */
    static final class Counts {
        final double[] errors;
        final double[] followed;
        final double[] matches;
        final double[] predicted;
        final double[] tieCounts = new double[K];
        final double[] judgmentCounts = new double[K];

        Counts(int annotators) {
            errors = new double[annotators];
            followed = new double[annotators];
            matches = new double[annotators];
            predicted = new double[annotators];
        }
    }

    Maximization(ModelData data, Parameters params, PairStep pairStep, PushPrior pushPrior, PushFit pushFit) {
        this.data = data;
        this.params = params;
        this.pairStep = pairStep;
        this.pushPrior = pushPrior;
        this.pushFit = pushFit;
    }

    void run() {
        Counts counts = new Counts(data.annotators);
        for (int s = 0; s < data.m; s++) {
            count(s, counts);
        }
        rates(counts);
        pushFit.fit();
    }

    /** The tie rates, slip rates and habit strengths from the expected counts; the pushes pooled. */
    void rates(Counts counts) {
        for (int z = 0; z < K; z++) {
            // a prior worth 50 judgments at 2%: a type seen on few judgments keeps a small tie rate
            params.tieRate[z] = Math.min(0.9, Math.max(1e-4, (counts.tieCounts[z] + 1) / (counts.judgmentCounts[z] + 50)));
        }
        slipsAndHabits(counts);
        pushPrior.pool();
    }

    /** Adds signal {@code s}'s expected counts under the last pair step. */
    void count(int s, Counts counts) {
        Signal sig = data.signals.get(s);
        int u = sig.annotator();
        int n = sig.picks().length;
        double[] posterior = pairStep.posterior[s];
        double[][] joint = pairStep.joint[s];
        for (int z = 0; z < K; z++) {
            counts.tieCounts[z] += posterior[z] * sig.ties();
            counts.judgmentCounts[z] += posterior[z] * (sig.ties() + n);
        }
        for (int t = 0; t < 2; t++) {
            int genuineErrors = 0;
            int constructedErrors = 0;
            int artifactMatches = 0;
            int artifactPredicted = 0;
            for (int j = 0; j < n; j++) {
                int y = sig.picks()[j];
                genuineErrors += y != t ? 1 : 0;
                int target = TypeModel.target(params.push[u][sig.framing()[j]], sig.cues(), j);
                constructedErrors += y != (target < 0 ? t : target) ? 1 : 0;
                if (sig.artifact() != null && sig.artifact()[j] >= 0) {
                    artifactPredicted++;
                    artifactMatches += y == sig.artifact()[j] ? 1 : 0;
                }
            }
            counts.errors[u] += joint[G][t] * genuineErrors + joint[C][t] * constructedErrors;
            counts.followed[u] += (joint[G][t] + joint[C][t]) * n;
            counts.matches[u] += joint[A][t] * artifactMatches;
            counts.predicted[u] += joint[A][t] * artifactPredicted;
        }
    }

    private void slipsAndHabits(Counts counts) {
        // The batch's slip rate, from the annotators whose slips the data identify: by the design,
        // or by their being confidently of a pure class.
        double identifiedErrors = 0;
        double identifiedFollowed = 0;
        for (int u = 0; u < data.annotators; u++) {
            double w = identifiedWeight(u);
            identifiedErrors += w * counts.errors[u];
            identifiedFollowed += w * counts.followed[u];
        }
        double batchSlip = (identifiedErrors + SLIP_HYPERPRIOR_STRENGTH * SLIP_HYPERPRIOR_MEAN)
                / (identifiedFollowed + SLIP_HYPERPRIOR_STRENGTH);
        for (int u = 0; u < data.annotators; u++) {
            // A mixed annotator in a design that cannot tell their slips from their non-attitudes
            // keeps the batch's rate: their own data would move it anywhere along that ridge.
            double own = identifiedWeight(u);
            params.slip[u] = Math.min(MAX_SLIP, Math.max(1e-3, (own * counts.errors[u] + SLIP_PRIOR_STRENGTH * batchSlip)
                    / (own * counts.followed[u] + SLIP_PRIOR_STRENGTH)));
            params.habit[u] = Math.min(0.9999, Math.max(0.5, (counts.matches[u] + 1) / (counts.predicted[u] + 2)));
        }
    }

    /** How far the annotator's own picks identify their slips: fully by the design, else P(pure G or C). */
    private double identifiedWeight(int u) {
        return data.designIdentified[u] ? 1 : params.classes[u][G] + params.classes[u][C];
    }
}
