package dev.rewire.framework.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswersTest {

    @ParameterizedTest(name = "extract({0}) = {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "<answer>42</answer>|42",
        "<answer>1</answer> then <answer> 2 </answer>|2",
        "The result is \\boxed{\\frac{1}{2}}|\\frac{1}{2}",
        "\\boxed{1} and finally \\boxed{{a}+{b}}|{a}+{b}",
        "So the answer is 17.|17",
        "The final answer is: Paris|Paris",
        "the answer is 3. Or maybe the answer is 4.|4",
        "<answer>x</answer> and \\boxed{y}|x",
        "no answer here|NULL",
        "\\boxed{unclosed|NULL",
    })
    void extractsTheFinalAnswer(String completion, String expected) {
        assertEquals(expected, Answers.extract(completion));
    }

    @ParameterizedTest(name = "normalize({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "The Pacific Ocean|pacific ocean",
        "  Jane   Austen. |jane austen",
        "An apple|apple",
        "\u00c9toile!|\u00e9toile",
        "'quoted'|quoted",
    })
    void normalizesLikeSquad(String answer, String expected) {
        assertEquals(expected, Answers.normalize(answer));
    }

    @ParameterizedTest(name = "matches({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', value = {
        "42|42|true",
        "42.0|42|true",
        "1,234|1234|true",
        "\u22125|-5|true",
        "+7|7|true",
        "3/4|0.75|true",
        "\\frac{3}{4}|0.75|true",
        "17.|17|true",
        "$12$|12|true",
        "41|42|false",
        "1,23|123|false",
        "paris|Paris|true",
        "the Amazon|Amazon|true",
        "Sydney|Canberra|false",
    })
    void matchesNumericallyOrByNormalizedText(String answer, String reference, boolean expected) {
        assertEquals(expected, Answers.matches(answer, reference));
    }
}
