package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.K;
import static dev.rewire.runtime.engine.pairs.TypeModel.MAX_ITERATIONS;
import static dev.rewire.runtime.engine.pairs.TypeModel.PURE_IDENTIFIES;

import dev.rewire.runtime.engine.pairs.TypeModel.Fit;

/**
 * The {@link TypeModel}'s EM loop: likelihoods, the pair step and the annotator step (E), then the
 * M-step, until no signal's posterior moves by 1e-6 (or {@link TypeModel#MAX_ITERATIONS}); then one
 * more E-step under the final parameters for what the fit reports. One use; not thread safe.
 */
final class EmFit {

    /** Iterations run before convergence is tested: the first steps move from the even start. */
    private static final int WARM_UP = 3;
    private static final double CONVERGED = 1e-6;

    private final ModelData data;
    private final Parameters params;
    private final Likelihoods likelihoods;
    private final PairStep pairStep;
    private final AnnotatorStep annotatorStep;
    private final Maximization maximization;

    EmFit(ModelData data) {
        this.data = data;
        this.params = new Parameters(data);
        this.likelihoods = new Likelihoods(data, params);
        this.pairStep = new PairStep(data, params, likelihoods);
        PushPrior pushPrior = new PushPrior(data, params);
        this.annotatorStep = new AnnotatorStep(data, params, pairStep, pushPrior);
        this.maximization = new Maximization(data, params, pairStep, pushPrior,
                new PushFit(data, params, pairStep, pushPrior));
    }

    Fit run() {
        int iteration = 0;
        double[][] previous = null;
        while (iteration < MAX_ITERATIONS) {
            iteration++;
            likelihoods.compute();
            pairStep.run();
            annotatorStep.run();
            maximization.run();
            double change = previous == null ? 0 : largestChange(previous);
            previous = snapshot();
            if (converged(iteration, change)) {
                break;
            }
        }
        likelihoods.compute();
        pairStep.run();
        return result(iteration);
    }

    /** Per annotator, whether their slips are told from their non-attitudes: by the design, or a confidently pure class. */
    static boolean[] slipsIdentified(ModelData data, Parameters params) {
        boolean[] slipsIdentified = new boolean[data.annotators];
        for (int u = 0; u < data.annotators; u++) {
            double pure = 0;
            for (int c = 0; c < K; c++) {
                pure = Math.max(pure, params.classes[u][c]);
            }
            slipsIdentified[u] = data.designIdentified[u] || pure >= PURE_IDENTIFIES;
        }
        return slipsIdentified;
    }

    /** Whether a fit has converged after this iteration, with this largest change of a posterior. */
    static boolean converged(int iteration, double change) {
        return iteration > WARM_UP && change < CONVERGED;
    }

    private double largestChange(double[][] previous) {
        return largestChange(previous, pairStep.posterior);
    }

    /** The largest change of any signal's P(type) between two pair steps over the same signals. */
    static double largestChange(double[][] previous, double[][] posterior) {
        double change = 0;
        for (int s = 0; s < posterior.length; s++) {
            for (int z = 0; z < K; z++) {
                change = Math.max(change, Math.abs(previous[s][z] - posterior[s][z]));
            }
        }
        return change;
    }

    private double[][] snapshot() {
        double[][] copy = new double[data.m][];
        for (int s = 0; s < data.m; s++) {
            copy[s] = pairStep.posterior[s].clone();
        }
        return copy;
    }

    private Fit result(int iterations) {
        double[] ownBf = pairStep.ownLogBayesFactors();
        boolean[] slipsIdentified = slipsIdentified(data, params);
        double[][] reported = ReportedPosterior.of(data, params, pairStep);
        int[][] pushCopy = new int[data.annotators][];
        double[][] classCopy = new double[data.annotators][];
        for (int u = 0; u < data.annotators; u++) {
            pushCopy[u] = params.push[u].clone();
            classCopy[u] = params.classes[u].clone();
        }
        return new Fit(reported, ownBf, params.mix, classCopy, params.slip, params.habit, pushCopy,
                params.tieRate.clone(), pairStep.betterIsA, iterations, slipsIdentified);
    }
}
