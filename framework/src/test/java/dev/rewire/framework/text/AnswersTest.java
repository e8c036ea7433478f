package dev.rewire.framework.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswersTest {

    @ParameterizedTest(name = "extract({0}) = {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "<answer>42</answer>|42",
        "<answer>The sum is $\\boxed{38}$.</answer>|38",
        "<answer>1</answer> then <answer> 2 </answer>|2",
        "The result is \\boxed{\\frac{1}{2}}|\\frac{1}{2}",
        "\\boxed{1} and finally \\boxed{{a}+{b}}|{a}+{b}",
        "So the answer is 17.|17",
        "The final answer is: Paris|Paris",
        "the answer is 3. Or maybe the answer is 4.|4",
        "<answer>x</answer> and \\boxed{y}|x",
        "no answer here|NULL",
        "\\boxed{unclosed|NULL",
        "<answer></answer>|''",
        "<answer>  spaced  </answer>|spaced",
        "<answer>a</answer><answer>b</answer><answer>c</answer>|c",
        "<answer>first</answer> text <answer>unclosed|first",
        "<answer>two words</answer>|two words",
        "\\boxed{\\sqrt{2}}|\\sqrt{2}",
        "\\boxed{x^{2}+{y}_{1}}|x^{2}+{y}_{1}",
        "\\boxed{1}\\boxed{2}|2",
        "\\boxed{2} and \\boxed{unclosed|2",
        "$\\boxed{\u22125}$|\u22125",
        "Thus the answer is 42|42",
        "THE ANSWER IS Paris.|Paris",
        "So the final answer is 3/4.|3/4",
        "The answer is: 12|12",
        "the answer is 1,234.|1,234",
        "the answer is 3.14.|3.14",
        "the answer is 9. But wait, recheck.|9",
        "I think the answer is Canberra, not Sydney.|Canberra, not Sydney",
        "<answer>tagged</answer> but the answer is untagged|tagged",
        "\\boxed{boxed} but the answer is text|boxed",
        "answer: 5|NULL",
        "<ANSWER>5</ANSWER>|NULL",
    })
    void extractsTheFinalAnswer(String completion, String expected) {
        assertEquals(expected, Answers.extract(completion));
    }

    /** Dashes, the unicode minus among them, are punctuation to SQuAD and go; "a" is an article and goes too. */
    @ParameterizedTest(name = "normalize({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "The Pacific Ocean|pacific ocean",
        "  Jane   Austen. |jane austen",
        "An apple|apple",
        "\u00c9toile!|\u00e9toile",
        "'quoted'|quoted",
        "the the the|''",
        "A|''",
        "Theory|theory",
        "anathema|anathema",
        "New York City|new york city",
        "new-york|new york",
        "U.S.A.|u s",
        "Hello, World!|hello world",
        "(parenthesized)|parenthesized",
        "[bracketed]|bracketed",
        "tab\tseparated|tab separated",
        "  leading and trailing  |leading and trailing",
        "\u201ccurly quotes\u201d|curly quotes",
        "\u2212 5|5",
        "\uff21\uff22\uff23|abc",
        "caf\u00e9|caf\u00e9",
        "x + y = z|x y z",
        "100%|100",
        "$5|5",
        "semi;colon|semi colon",
        "under_score|under score",
        "an the a|''",
        "The Beatles|beatles",
        "Ends with question?|ends with question",
        "a.m.|m",
        "ÀÉÎ|àéî",
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

    /** Plain decimals take a shortcut; padded, they take the full path: both must read the same. */
    @Test
    void plainDecimalsReadAsTheFullPathReadsThem() {
        java.util.Random random = new java.util.Random(13);
        String[] fixed = {"0", "-0", "+7", "5.", ".5", "-.25", "007", "1.000", "123456789012345678901234567890",
                "3.14159265358979323846", ".", "+", "-", "", "1e5", "1.2.3", "5..", "--1", "1,000", "0x10"};
        java.util.List<String> cases = new java.util.ArrayList<>(java.util.List.of(fixed));
        String chars = "0123456789.+-";
        for (int i = 0; i < 5000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(8); k >= 0; k--) {
                b.append(chars.charAt(random.nextInt(chars.length())));
            }
            cases.add(b.toString());
        }
        for (String c : cases) {
            double shortcut = Answers.numericValue(c);
            double full = Answers.numericValue(" " + c + " ");
            assertEquals(Double.doubleToLongBits(full), Double.doubleToLongBits(shortcut), "'" + c + "'");
        }
    }
}
