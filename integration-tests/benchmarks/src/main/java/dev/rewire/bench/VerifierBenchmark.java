package dev.rewire.bench;

import dev.rewire.framework.grading.Grade;
import dev.rewire.framework.grading.MathVerifier;
import dev.rewire.framework.text.Answers;
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
 * The math verifier on typical answers, one comparison per call (sample time: p50 and p99 per
 * comparison), against {@link #stringComparison} (the SQuAD-style string and number comparison
 * every domain used before) on the same inputs as the baseline.
 *
 * <ul>
 *   <li>{@code integer}: GSM8K-style, a boxed integer (the example's math answers);</li>
 *   <li>{@code fraction}: {@code \dfrac{3}{4}} against {@code 0.75} (exact rationals);</li>
 *   <li>{@code radical}: {@code 2\sqrt2} against {@code \sqrt8} (numeric, then the computer-algebra check);</li>
 *   <li>{@code interval}: a union of intervals with infinite ends;</li>
 *   <li>{@code polynomial}: {@code (x+1)(x-1)} against {@code x^2-1} (sample points, then the CAS).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifierBenchmark {

    @Param({"integer", "fraction", "radical", "interval", "polynomial"})
    String answer;

    String completion;
    String reference;
    final MathVerifier verifier = MathVerifier.standard();

    @Setup
    public void setUp() {
        String[] pair = switch (answer) {
            case "integer" -> new String[] {"Working it out step by step gives \\boxed{998}", "998"};
            case "fraction" -> new String[] {"So the probability is $\\boxed{\\dfrac{3}{4}}$.", "0.75"};
            case "radical" -> new String[] {"The side is \\boxed{2\\sqrt{2}}", "\\sqrt{8}"};
            case "interval" -> new String[] {"Hence $x \\in \\boxed{(-\\infty, -3] \\cup [2, \\infty)}$",
                "(-\\infty,-3]\\cup[2,\\infty)"};
            default -> new String[] {"Factoring, \\boxed{(x+1)(x-1)}", "x^2-1"};
        };
        completion = pair[0];
        reference = pair[1];
        verifier.grade(completion, reference); // the computer-algebra system starts outside the measurement
    }

    @Benchmark
    public Grade mathVerifier() {
        return verifier.grade(completion, reference);
    }

    @Benchmark
    public boolean stringComparison() {
        return Answers.matches(Answers.extract(completion), reference);
    }
}
