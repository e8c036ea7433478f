package dev.rewire.framework.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.Sample;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleCodecTest {

    private static final String BASE = "\"id\":\"s1\",\"prompt_id\":\"p1\",\"domain\":\"qa\",\"prompt\":\"Q?\",\"completion\":\"A\"";

    @Test
    void decodesEveryField() throws Exception {
        Sample s = SampleCodec.decode("{" + BASE + ",\"source\":\"human\",\"reference\":\"A\",\"confidence\":0.25,"
                + "\"answer_token_probs\":[[0.9,0.05],[0.6,0.3]],\"rm_score\":-1.5,\"approved\":true,"
                + "\"judgments\":[{\"annotator\":\"x\",\"pick\":\"approve\",\"round\":2,\"time_ms\":1200}],\"extra\":1}");
        assertEquals("s1", s.id());
        assertEquals("p1", s.promptId());
        assertEquals("human", s.source());
        assertEquals("A", s.reference());
        assertEquals(0.25, s.confidence());
        assertEquals(0.3, s.answerTokenProbs().get(1)[1]);
        assertEquals(-1.5, s.rmScore());
        assertEquals(true, s.approved());
        assertEquals(new Judgment("x", "approve", 2, null, null, 1200L), s.judgments().get(0));
    }

    @Test
    void optionalFieldsDefault() throws Exception {
        Sample s = SampleCodec.decode("{" + BASE + "}");
        assertEquals("unknown", s.source());
        assertNull(s.reference());
        assertNull(s.confidence());
        assertEquals(0, s.judgments().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\":\"s1\"|malformed JSON: Unexpected end-of-input",
        "[1,2]|record must be a JSON object",
        "{\"id\":\"s1\",\"prompt_id\":\"p\",\"domain\":\"qa\",\"prompt\":\"q\"}|missing required field 'completion'",
        "{\"id\":7}|field 'id' must be a string, got number 7",
        "{BASE,\"confidence\":\"high\"}|field 'confidence' must be a number, got string \"high\"",
        "{BASE,\"confidence\":1.3}|confidence must be in [0,1], got 1.3",
        "{BASE,\"confidence\":-0.1}|confidence must be in [0,1], got -0.1",
        "{BASE,\"approved\":\"yes\"}|field 'approved' must be true or false, got string \"yes\"",
        "{BASE,\"answer_token_probs\":[[0.2,0.5]]}|answer_token_probs[0] must satisfy 0 <= p_top2 <= p_top1 <= 1, got [0.2, 0.5]",
        "{BASE,\"judgments\":[{\"annotator\":\"a\"}]}|missing required field 'judgments[0].pick'",
        "{BASE,\"judgments\":[{\"annotator\":\"a\",\"pick\":\"a\",\"shown_order\":\"x\"}]}|shown_order must be \"ab\" or \"ba\", got \"x\"",
        "{BASE} {}|malformed JSON: Trailing token",
        "{\"id\":\"a\\ud800b\",\"prompt\":\"q\",\"completion\":\"c\"}|field 'id' holds an unpaired surrogate \\ud800 at character 2",
        "{BASE,\"reference\":\"\\udc00\"}|field 'reference' holds an unpaired surrogate \\udc00 at character 1",
        "{BASE,\"confidence\":NaN}|malformed JSON: Non-standard token 'NaN' (JSON has no NaN or Infinity: write null, or leave the field out)",
        "{BASE,\"rm_score\":-Infinity}|malformed JSON: Non-standard token '-Infinity' (JSON has no NaN or Infinity: write null, or leave the field out)",
        "{BASE,\"rm_score\":1e400}|field 'rm_score' is a number beyond the range of a double (over 1.8e308 in size)",
        "{BASE,\"reference\":-1e400}|field 'reference' is a number beyond the range of a double (over 1.8e308 in size)",
        "{\"id\":\"t\",\"prompt\":\"q\",\"completion\":\"c\",\"reward_model\":{\"ground_truth\":1e999}}|field 'reward_model.ground_truth' is a number beyond",
        "{BASE} {}|malformed JSON: Trailing token (of type START_OBJECT) found after value$",
        "{\"id\":\"t\",\"prompt\":\"q\",\"completion\":\"c\",\"uid\":{\"a\":1}}|field 'uid' must be a string or a whole number (it names the sample's group), got object {\"a\":1}",
        "{\"id\":\"t\",\"prompt\":\"q\",\"completion\":\"c\",\"_ng_task_index\":1.5}|field '_ng_task_index' must be a string or a whole number (it names the sample's group), got number 1.5",
        "{\"id\":\"t\",\"prompt\":\"q\",\"completion\":\"c\",\"extra_info\":{\"index\":[1]}}|field 'extra_info.index' must be a string or a whole number (it names the sample's group), got array [1]",
        "{\"id\":\"t\",\"prompt\":\"q\",\"response\":\"c\",\"label\":\"4\"}|missing required field 'completion' (this is a slime request ('prompt', 'response', 'label'): rewire serve answers it at POST /reward; a sample names its response 'completion')",
        "{\"id\":\"t\",\"query\":[\"qc\"],\"prompts\":[\"q\"],\"labels\":[\"4\"]}|missing required field 'prompt' (this is an OpenRLHF request ('query', 'prompts', 'labels'): rewire serve answers it at POST /get_reward)",
        "{\"id\":\"t\",\"responses_create_params\":{\"input\":[]},\"response\":{\"output\":[]}}|missing required field 'prompt' (this is a NeMo Gym /verify request: rewire serve answers it at POST /verify)",
    })
    void rejectsWithTheFieldAndTheProblem(String line, String expected) {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> SampleCodec.decode(line.replace("BASE", BASE)));
        // "$" at the end: the whole message, nothing after it (Jackson's advice to a Java programmer left out)
        boolean whole = expected.endsWith("$");
        String want = whole ? expected.substring(0, expected.length() - 1) : expected;
        assertEquals(true, whole ? e.getMessage().equals(want) : e.getMessage().startsWith(want),
                () -> "message was: " + e.getMessage());
    }

    @Test
    void jsonOverALimitIsNamedAsSuch() {
        String deep = "{\"id\":\"d\",\"prompt\":\"q\",\"completion\":\"c\",\"x\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        assertEquals("JSON over a limit: nested deeper than 1000 levels",
                assertThrows(InvalidRecordException.class, () -> SampleCodec.decode(deep)).getMessage());
        String number = "{\"id\":\"d\",\"prompt\":\"q\",\"completion\":\"c\",\"rm_score\":" + "9".repeat(1200) + "}";
        assertEquals("JSON over a limit: a number longer than 1000 characters",
                assertThrows(InvalidRecordException.class, () -> SampleCodec.decode(number)).getMessage());
    }

    @Test
    void nestingUnderTheLimitIsKept() throws Exception {
        String deep = "{\"id\":\"d\",\"prompt\":\"q\",\"completion\":\"c\",\"extra_info\":"
                + "{\"a\":".repeat(900) + "1" + "}".repeat(900) + "}";
        assertTrue(SampleCodec.decode(deep).fields().containsKey("extra_info"));
    }

    @Test
    void rejectionCarriesTheIdWhenReadable() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> SampleCodec.decode("{" + BASE + ",\"confidence\":2}"));
        assertEquals("s1", e.recordId());
    }

    @Test
    void readsTheShapesTrainersSend() throws Exception {
        // TRL conversational: prompt and completion as chat messages; no id, no prompt_id, no domain.
        Sample chat = SampleCodec.decode("{\"prompt\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"2+2?\"}],"
                + "\"completion\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"<answer>4</answer>\"}]}],"
                + "\"solution\":\"4\"}", "line-3");
        assertEquals("line-3", chat.id());
        assertEquals("system: Be brief.\nuser: 2+2?", chat.prompt());
        assertEquals("<answer>4</answer>", chat.completion());
        assertEquals("unknown", chat.domain());
        assertTrue(chat.promptId().matches("p-[0-9a-f]{16}"), chat.promptId());
        assertEquals("4", chat.fields().get("solution"));

        // veRL row: data_source is the domain, reward_model.ground_truth the reference (any JSON type).
        Sample verl = SampleCodec.decode("{\"prompt\":\"2+2?\",\"completion\":\"4\",\"data_source\":\"gsm8k\","
                + "\"reward_model\":{\"ground_truth\":4},\"extra_info\":{\"index\":7},\"step\":12}", "line-4");
        assertEquals("gsm8k", verl.domain());
        assertEquals("4", verl.reference());
        assertEquals(12L, verl.step());
        assertEquals(Map.of("index", 7), verl.fields().get("extra_info"));
        assertEquals("gsm8k", verl.fields().get("data_source"));

        // veRL's dataset row is its group: extra_info.index, qualified by data_source
        assertEquals("row-gsm8k/7", verl.promptId());

        // without an index, the same prompt text gives the same group, whoever sent it
        Sample other = SampleCodec.decode("{\"prompt\":\"2+2?\",\"completion\":\"5\",\"ground_truth\":[1,2]}", "x");
        Sample third = SampleCodec.decode("{\"prompt\":\"2+2?\",\"completion\":\"4\"}", "y");
        assertEquals(third.promptId(), other.promptId());
        assertTrue(other.promptId().matches("p-[0-9a-f]{16}"), other.promptId());
        assertEquals("[1,2]", other.reference());
    }

    @Test
    void groupKeysComeFromWhatTrainersSendAndNeverFromAnEmptyPrompt() throws Exception {
        // an explicit prompt_id wins over everything
        assertEquals("g1", SampleCodec.decode("{\"prompt_id\":\"g1\",\"uid\":\"u\",\"prompt\":\"q\",\"completion\":\"a\"}", "a").promptId());
        // veRL's uid (one per prompt per batch), before the row and the text
        assertEquals("uid-u7", SampleCodec.decode("{\"uid\":\"u7\",\"prompt\":\"q\",\"completion\":\"a\","
                + "\"extra_info\":{\"index\":3}}", "a").promptId());
        // NeMo Gym's task index
        assertEquals("task-12", SampleCodec.decode("{\"_ng_task_index\":12,\"prompt\":\"q\",\"completion\":\"a\"}", "a").promptId());
        // veRL's row, with its split
        assertEquals("row-openai/gsm8k/train/5", SampleCodec.decode("{\"data_source\":\"openai/gsm8k\",\"prompt\":\"\","
                + "\"completion\":\"a\",\"extra_info\":{\"split\":\"train\",\"index\":5}}", "a").promptId());
        // no prompt and nothing else: a group of one each, never one group of every prompt-less sample
        Sample a = SampleCodec.decode("{\"prompt\":\"\",\"completion\":\"1\"}", "line-1");
        Sample b = SampleCodec.decode("{\"prompt\":\"  \",\"completion\":\"2\"}", "line-2");
        Sample c = SampleCodec.decode("{\"prompt\":[],\"completion\":\"3\"}", "line-3");
        assertEquals("solo-line-1", a.promptId());
        assertEquals("solo-line-2", b.promptId());
        assertEquals("solo-line-3", c.promptId());
        assertTrue(GroupKeys.isSolo(a.promptId()));
        // messages group by their content
        Sample m1 = SampleCodec.decode("{\"prompt\":[{\"role\":\"user\",\"content\":\"2+2?\"}],\"completion\":\"4\"}", "m1");
        Sample m2 = SampleCodec.decode("{\"prompt\":[{\"role\":\"user\",\"content\":\"2+2?\"}],\"completion\":\"5\"}", "m2");
        assertEquals(m1.promptId(), m2.promptId());
        assertFalse(GroupKeys.isSolo(m1.promptId()));
    }

    @Test
    void anIdIsRequiredWhereNoFallbackIsGiven() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> SampleCodec.decode("{\"prompt\":\"q\",\"completion\":\"a\"}"));
        assertEquals("missing required field 'id'", e.getMessage());
        InvalidRecordException chat = assertThrows(InvalidRecordException.class,
                () -> SampleCodec.decode("{\"id\":\"c\",\"prompt\":[{\"role\":\"user\"}],\"completion\":\"a\"}"));
        assertEquals("field 'prompt[0]' must be a chat message {\"role\", \"content\"}", chat.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\":\"\",\"prompt\":\"q\",\"completion\":\"c\"}|field 'id' is empty",
        "{\"id\":\"  \",\"prompt\":\"q\",\"completion\":\"c\"}|field 'id' is empty",
        "{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\",\"judgments\":[{\"annotator\":\"x\",\"pick\":\"maybe\"}]}"
                + "|judgments[0].pick must be approve, reject or skip, got \"maybe\"",
        "{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\",\"judgments\":[{\"annotator\":\"\",\"pick\":\"approve\"}]}"
                + "|judgments[0].annotator is empty",
        "{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\",\"id\":\"b\"}|malformed JSON: Duplicate field 'id'",
        "{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\",\"x\":{\"k\":1,\"k\":2}}|malformed JSON: Duplicate field 'k'"})
    void emptyIdsPicksOutsideTheVocabularyEmptyAnnotatorsAndDuplicateKeysAreRejected(String line, String error) {
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> SampleCodec.decode(line, "line-1"));
        assertEquals(error, e.getMessage());
    }
}
