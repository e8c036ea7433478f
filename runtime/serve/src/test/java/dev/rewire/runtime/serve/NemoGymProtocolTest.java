package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.ServeFixtures.json;
import static dev.rewire.runtime.serve.ServeFixtures.protocolBody;
import static dev.rewire.runtime.serve.ServeFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /verify}: a NeMo Gym resources server, on the rollout its simple_agent posts. */
class NemoGymProtocolTest {

    private final NemoGymProtocol protocol = new NemoGymProtocol();

    @Test
    void theCompletionIsTheOutputTextOfMessagesAndTheTaskIsTheGroup() throws Exception {
        JsonNode body = protocolBody("nemo_gym_verify.json");
        Sample s = protocol.parse(body, ServeFixtures.context()).samples().get(0);
        assertEquals("The positive integers are $n = 1, 9, 10, 18$, so the sum is $\\boxed{38}$.", s.completion(),
                "the reasoning item's summary is not graded");
        assertEquals("user: " + body.at("/responses_create_params/input/0/content").textValue(), s.prompt());
        assertEquals("38", s.reference(), "expected_answer");
        assertEquals("task-0", s.promptId(), "a task's rollouts are one group");
    }

    @Test
    void theReferenceIsExpectedAnswerElseReferenceGroundTruthOrLabelAndAStringInputIsThePrompt() throws Exception {
        String rollout = "{\"responses_create_params\":{\"input\":\"Say 4\"},\"response\":{\"output\":[{\"type\":\"message\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"4\"},{\"type\":\"refusal\",\"text\":\"no\"}]}]}";
        Sample s = protocol.parse(json(rollout + ",\"ground_truth\":\"4\",\"label\":\"5\"}"), ServeFixtures.context())
                .samples().get(0);
        assertEquals("Say 4", s.prompt());
        assertEquals("4", s.completion(), "only output_text parts");
        assertEquals("4", s.reference(), "ground_truth comes before label");
        assertEquals("5", protocol.parse(json(rollout + ",\"label\":\"5\"}"), ServeFixtures.context())
                .samples().get(0).reference());
    }

    @Test
    void aRolloutWithoutItsPartsIsA400NamingThem() {
        assertEquals("field 'responses_create_params' must be an object (missing)", assertThrows(BadRequestException.class,
                () -> protocol.parse(json("{\"response\":{\"output\":[]}}"), ServeFixtures.context())).getMessage());
        assertEquals("field 'output' must be a list (missing)", assertThrows(BadRequestException.class,
                () -> protocol.parse(json("{\"responses_create_params\":{\"input\":\"q\"},\"response\":{}}"),
                        ServeFixtures.context())).getMessage());
        assertEquals("missing required field 'responses_create_params.input'", assertThrows(BadRequestException.class,
                () -> protocol.parse(json("{\"responses_create_params\":{},\"response\":{\"output\":[]}}"),
                        ServeFixtures.context())).getMessage());
    }

    @Test
    void theAnswerEchoesTheRolloutWithRewardComponentsTopLevelRewardsAndTheRecord() throws Exception {
        JsonNode body = protocolBody("nemo_gym_verify.json");
        ParsedRequest r = protocol.parse(body, ServeFixtures.context());
        MicroBatcher.Scored scored = new MicroBatcher.Scored(List.of(
                record("r1-0", "task-0", 3, 0.9, null, "exact_match", 1.0, "length_penalty", -0.1)), ServeFixtures.POLICY);
        ObjectNode out = (ObjectNode) protocol.respond(r, scored, ServeFixtures.context("exact_match", "length_penalty", "format"));
        assertEquals(body.get("responses_create_params"), out.get("responses_create_params"));
        assertEquals(body.get("expected_answer"), out.get("expected_answer"));
        assertEquals(0.9, out.get("reward").doubleValue());
        assertEquals(json("{\"exact_match\":1.0,\"length_penalty\":-0.1,\"format\":0.0}"), out.get("reward_components"));
        assertEquals(1.0, out.get("reward_exact_match").doubleValue());
        assertEquals(-0.1, out.get("reward_length_penalty").doubleValue());
        assertEquals(0.0, out.get("reward_format").doubleValue(), "a term not routed is 0 in Gym's numbers");
        assertEquals(RewireJson.mapper().valueToTree(scored.records().get(0)), out.get("rewire"));
        assertEquals(protocolBody("nemo_gym_verify.json"), body, "the request body itself is left as it was");
    }
}
