package dev.rewire.bundles.terms.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerTermsTest {

    private static Sample sample(String completion, String reference) {
        return TestSamples.qa("s").completion(completion).reference(reference).build();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "<answer>Paris</answer>|paris|1.0|NULL",
        "The answer is 1,024.|1024|1.0|NULL",
        "\\boxed{41}|42|0.0|NULL",
        "I do not know|42|0.0|NULL",
        "<answer>42</answer>|NULL|NaN|no reference",
    })
    void exactMatch(String completion, String reference, double value, String reason) {
        TermResult r = new ExactMatchTerm().evaluate(sample(completion, reference));
        assertEquals(value, r.value());
        assertEquals(reason, r.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<think>t</think><answer>a</answer><analysis>b</analysis><confidence>0.7</confidence>|1.0",
        "<think>t</think><answer>a</answer><analysis>b</analysis><confidence>high</confidence>|0.0",
        "<think>t</think><answer>a</answer><analysis>b</analysis><confidence>1.5</confidence>|0.0",
        "<think>t</think><answer>a</answer><analysis>b</analysis>|0.0",
        "<answer>a</answer>|0.0",
    })
    void format(String completion, double value) {
        assertEquals(value, new FormatTerm().evaluate(sample(completion, "a")).value());
    }
}
