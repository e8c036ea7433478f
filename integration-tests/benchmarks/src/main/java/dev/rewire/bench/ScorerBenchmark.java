package dev.rewire.bench;

import dev.rewire.bundles.scorer.djl.DjlRewardScorer;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.framework.spi.ScoringRequest;
import dev.rewire.framework.spi.ScoringResult;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The DJL scorer on one batch, against {@link #plainJava} (the same arithmetic in plain loops)
 * as the baseline: the ratio is what tensors cost or save on this device at this batch size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class ScorerBenchmark {

    @Param({"256", "4096"})
    int samples;

    ScoringRequest request;
    final DjlRewardScorer djl = new DjlRewardScorer();

    @Setup
    public void setUp() {
        int k = 4;
        Random random = new Random(7);
        double[] values = new double[samples * k];
        double[] weights = new double[samples * k];
        int[] groups = new int[samples];
        for (int i = 0; i < samples; i++) {
            groups[i] = i / 8;
            for (int t = 0; t < k; t++) {
                values[i * k + t] = random.nextInt(10) == 0 ? Double.NaN : random.nextDouble();
                weights[i * k + t] = 0.5 + random.nextDouble();
            }
        }
        request = new ScoringRequest(samples, List.of("a", "b", "c", "d"), values, weights, groups, ScoringOptions.DEFAULT);
    }

    @Benchmark
    public ScoringResult djl() {
        return djl.score(request);
    }

    @Benchmark
    public double[] plainJava() {
        return PlainScorer.advantages(request);
    }
}
