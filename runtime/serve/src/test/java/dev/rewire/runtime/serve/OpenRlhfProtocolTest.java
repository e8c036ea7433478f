package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.ServeFixtures.context;
import static dev.rewire.runtime.serve.ServeFixtures.json;
import static dev.rewire.runtime.serve.ServeFixtures.protocolBody;
import static dev.rewire.runtime.serve.ServeFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.GroupInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /get_reward}: OpenRLHF's remote reward model, on the body its agent.py sends. */
class OpenRlhfProtocolTest {

    private final OpenRlhfProtocol protocol = new OpenRlhfProtocol();

    @Test
    void theCompletionIsTheQueryLessItsPromptAndTheLabelIsTheReference() throws Exception {
        JsonNode body = protocolBody("openrlhf_get_reward.json");
        ParsedRequest r = protocol.parse(body, context());
        Sample s = r.samples().get(0);
        String query = body.get("query").get(0).textValue();
        String prompt = body.get("prompts").get(0).textValue();
        assertTrue(query.startsWith(prompt) && prompt.length() > 0, "the captured body sends prompt+response");
        assertEquals(prompt, s.prompt());
        assertEquals(query.substring(prompt.length()), s.completion());
        assertEquals("38", s.reference());
        assertEquals("r1-0", s.id());
    }

    @Test
    void withoutPromptsTheWholeQueryIsTheCompletionAndAnEmptyLabelIsNoReference() throws Exception {
        ParsedRequest r = protocol.parse(json("{\"query\":[\"2+2? 4\"],\"labels\":[\"\"]}"), context());
        assertEquals("2+2? 4", r.samples().get(0).completion());
        assertEquals("", r.samples().get(0).prompt());
        assertNull(r.samples().get(0).reference());
    }

    @Test
    void emptyListsAreAnEmptyRequest() throws Exception {
        ParsedRequest r = protocol.parse(json("{\"query\":[],\"prompts\":[],\"labels\":[]}"), context("t"));
        assertEquals(0, r.samples().size());
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) protocol.respond(r,
                new MicroBatcher.Scored(List.of(), null), context("t"));
        assertEquals(List.of(), out.get("rewards"));
        assertEquals(Map.of("t", List.of(), "rewire_group_size", List.of(), "rewire_group_complete", List.of()),
                out.get("extra_logs"));
    }

    @Test
    void anyBadItemFailsTheRequestNamingTheField() {
        assertEquals("field 'query' must be a list (missing)",
                assertThrows(BadRequestException.class, () -> protocol.parse(json("{\"prompts\":[]}"), context())).getMessage());
        assertEquals("field 'prompts' must be a list of 1 items, like 'query'",
                assertThrows(BadRequestException.class,
                        () -> protocol.parse(json("{\"query\":[\"a\"],\"prompts\":[\"a\",\"b\"]}"), context())).getMessage());
        assertEquals("query[1] must be a string",
                assertThrows(BadRequestException.class, () -> protocol.parse(json("{\"query\":[\"a\",3]}"), context()))
                        .getMessage());
        assertEquals("the body must be a JSON object {\"query\", \"prompts\", \"labels\"}",
                assertThrows(BadRequestException.class, () -> protocol.parse(json("[]"), context())).getMessage());
    }

    @Test
    void theAnswerLogsEveryLogTermPerSampleZeroWhereNotScoredAndTheGroupBesideIt() throws Exception {
        ParsedRequest r = protocol.parse(json("{\"query\":[\"a\",\"b\"]}"), context());
        MicroBatcher.Scored scored = new MicroBatcher.Scored(List.of(
                record("r1-0", "p", 0, 0.5, new GroupInfo(2, true, 2), "exact_match", 1.0, "format", null),
                record("r1-1", "p", 0, -0.25, null, "format", 0.25)), ServeFixtures.POLICY);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) protocol.respond(r, scored, context("exact_match", "format"));
        assertEquals(List.of(0.5, -0.25), out.get("rewards"));
        assertEquals(out.get("rewards"), out.get("scores"));
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> logs = (Map<String, List<Double>>) out.get("extra_logs");
        assertEquals(List.of("exact_match", "format", "rewire_group_size", "rewire_group_complete"), List.copyOf(logs.keySet()));
        assertEquals(List.of(1.0, 0.0), logs.get("exact_match"), "a term not routed to a sample is 0");
        assertEquals(List.of(0.0, 0.25), logs.get("format"), "an abstention is 0");
        assertEquals(List.of(2.0, 1.0), logs.get("rewire_group_size"), "a record with no group was a group of 1");
        assertEquals(List.of(1.0, 0.0), logs.get("rewire_group_complete"));
    }
}
