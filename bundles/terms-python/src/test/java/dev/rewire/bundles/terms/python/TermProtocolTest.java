package dev.rewire.bundles.terms.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TermProtocolTest {

    static Sample sample(String id, String completion, String reference, Map<String, Object> fields) {
        return new Sample(id, "p", "math", "dataset", "2+2?", completion, null, reference, null, null, null, null,
                null, fields, null);
    }

    @Test
    void aRequestCarriesEverySampleWithItsFieldsAsJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("data_source", "gsm8k");
        fields.put("extra_info", Map.of("index", 7));
        fields.put("tags", List.of("a", true, 1.5));
        fields.put("none", null);
        Sample withTokens = new Sample("b", "p2", "qa", null, "q", "x", 12, null, null, null, null, null, null,
                Map.of(), 100L);
        String line = TermProtocol.request(List.of(sample("a", "The \"sum\" is \\boxed{4}\n", "4", fields), withTokens));
        assertEquals("{\"batch\":["
                + "{\"id\":\"a\",\"prompt_id\":\"p\",\"domain\":\"math\",\"source\":\"dataset\",\"prompt\":\"2+2?\","
                + "\"completion\":\"The \\\"sum\\\" is \\\\boxed{4}\\n\",\"reference\":\"4\",\"completion_tokens\":null,"
                + "\"step\":null,\"fields\":{\"data_source\":\"gsm8k\",\"extra_info\":{\"index\":7},"
                + "\"tags\":[\"a\",true,1.5],\"none\":null}},"
                + "{\"id\":\"b\",\"prompt_id\":\"p2\",\"domain\":\"qa\",\"source\":null,\"prompt\":\"q\",\"completion\":\"x\","
                + "\"reference\":null,\"completion_tokens\":12,\"step\":100,\"fields\":{}}]}", line);
        assertTrue(!line.contains("\n"), "one line");
    }

    @Test
    void aResponseGivesValuesAbstentionsAndDiagnostics() throws Exception {
        List<TermResult> r = TermProtocol.response("{\"values\":[1.0,null,0,-2.5],"
                + "\"reasons\":[null,\"function returned None\",null,null],"
                + "\"diagnostics\":[{\"length\":3},null,null,{\"x\":1,\"label\":\"no\"}]}", 4);
        assertEquals(TermResult.of(1.0, Map.of("length", 3.0)), r.get(0));
        assertEquals(TermResult.abstain("function returned None"), r.get(1));
        assertEquals(TermResult.of(0.0), r.get(2));
        assertEquals(TermResult.of(-2.5, Map.of("x", 1.0)), r.get(3), "non-numeric diagnostics are left out");
        assertEquals(List.of(TermResult.of(0.5)), TermProtocol.response("{\"values\":[0.5]}", 1), "reasons optional");
    }

    @Test
    void aBatchErrorMakesEverySampleAbstainWithIt() throws Exception {
        assertEquals(List.of(TermResult.abstain("error: ValueError: x"), TermResult.abstain("error: ValueError: x")),
                TermProtocol.response("{\"error\":\"error: ValueError: x\"}", 2));
    }

    @Test
    void aNullWithoutReasonStillAbstainsWithOne() throws Exception {
        assertEquals(TermResult.abstain("python returned neither a value nor a reason"),
                TermProtocol.response("{\"values\":[null]}", 1).get(0));
    }

    @Test
    void responsesThatBreakTheProtocolAreRefusedSayingHow() {
        assertEquals("response has 1 values for 2 samples", assertThrows(TermProtocol.ProtocolException.class,
                () -> TermProtocol.response("{\"values\":[1]}", 2)).getMessage());
        assertEquals("response has no 'values' list", assertThrows(TermProtocol.ProtocolException.class,
                () -> TermProtocol.response("{\"scores\":[1]}", 1)).getMessage());
        assertEquals("values[0] is yes, not a finite number or null", assertThrows(TermProtocol.ProtocolException.class,
                () -> TermProtocol.response("{\"values\":[\"yes\"]}", 1)).getMessage());
        assertTrue(assertThrows(TermProtocol.ProtocolException.class,
                () -> TermProtocol.response("{\"values\":[NaN]}", 1)).getMessage().startsWith("response is not JSON ("));
        assertEquals("response is not a JSON object: [1]", assertThrows(TermProtocol.ProtocolException.class,
                () -> TermProtocol.response("[1]", 1)).getMessage());
        assertEquals("response has text after its JSON object: {\"values\":[1]} {}",
                assertThrows(TermProtocol.ProtocolException.class,
                        () -> TermProtocol.response("{\"values\":[1]} {}", 1)).getMessage());
    }

    @Test
    void theHandshakeNamesTheLoadedFileOrWhyItDidNotLoad() throws Exception {
        TermProtocol.Handshake h = TermProtocol.handshake("{\"protocol\":\"rewire-term/1\",\"function\":\"f\","
                + "\"kind\":\"trl\",\"file\":\"/d/reward.py\",\"sha256\":\"ab12\",\"python\":\"3.11.7\"}");
        assertEquals(new TermProtocol.Handshake("f", "trl", "/d/reward.py", "ab12", "3.11.7", null), h);
        TermProtocol.Handshake failed = TermProtocol.handshake(
                "{\"protocol\":\"rewire-term/1\",\"error\":\"cannot load reward.py: error: SyntaxError: x\"}");
        assertEquals("cannot load reward.py: error: SyntaxError: x", failed.error());
        assertNull(failed.sha256());
        assertEquals("handshake speaks 'rewire-term/0', expected 'rewire-term/1': {\"protocol\":\"rewire-term/0\"}",
                assertThrows(TermProtocol.ProtocolException.class,
                        () -> TermProtocol.handshake("{\"protocol\":\"rewire-term/0\"}")).getMessage());
        assertEquals("handshake has no string 'sha256'", assertThrows(TermProtocol.ProtocolException.class,
                () -> TermProtocol.handshake("{\"protocol\":\"rewire-term/1\",\"function\":\"f\",\"kind\":\"trl\","
                        + "\"file\":\"/x\"}")).getMessage());
    }
}
