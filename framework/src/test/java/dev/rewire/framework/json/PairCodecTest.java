package dev.rewire.framework.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A judgment's timestamp says when the annotator gave it: the order they saw their items in. */
class PairCodecTest {

    private static String pair(String judgments) {
        return "{\"id\":\"p1\",\"prompt_id\":\"q\",\"prompt\":\"Q\",\"a\":\"A\",\"b\":\"B\",\"domain\":\"chat\","
                + "\"judgments\":[" + judgments + "]}";
    }

    @Test
    void timestampsAreEpochMillisecondsOrIsoInstants() throws Exception {
        PreferencePair p = PairCodec.decode(pair("{\"annotator\":\"u\",\"pick\":\"a\",\"timestamp\":1767225600000},"
                + "{\"annotator\":\"u\",\"pick\":\"b\",\"timestamp\":\"2026-01-01T00:00:01Z\"},"
                + "{\"annotator\":\"u\",\"pick\":\"tie\"}"));
        assertEquals(1767225600000L, p.judgments().get(0).timestamp());
        assertEquals(1767225601000L, p.judgments().get(1).timestamp());
        assertNull(p.judgments().get(2).timestamp());
    }

    @Test
    void aBadTimestampIsNamed() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> PairCodec.decode(pair("{\"annotator\":\"u\",\"pick\":\"a\",\"timestamp\":\"yesterday\"}")));
        assertTrue(e.getMessage().contains("timestamp must be milliseconds since the epoch or an ISO-8601 instant, "
                + "got \"yesterday\""), e.getMessage());
    }

    /** By timestamp where every judgment has one, else round by round; input order breaks ties. */
    @Test
    void judgmentsInTheOrderSeen() {
        Judgment late = new Judgment("u", "a", 1, "ab", null, 1L, 30L);
        Judgment early = new Judgment("u", "b", 2, "ab", null, 1L, 10L);
        assertEquals(List.of(early, late), Judgment.inOrderSeen(List.of(late, early)));
        Judgment r2 = new Judgment("u", "a", 2, "ab", null, 1L);
        Judgment r1 = new Judgment("u", "b", 1, "ab", null, 1L);
        Judgment r1b = new Judgment("u", "a", 1, "ba", null, 1L);
        assertEquals(List.of(r1, r1b, r2), Judgment.inOrderSeen(List.of(r2, r1, r1b)));
        assertEquals(List.of(r1, r2), Judgment.inOrderSeen(List.of(r2.round() == 2 ? r1 : r2, r2)));
    }
}
