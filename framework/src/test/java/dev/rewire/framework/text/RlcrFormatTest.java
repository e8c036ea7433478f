package dev.rewire.framework.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RlcrFormatTest {

    private static final String OK = "<think>t</think><answer>a</answer><analysis>b</analysis><confidence>0.8</confidence>";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        OK + "|true",
        "preamble " + OK + "|true",
        OK + " trailing text|false",
        "<answer>a</answer><think>t</think><analysis>b</analysis><confidence>0.8</confidence>|false",
        "<think>t</think><answer>a</answer><confidence>0.8</confidence>|false",
    })
    void checksTheTagSequenceEndsTheCompletion(String completion, boolean expected) {
        assertEquals(expected, RlcrFormat.isWellFormed(completion));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "<confidence>0.8</confidence>|0.8|NULL",
        "<confidence>0.2</confidence> later <confidence> 1 </confidence>|1.0|NULL",
        "no tag|NaN|no <confidence> tag",
        "<confidence>high</confidence>|NaN|unparsable confidence \"high\"",
        "<confidence>1.2</confidence>|NaN|confidence 1.2 outside [0,1]",
        "<confidence>-0.1</confidence>|NaN|confidence -0.1 outside [0,1]",
    })
    void readsTheLastConfidenceTag(String completion, double value, String problem) {
        RlcrFormat.Confidence c = RlcrFormat.confidence(completion);
        assertEquals(value, c.value());
        assertEquals(problem, c.problem());
    }
}
