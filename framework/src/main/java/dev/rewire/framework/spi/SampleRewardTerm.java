package dev.rewire.framework.spi;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * A reward term that scores each sample on its own. An exception thrown for one sample makes that
 * sample's result an abstention carrying the error; the other samples are unaffected.
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
            } catch (RuntimeException e) {
                result = TermResult.failed(e);
            }
            results.add(result);
        }
        return results;
    }
}
