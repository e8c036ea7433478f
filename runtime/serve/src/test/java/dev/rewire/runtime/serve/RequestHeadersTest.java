package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;

/** A scoring request's step, group key and size from its headers, and ?scalar from its query. */
class RequestHeadersTest {

    /** An exchange as Undertow builds it for a request with these headers (name, value pairs). */
    private static HttpServerExchange request(String... headers) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getRequestHeaders().put(new HttpString(headers[i]), headers[i + 1]);
        }
        return exchange;
    }

    @Test
    void theStepIsAWholeNumberAtLeastZeroOrAbsent() throws Exception {
        assertNull(RequestHeaders.step(request()));
        assertEquals(12L, RequestHeaders.step(request("X-Rewire-Step", " 12 ")));
        for (String bad : new String[] {"-1", "1.5", "twelve"}) {
            assertEquals("header X-Rewire-Step must be a whole number >= 0, got '" + bad + "'", assertThrows(
                    BadRequestException.class, () -> RequestHeaders.step(request("X-Rewire-Step", bad))).getMessage());
        }
    }

    @Test
    void theGroupKeyIsTrimmedAndMustNotBeBlank() throws Exception {
        assertNull(RequestHeaders.groupKey(request()));
        assertEquals("prompt-7", RequestHeaders.groupKey(request("X-Rewire-Group", " prompt-7 ")));
        assertEquals("header X-Rewire-Group must not be blank", assertThrows(BadRequestException.class,
                () -> RequestHeaders.groupKey(request("X-Rewire-Group", "  "))).getMessage());
    }

    @Test
    void theGroupSizeHeaderOverridesTheServersWithinItsRange() throws Exception {
        assertEquals(8, RequestHeaders.groupSize(request(), 8), "--group-size when the request says none");
        assertEquals(0, RequestHeaders.groupSize(request("X-Rewire-Group-Size", "0"), 8), "0 turns the barrier off");
        assertEquals(1_000_000, RequestHeaders.groupSize(request("X-Rewire-Group-Size", "1000000"), 8));
        assertEquals("header X-Rewire-Group-Size must be a whole number in 0..1000000, got '1000001'", assertThrows(
                BadRequestException.class, () -> RequestHeaders.groupSize(request("X-Rewire-Group-Size", "1000001"), 8))
                .getMessage());
    }

    @Test
    void scalarIsAskedForByTheBareParameterEmptyOrTrue() {
        assertFalse(RequestHeaders.scalar(request()));
        for (String value : new String[] {"", "true", "TRUE"}) {
            HttpServerExchange e = request();
            e.addQueryParam("scalar", value);
            assertTrue(RequestHeaders.scalar(e), "'" + value + "'");
        }
        HttpServerExchange no = request();
        no.addQueryParam("scalar", "false");
        assertFalse(RequestHeaders.scalar(no));
    }
}
