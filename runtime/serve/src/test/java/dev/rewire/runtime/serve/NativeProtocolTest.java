package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.ServeFixtures.context;
import static dev.rewire.runtime.serve.ServeFixtures.json;
import static dev.rewire.runtime.serve.ServeFixtures.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewire.framework.record.RewardRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/score}: Rewire's own format, item by item (NativeProtocol's contract). */
class NativeProtocolTest {

    private final NativeProtocol protocol = new NativeProtocol();

    @Test
    void aListOfSamplesIsDecodedWithIdsStepAndGroupSizeFromTheBody() throws Exception {
        ParsedRequest bare = protocol.parse(json("[{\"prompt\":\"1+1?\",\"completion\":\"2\"}]"), context());
        assertEquals("r1-0", bare.samples().get(0).id(), "an item without an id gets the request's prefix and index");
        assertEquals(-1, bare.groupSize(), "no group_size: the request context's");

        ParsedRequest wrapped = protocol.parse(json("{\"samples\":[{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"x\"}],"
                + "\"step\":7,\"group_size\":4}"), context());
        assertEquals(7L, wrapped.samples().get(0).step());
        assertEquals(4, wrapped.groupSize());
        assertEquals(1, wrapped.items());
    }

    @Test
    void aBodyThatIsNoListAndBadStepOrGroupSizeAre400sNamingTheField() {
        assertEquals("the body must be a list of samples, or {\"samples\": [...], \"step\": N}",
                assertThrows(BadRequestException.class, () -> protocol.parse(json("{\"prompt\":\"q\"}"), context())).getMessage());
        assertEquals("field 'step' must be a whole number >= 0, got -1",
                assertThrows(BadRequestException.class, () -> protocol.parse(json("{\"samples\":[],\"step\":-1}"), context()))
                        .getMessage());
        assertEquals("field 'group_size' must be a whole number in 0..1000000, got 2.5",
                assertThrows(BadRequestException.class,
                        () -> protocol.parse(json("{\"samples\":[],\"group_size\":2.5}"), context())).getMessage());
    }

    @Test
    void badItemsAndRepeatedIdsAreRejectedOneByOneAndTheOthersKept() throws Exception {
        ParsedRequest r = protocol.parse(json("[{\"id\":\"ok\",\"prompt\":\"q\",\"completion\":\"a\"}, 7,"
                + "{\"id\":\"bad\",\"prompt\":\"q\",\"completion\":\"a\",\"confidence\":1.7},"
                + "{\"id\":\"ok\",\"prompt\":\"q\",\"completion\":\"b\"},"
                + "{\"id\":\"ok2\",\"prompt\":\"q\",\"completion\":\"c\"}]"), context());
        assertEquals(List.of("ok", "ok2"), r.samples().stream().map(s -> s.id()).toList());
        assertArrayEquals(new int[] {0, 4}, r.positions());
        assertEquals(List.of(new ParsedRequest.Rejection(1, null, "sample must be a JSON object"),
                new ParsedRequest.Rejection(2, "bad", "confidence must be in [0,1], got 1.7"),
                new ParsedRequest.Rejection(3, "ok", "duplicate id 'ok' (first at index 0)")), r.rejected());
    }

    @Test
    void aRequestWhoseEveryItemIsBadIsA400ListingTheRejections() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> protocol.parse(json("[{\"prompt\":\"q\",\"completion\":\"a\",\"confidence\":7}, \"x\"]"), context()));
        assertEquals("every sample was rejected; first: index 0: confidence must be in [0,1], got 7.0", e.getMessage());
        assertEquals(2, e.rejected().size());
    }

    @Test
    void theAnswerAlignsRecordsWithItemsAndListsPoisonedSamplesAmongTheRejectedInItemOrder() throws Exception {
        ParsedRequest r = protocol.parse(json("[{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"x\"}, 7,"
                + "{\"id\":\"b\",\"prompt\":\"q\",\"completion\":\"y\"}, false]"), context("exact_match"));
        RewardRecord a = record("a", "q", 0, 1.0, null, "exact_match", 1.0);
        MicroBatcher.Scored scored = new MicroBatcher.Scored(Arrays.asList(a, null), ServeFixtures.POLICY,
                Map.of("b", "rule \"r\" threw: boom"));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) protocol.respond(r, scored, context("exact_match"));
        assertEquals(List.of("records", "rejected", "policy", "log_terms"), List.copyOf(out.keySet()));
        List<?> records = (List<?>) out.get("records");
        assertEquals(4, records.size());
        assertSame(a, records.get(0));
        assertNull(records.get(1));
        assertNull(records.get(2), "the poisoned sample has no record");
        assertEquals(List.of(new ParsedRequest.Rejection(1, null, "sample must be a JSON object"),
                new ParsedRequest.Rejection(2, "b", "rule \"r\" threw: boom"),
                new ParsedRequest.Rejection(3, null, "sample must be a JSON object")), out.get("rejected"));
        assertEquals(ServeFixtures.POLICY, out.get("policy"));
        assertEquals(List.of("exact_match"), out.get("log_terms"));
    }
}
