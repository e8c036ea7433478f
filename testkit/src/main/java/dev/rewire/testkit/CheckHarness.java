package dev.rewire.testkit;

import dev.rewire.framework.contract.CallContract;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ReportPlan;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * Runs a batch check the way the host does, without OSGi: one call with a scored batch; a null
 * answer or a throw (which the host records as a SKIPPED result carrying the error) fails the test
 * with that message. The batch is built from samples as the host builds it: what the checks observe
 * of a sample is {@link Observation#of(Sample)}, as in every reward record.
 *
 * <pre>{@code
 * ScoredBatch batch = CheckHarness.batch()
 *         .add(TestSamples.qa("s1").completion("<answer>Paris</answer>").reference("Paris").build(), 1.0, 0.5)
 *         .add(TestSamples.qa("s2").completion("<answer>Rome</answer>").reference("Paris").build(), 0.0, -0.5)
 *         .build();
 * CheckResult result = CheckHarness.of(new MyCheck()).check(batch);
 * }</pre>
 */
public final class CheckHarness {

    private final BatchCheck check;

    private CheckHarness(BatchCheck check) {
        this.check = check;
    }

    public static CheckHarness of(BatchCheck check) {
        return new CheckHarness(check);
    }

    public CheckResult check(ScoredBatch batch) {
        CheckResult result;
        try {
            result = check.check(batch);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            throw new AssertionError("check " + check.id() + ": " + CallContract.threw(e), e);
        }
        if (result == null) {
            Assertions.fail("check " + check.id() + ": " + CallContract.returnedNull("check"));
        }
        return result;
    }

    /**
     * The check's {@link BatchCheck#reportPlan()}, held to what a report reads from this result:
     * every declared metric is among its metrics, every breakdown's details key holds a map, the
     * reliability table's key a list. Fails the test naming the first key that is missing.
     */
    public ReportPlan reportPlan(CheckResult result) {
        ReportPlan plan = check.reportPlan();
        if (plan == null) {
            Assertions.fail("check " + check.id() + ": reportPlan() returned null (return ReportPlan.NONE)");
        }
        for (ReportPlan.Metric m : plan.metrics()) {
            Assertions.assertTrue(result.metrics().containsKey(m.key()),
                    "check " + check.id() + ": declared metric " + m.key() + " is not in " + result.metrics().keySet());
        }
        for (ReportPlan.Breakdown b : plan.breakdowns()) {
            Assertions.assertTrue(result.details().get(b.detailsKey()) instanceof Map<?, ?>,
                    "check " + check.id() + ": breakdown " + b.detailsKey() + " is not a map in the details");
        }
        if (plan.reliabilityDetails() != null) {
            Assertions.assertTrue(result.details().get(plan.reliabilityDetails()) instanceof List<?>,
                    "check " + check.id() + ": reliability table " + plan.reliabilityDetails() + " is not a list in the details");
        }
        return plan;
    }

    /** A scored batch to build, sample by sample (batch index 0). */
    public static BatchBuilder batch() {
        return new BatchBuilder();
    }

    /** Builds the {@link ScoredBatch} a check sees. */
    public static final class BatchBuilder {

        private final List<ScoredSample> samples = new ArrayList<>();
        private long index;

        private BatchBuilder() {
        }

        public BatchBuilder index(long index) {
            this.index = index;
            return this;
        }

        /** The whole-run call's batch ({@link ScoredBatch#WHOLE_RUN}), as a report's last call gives it. */
        public BatchBuilder wholeRun() {
            return index(ScoredBatch.WHOLE_RUN);
        }

        /** A sample with its reward and group-normalized advantage, no term results. */
        public BatchBuilder add(Sample sample, double reward, double advantage) {
            return add(sample, reward, advantage, Map.of());
        }

        /** A sample with its reward, advantage and the routed terms' results by term id. */
        public BatchBuilder add(Sample sample, double reward, double advantage, Map<String, TermResult> terms) {
            samples.add(new ScoredSample(sample.id(), sample.promptId(), Observation.of(sample), terms, reward, advantage));
            return this;
        }

        public ScoredBatch build() {
            return new ScoredBatch(index, samples);
        }
    }
}
