package dev.rewire.framework.spi;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * A reward term that scores each sample on its own: the usual kind (answer checks, formats,
 * lengths). An exception or error thrown for one sample, or a null result, makes that sample's
 * result an abstention carrying the reason; the other samples of its group are unaffected. (Out of
 * memory and other virtual-machine errors are not caught.) The contract of {@link RewardTerm}
 * (threading, state, deadlines) applies unchanged.
 */
public interface SampleRewardTerm extends RewardTerm {

    /** Scores one sample; abstains when the sample lacks what the term needs. */
    TermResult evaluate(Sample sample);

    @Override
    default List<TermResult> evaluate(Group group) {
        List<TermResult> results = new ArrayList<>(group.size());
        for (Sample sample : group.samples()) {
            TermResult result;
            try {
                result = evaluate(sample);
                if (result == null) {
                    result = TermResult.abstain("error: the term returned null");
                }
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError vm && !(vm instanceof StackOverflowError)) {
                    throw vm;
                }
                result = TermResult.failed(e);
            }
            results.add(result);
        }
        return results;
    }
}
