package dev.rewire.bundles.terms.answer;

import dev.rewire.framework.grading.Grade;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import org.osgi.service.component.annotations.Component;

/**
 * {@code exact_match}: 1 when the completion's final answer means the same as the sample's
 * reference, else 0. Range {0, 1}. The comparison is the domain's ({@link
 * dev.rewire.framework.grading.AnswerGrading}): the math verifier everywhere but text domains,
 * which keep SQuAD-style matching. Abstains when the sample has no reference; an answer that is
 * missing, unparsable or past the comparison's time limit scores 0 (never credited) and says why.
 * The record's {@code explanation} says what was extracted and how it compared.
 */
@Component(service = RewardTerm.class)
public final class ExactMatchTerm implements SampleRewardTerm {

    @Override
    public String id() {
        return "exact_match";
    }

    @Override
    public TermResult evaluate(Sample sample) {
        if (sample.reference() == null) {
            return TermResult.abstain("no reference");
        }
        Grade grade = sample.parsed().grade();
        return TermResult.of(grade.correct() ? 1.0 : 0.0).explained(grade.explanation());
    }
}
