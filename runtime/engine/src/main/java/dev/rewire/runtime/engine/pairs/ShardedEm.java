package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.CLASSES;
import static dev.rewire.runtime.engine.pairs.TypeModel.K;
import static dev.rewire.runtime.engine.pairs.TypeModel.MAX_ITERATIONS;
import static dev.rewire.runtime.engine.pairs.TypeModel.MIXED;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link TypeModel}'s EM fit ({@link EmFit}) where the signals are in {@link FitShard}s
 * elsewhere and only parameters and sums come here: each iteration asks the shards for the
 * E-step's sums, fits the mixed classes' mixes, asks for their log-likelihoods, decides the
 * classes, fits the rates, asks for the push tables and fits the pushes, with the engine's own
 * steps on the sums, and stops where {@link EmFit} stops. Sums added in another order than one
 * machine's may differ in the last bits, and so may the parameters. One fit per instance.
 */
public final class ShardedEm {

    /** What the driver asks of the shards, each answer summed over all of them. */
    public interface Shards {

        /** The E-step under {@code values} ({@link FitShard.EStep#sums()} added up) and the largest change. */
        EStepSums eStep(ParameterValues values);

        /** {@link FitShard.EStep#mixedLogLik} of the last E-step, added up. */
        Map<Integer, double[]> mixedLogLik(ParameterValues values);

        /** {@link FitShard.EStep#pushTables} of the last E-step, added up. */
        Map<List<Integer>, double[]> pushTables(ParameterValues values);
    }

    /**
     * @param sums   per annotator and for the batch ({@link FitShard#BATCH}), the shards' sums added up
     * @param change the largest change of a posterior since the last E-step (0 on the first)
     */
    public record EStepSums(Map<Integer, double[]> sums, double change) {
    }

    /**
     * The fitted parameters.
     *
     * @param iterations      EM iterations run
     * @param slipsIdentified per annotator, whether their slips are told from their non-attitudes
     */
    public record Result(ParameterValues values, int iterations, boolean[] slipsIdentified) implements Serializable {
    }

    private final ModelData data;
    private final Parameters params;
    private final PushPrior pushPrior;
    private final AnnotatorStep annotatorStep;
    private final PushFit pushFit;
    private final Maximization maximization;

    public ShardedEm(DesignFacts facts) {
        this.data = new ModelData(List.of(), 0, facts);
        this.params = new Parameters(data);
        this.pushPrior = new PushPrior(data, params);
        this.annotatorStep = new AnnotatorStep(data, params, null, pushPrior);
        this.pushFit = new PushFit(data, params, null, pushPrior);
        this.maximization = new Maximization(data, params, null, pushPrior, pushFit);
    }

    /** The parameters EM starts from. */
    public ParameterValues start() {
        return params.values();
    }

    public Result fit(Shards shards) {
        int iteration = 0;
        while (iteration < MAX_ITERATIONS) {
            iteration++;
            EStepSums e = shards.eStep(params.values());
            double[] batch = e.sums().get(FitShard.BATCH);
            double[] batchMix = AnnotatorStep.batchMix(Arrays.copyOfRange(batch, FitShard.POSTERIORS,
                    FitShard.POSTERIORS + K));
            int[] free = new int[data.annotators];
            for (int u = 0; u < data.annotators; u++) {
                if (data.signalCounts[u] > 0) {
                    free[u] = annotatorStep.fitMixedMix(u, Arrays.copyOfRange(sumsOf(e, u), FitShard.RESPONSIBILITIES,
                            FitShard.RESPONSIBILITIES + K), batchMix);
                }
            }
            Map<Integer, double[]> mixed = shards.mixedLogLik(params.values());
            for (int u = 0; u < data.annotators; u++) {
                if (data.signalCounts[u] > 0) {
                    double[] logLik = new double[CLASSES];
                    System.arraycopy(sumsOf(e, u), FitShard.PURE, logLik, 0, K);
                    logLik[MIXED] = mixed.getOrDefault(u, new double[1])[0];
                    annotatorStep.decide(u, logLik, free[u]);
                }
            }
            maximization.rates(counts(e, batch));
            pushFit.fit(new TableScore(shards.pushTables(params.values()))::of);
            if (EmFit.converged(iteration, e.change())) {
                break;
            }
        }
        return new Result(params.values(), iteration, EmFit.slipsIdentified(data, params));
    }

    private static double[] sumsOf(EStepSums e, int u) {
        return e.sums().getOrDefault(u, new double[FitShard.SUMS]);
    }

    private Maximization.Counts counts(EStepSums e, double[] batch) {
        Maximization.Counts counts = new Maximization.Counts(data.annotators);
        for (int u = 0; u < data.annotators; u++) {
            double[] mine = sumsOf(e, u);
            counts.errors[u] = mine[FitShard.ERRORS];
            counts.followed[u] = mine[FitShard.FOLLOWED];
            counts.matches[u] = mine[FitShard.MATCHES];
            counts.predicted[u] = mine[FitShard.PREDICTED];
        }
        System.arraycopy(batch, FitShard.TIES, counts.tieCounts, 0, K);
        System.arraycopy(batch, FitShard.JUDGMENTS, counts.judgmentCounts, 0, K);
        return counts;
    }

    /** The push fit's score from the shards' tables: the pushes' cost, then each table's entry for them. */
    private final class TableScore {

        private final Map<Integer, List<Map.Entry<int[], double[]>>> byAnnotator = new HashMap<>();

        TableScore(Map<List<Integer>, double[]> tables) {
            List<List<Integer>> keys = new ArrayList<>(tables.keySet());
            keys.sort(Comparator.<List<Integer>>comparingInt(List::size).thenComparing(Object::toString));
            for (List<Integer> key : keys) {
                int[] framings = key.subList(1, key.size()).stream().mapToInt(Integer::intValue).toArray();
                byAnnotator.computeIfAbsent(key.get(0), u -> new ArrayList<>()).add(Map.entry(framings, tables.get(key)));
            }
        }

        double of(int u, int[] pushes) {
            double total = -pushPrior.cost(u, pushes);
            for (Map.Entry<int[], double[]> table : byAnnotator.getOrDefault(u, List.of())) {
                int code = 0;
                int[] framings = table.getKey();
                for (int i = framings.length - 1; i >= 0; i--) {
                    code = code * data.options + pushes[framings[i]];
                }
                total += table.getValue()[code];
            }
            return total;
        }
    }
}
