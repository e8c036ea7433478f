package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.ServeFixtures.json;
import static dev.rewire.runtime.serve.ServeFixtures.protocolBody;
import static dev.rewire.runtime.serve.ServeFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.RewardRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /reward}: slime's remote_rm, on the bodies its rm_hub sends. */
class SlimeProtocolTest {

    private final SlimeProtocol protocol = new SlimeProtocol();

    @Test
    void theResponseIsTheCompletionAndTheLabelTheReference() throws Exception {
        JsonNode body = protocolBody("slime_reward_string_prompt.json");
        Sample s = protocol.parse(body, ServeFixtures.context()).samples().get(0);
        assertEquals(body.get("prompt").textValue(), s.prompt());
        assertEquals(body.get("response").textValue(), s.completion());
        assertEquals("38", s.reference());
    }

    @Test
    void aMessagesPromptIsKeptAndGroupsByItsMessages() throws Exception {
        JsonNode body = protocolBody("slime_reward_messages_prompt.json");
        Sample s = protocol.parse(body, ServeFixtures.context()).samples().get(0);
        assertEquals(body.get("response").textValue(), s.completion());
        assertTrue(s.promptId().startsWith("p-"), "a prompt of messages is a group key: " + s.promptId());
        Sample again = protocol.parse(body, ServeFixtures.context()).samples().get(0);
        assertEquals(s.promptId(), again.promptId(), "the same messages, the same group");
    }

    @Test
    void aReferenceInTheBodyWinsOverTheLabelAndOtherFieldsStayOnTheSample() throws Exception {
        Sample s = protocol.parse(json("{\"prompt\":\"q\",\"response\":\"a\",\"label\":\"L\",\"reference\":\"R\","
                + "\"domain\":\"math\",\"difficulty\":3}"), ServeFixtures.context()).samples().get(0);
        assertEquals("R", s.reference());
        assertEquals("math", s.domain());
        assertEquals(3, ((Number) s.fields().get("difficulty")).intValue());
    }

    @Test
    void aMissingOrBadResponseIsA400InSlimesTerms() {
        assertEquals("missing required field 'response'", assertThrows(BadRequestException.class,
                () -> protocol.parse(json("{\"prompt\":\"q\"}"), ServeFixtures.context())).getMessage());
        BadRequestException bad = assertThrows(BadRequestException.class,
                () -> protocol.parse(json("{\"prompt\":\"q\",\"response\":{\"x\":1}}"), ServeFixtures.context()));
        assertTrue(bad.getMessage().contains("'response'") && !bad.getMessage().contains("'completion'"), bad.getMessage());
    }

    @Test
    void theAnswerIsTheRecordOrWithScalarTheBareReward() throws Exception {
        ParsedRequest r = protocol.parse(json("{\"prompt\":\"q\",\"response\":\"a\"}"), ServeFixtures.context());
        RewardRecord rec = record("r1-0", "q", 0, 0.75, null, "exact_match", 1.0);
        MicroBatcher.Scored scored = new MicroBatcher.Scored(List.of(rec), ServeFixtures.POLICY);
        assertSame(rec, protocol.respond(r, scored, ServeFixtures.context()));
        RequestContext scalar = new RequestContext("r1-", Domains.none(), null, List.of(), true, null, 0);
        assertEquals(0.75, protocol.respond(r, scored, scalar));
    }
}
