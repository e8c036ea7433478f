package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.A;
import static dev.rewire.runtime.engine.pairs.TypeModel.K;

import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.WeightedPair;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Some whole pairs of a batch, their signals coded for the {@link TypeModel}: the unit the fit is
 * distributed in ({@link ShardedEm}). Every step that reads a signal's pair (the pair step, its
 * cavities) runs within a shard; what the M-step needs of the shard leaves it as sums per
 * annotator and over the batch. Immutable; its steps are one caller's.
 */
public final class FitShard implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The key of the batch's sums among the annotators' ({@link EStep#sums()}). */
    public static final int BATCH = -1;
    /** Per annotator: responsibilities under the mixed class's mix, the pure classes' log-likelihoods, then the counts. */
    static final int RESPONSIBILITIES = 0;
    static final int PURE = K;
    static final int ERRORS = 2 * K;
    static final int FOLLOWED = 2 * K + 1;
    static final int MATCHES = 2 * K + 2;
    static final int PREDICTED = 2 * K + 3;
    /** The batch's: posterior sums, tie counts, judgment counts, K each. */
    static final int POSTERIORS = 0;
    static final int TIES = K;
    static final int JUDGMENTS = 2 * K;
    static final int SUMS = 2 * K + 4;
    /** A signal's push table has options^framings entries: past this, it is refused rather than filling memory. */
    static final int MAX_TABLE = 1 << 16;

    /** The order of the batch's annotators, whose places are their indices: {@code ann-2} before {@code ann-10}. */
    public static final Comparator<String> ANNOTATOR_ORDER = NaturalOrder.INSTANCE;

    private final List<TypeModel.Signal> signals;
    private final int pairs;

    private FitShard(List<TypeModel.Signal> signals, int pairs) {
        this.signals = signals;
        this.pairs = pairs;
    }

    /** The signals of the pairs, one per annotator of each pair in input order, as {@code rewire pairs} splits them. */
    public static List<PairSignal> signals(List<PreferencePair> pairs) {
        return Signals.of(pairs);
    }

    /** The framings the signals' judgments name: merged over the batch, the model's framings. */
    public static TreeSet<String> framingNames(List<PairSignal> signals) {
        return Coding.framingNames(signals);
    }

    /** The cues the signals' evidence offers: merged over the batch, the model's cues. */
    public static TreeSet<String> cueNames(List<PairSignal> signals, Map<String, List<FilterEvidence>> evidenceOf) {
        return Coding.cueNames(signals, evidenceOf);
    }

    /**
     * Codes whole pairs with the batch's framings and cues (each in name order) and annotator
     * indices (annotators in natural order), as {@code rewire pairs} codes the whole batch.
     */
    public static FitShard code(List<PreferencePair> pairs, Map<String, List<FilterEvidence>> evidenceOf,
                                Map<String, Integer> annotatorIndex, Collection<String> framings, Collection<String> cues) {
        Map<PreferencePair, Integer> pairIndex = new IdentityHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            pairIndex.put(pairs.get(i), i);
        }
        Coding coding = new Coding(framings, cues, evidenceOf);
        List<TypeModel.Signal> coded = new ArrayList<>();
        for (PairSignal s : Signals.of(pairs)) {
            Integer annotator = annotatorIndex.get(s.annotator());
            if (annotator == null) {
                throw new IllegalArgumentException("signal " + s.id() + ": annotator " + s.annotator()
                        + " is not among the batch's annotators");
            }
            coded.add(coding.code(s, pairIndex.get(s.pair()), annotator));
        }
        return new FitShard(coded, pairs.size());
    }

    /** What these pairs show of each annotator; merged over the shards, the batch's {@link DesignFacts}. */
    public DesignFacts facts(int annotators, int framings, int cues) {
        return new ModelData(signals, pairs, annotators, framings, cues).facts(cues);
    }

    /**
     * The E-step's pair part under these parameters: likelihoods, the pair step, the cavities.
     *
     * @param previous the posteriors of the last E-step over this shard, or null on the first
     */
    public EStep eStep(DesignFacts facts, ParameterValues values, double[][] previous) {
        return new EStep(new ModelData(signals, pairs, facts), values, previous);
    }

    /**
     * The weighted pairs under the final fit: the last pair step, the reported posteriors, and
     * the policy's classification of each signal, as {@code rewire pairs} weighs the whole batch.
     *
     * @param pairs      the pairs this shard was coded from, in the same order
     * @param evidenceOf the filters' evidence per signal id
     */
    public List<WeightedPair> weigh(List<PreferencePair> pairs, Map<String, List<FilterEvidence>> evidenceOf,
                                    Map<String, Integer> annotatorIndex, DesignFacts facts, ShardedEm.Result fit,
                                    CompiledPolicy policy, Provenance provenance) {
        if (pairs.size() != this.pairs) {
            throw new IllegalArgumentException(pairs.size() + " pairs given to weigh a shard of " + this.pairs);
        }
        EStep last = eStep(facts, fit.values(), null);
        ParameterValues v = fit.values();
        TypeModel.Fit shardFit = new TypeModel.Fit(ReportedPosterior.of(last.data, last.params, last.pairStep),
                last.pairStep.ownLogBayesFactors(), v.mix(), v.classes(), v.slip(), v.habit(), v.push(), v.tieRate(),
                last.pairStep.betterIsA, fit.iterations(), fit.slipsIdentified());
        return PairPipeline.weigh(pairs, Signals.of(pairs), shardFit, evidenceOf, annotatorIndex, policy, provenance)
                .pairs();
    }

    /** Signals in the shard. */
    public int size() {
        return signals.size();
    }

    /**
     * One E-step over the shard: what its signals add to the M-step's sums, and (under the
     * parameters the M-step fits next) the mixed class's log-likelihoods and the push scores.
     * Holds the step's arrays; one caller's.
     */
    public static final class EStep {

        private final ModelData data;
        private final Parameters params;
        private final PairStep pairStep;
        private final double[][] own;
        private final double change;

        private EStep(ModelData data, ParameterValues values, double[][] previous) {
            this.data = data;
            this.params = new Parameters(data);
            params.set(values);
            Likelihoods likelihoods = new Likelihoods(data, params);
            likelihoods.compute();
            this.pairStep = new PairStep(data, params, likelihoods);
            pairStep.run();
            this.own = pairStep.cavityLogLik();
            this.change = previous == null ? 0 : EmFit.largestChange(previous, pairStep.posterior);
        }

        /** The largest change of a signal's posterior since the last E-step (0 on the first). */
        public double change() {
            return change;
        }

        /** Each signal's P(type), for the next E-step's change. */
        public double[][] posterior() {
            double[][] copy = new double[data.m][];
            for (int s = 0; s < data.m; s++) {
                copy[s] = pairStep.posterior[s].clone();
            }
            return copy;
        }

        /**
         * The shard's part of the M-step's sums, in signal order: per annotator (their index) the
         * responsibilities under the mixed class's mix, the pure classes' log-likelihoods and the
         * expected errors, followed choices, habit matches and predictions; for the batch
         * ({@link #BATCH}) the posterior sums and the expected ties and judgments per type.
         */
        public Map<Integer, double[]> sums() {
            Maximization.Counts counts = new Maximization.Counts(data.annotators);
            Maximization maximization = new Maximization(data, params, pairStep, null, null);
            Map<Integer, double[]> sums = new HashMap<>();
            Map<Integer, double[][]> pureMixes = new HashMap<>();
            double[] batch = new double[SUMS];
            for (int s = 0; s < data.m; s++) {
                int u = data.signals.get(s).annotator();
                maximization.count(s, counts);
                double[] mine = sums.computeIfAbsent(u, k -> new double[SUMS]);
                double[] resp = new double[K];
                AnnotatorStep.addResponsibilities(params.mixedMix[u], own[s], resp);
                double[][] pure = pureMixes.computeIfAbsent(u, k -> pureMixes(k));
                for (int z = 0; z < K; z++) {
                    mine[RESPONSIBILITIES + z] += resp[z];
                    if (pure[z] != null) {
                        mine[PURE + z] += LogMath.logMix(pure[z], own[s]);
                    }
                    batch[POSTERIORS + z] += pairStep.posterior[s][z];
                }
            }
            for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
                int u = e.getKey();
                e.getValue()[ERRORS] = counts.errors[u];
                e.getValue()[FOLLOWED] = counts.followed[u];
                e.getValue()[MATCHES] = counts.matches[u];
                e.getValue()[PREDICTED] = counts.predicted[u];
            }
            for (int z = 0; z < K; z++) {
                batch[TIES + z] = counts.tieCounts[z];
                batch[JUDGMENTS + z] = counts.judgmentCounts[z];
            }
            sums.put(BATCH, batch);
            return sums;
        }

        private double[][] pureMixes(int u) {
            double[][] mixes = new double[K][];
            for (int c = 0; c < K; c++) {
                mixes[c] = params.classMix(c, u);
            }
            return mixes;
        }

        /** Per annotator, the sum over their signals of log P(signal | the mixed class) under {@code next}'s mixes. */
        public Map<Integer, double[]> mixedLogLik(ParameterValues next) {
            Map<Integer, double[]> sums = new HashMap<>();
            for (int s = 0; s < data.m; s++) {
                int u = data.signals.get(s).annotator();
                sums.computeIfAbsent(u, k -> new double[1])[0] += LogMath.logMix(next.mixedMix()[u], own[s]);
            }
            return sums;
        }

        /**
         * The push fit's scores under {@code next}'s slip rates, as tables a driver adds up for any
         * pushes: keyed by the annotator and the framings a signal chose under (ascending), one
         * entry per combination of pushes under those framings (the first framing's push varying
         * fastest), each the sum of those signals' {@link PushFit#term}s.
         */
        public Map<List<Integer>, double[]> pushTables(ParameterValues next) {
            Map<List<Integer>, double[]> tables = new HashMap<>();
            for (int s = 0; s < data.m; s++) {
                TypeModel.Signal sig = data.signals.get(s);
                int u = sig.annotator();
                double w = 1 - pairStep.posterior[s][A];
                if (w < 1e-12) {
                    continue;
                }
                double right = Math.log1p(-next.slip()[u]);
                double wrong = Math.log(next.slip()[u]);
                int[] framings = new TreeSet<>(java.util.Arrays.stream(sig.framing()).boxed().toList()).stream()
                        .mapToInt(Integer::intValue).toArray();
                double size = Math.pow(data.options, framings.length);
                if (size > MAX_TABLE) {
                    throw new IllegalStateException("signal of pair " + sig.pair() + " in its shard (annotator index "
                            + u + "): choices under " + framings.length + " framings would need " + (long) size
                            + " push combinations");
                }
                List<Integer> key = new ArrayList<>();
                key.add(u);
                for (int f : framings) {
                    key.add(f);
                }
                double[] table = tables.computeIfAbsent(List.copyOf(key), k -> new double[(int) size]);
                int[] pushes = new int[data.framings];
                for (int code = 0; code < table.length; code++) {
                    int rest = code;
                    for (int f : framings) {
                        pushes[f] = rest % data.options;
                        rest /= data.options;
                    }
                    table[code] += PushFit.term(sig, pushes, pairStep.cavity[s], w, right, wrong);
                }
            }
            return tables;
        }
    }
}
