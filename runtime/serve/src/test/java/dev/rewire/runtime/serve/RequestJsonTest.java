package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request bodies parsed under the limits a body within the size limit can still break. */
class RequestJsonTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String why(String body) {
        return assertThrows(BadRequestException.class, () -> RequestJson.parse(bytes(body))).getMessage();
    }

    @Test
    void anEmptyBodyAndMalformedJsonSayWhereAndWhy() {
        assertEquals("the request body is empty; send JSON", why(""));
        String malformed = why("{\"query\": [\"x\"\n");
        assertTrue(malformed.startsWith("malformed JSON: ") && malformed.endsWith("(line 2, column 1)"), malformed);
    }

    @Test
    void nestingUpToTheLimitIsTakenAndOneLevelMoreIsA400() throws Exception {
        int depth = RequestJson.MAX_DEPTH;
        assertEquals(depth, countDepth(RequestJson.parse(bytes("[".repeat(depth) + "]".repeat(depth)))));
        assertEquals("JSON nested deeper than 64 levels", why("[".repeat(depth + 1) + "]".repeat(depth + 1)));
    }

    @Test
    void numbersUpToTheLimitAreTakenAndLongerOnesAreA400() throws Exception {
        String longest = "1".repeat(RequestJson.MAX_NUMBER_CHARS);
        assertEquals(longest, RequestJson.parse(bytes("{\"n\":" + longest + "}")).get("n").asText());
        assertEquals("a JSON number longer than 100 characters", why("{\"n\":" + longest + "1}"));
    }

    @Test
    void aValidBodyIsItsTree() throws Exception {
        assertEquals(ServeFixtures.json("{\"a\":[1,2.5,\"x\",null]}"), RequestJson.parse(bytes("{\"a\":[1,2.5,\"x\",null]}")));
    }

    private static int countDepth(com.fasterxml.jackson.databind.JsonNode node) {
        int depth = 0;
        while (node != null && node.isContainerNode()) {
            depth++;
            node = node.size() == 0 ? null : node.get(0);
        }
        return depth;
    }
}
