package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A served sample's domain: its own > --domain-map[data_source] > --domain > data_source > unknown. */
class DomainsTest {

    private static String domainOf(Domains domains, String sample) throws Exception {
        ObjectNode node = (ObjectNode) ServeFixtures.json(sample);
        domains.apply(node);
        return dev.rewire.framework.json.SampleCodec.decode(node, "x").domain();
    }

    @Test
    void theOrderIsOwnThenMapThenDefaultThenDataSourceThenUnknown() throws Exception {
        Domains d = Domains.of("math", List.of("openai/gsm8k=qa"));
        assertEquals("code", domainOf(d, "{\"prompt\":\"q\",\"completion\":\"a\",\"domain\":\"code\",\"data_source\":\"openai/gsm8k\"}"));
        assertEquals("qa", domainOf(d, "{\"prompt\":\"q\",\"completion\":\"a\",\"data_source\":\"openai/gsm8k\"}"));
        assertEquals("math", domainOf(d, "{\"prompt\":\"q\",\"completion\":\"a\",\"data_source\":\"lighteval/MATH\"}"),
                "--domain holds over a data_source the map does not name");
        assertEquals("lighteval/MATH", domainOf(Domains.none(),
                "{\"prompt\":\"q\",\"completion\":\"a\",\"data_source\":\"lighteval/MATH\"}"));
        assertEquals("unknown", domainOf(Domains.none(), "{\"prompt\":\"q\",\"completion\":\"a\"}"));
    }

    @Test
    void mapEntriesMayBeCommaSeparatedAndTheLastEqualsSplits() {
        Domains d = Domains.of(null, List.of("openai/gsm8k=math, openai/humaneval=code", "a=b=c"));
        assertEquals(Map.of("openai/gsm8k", "math", "openai/humaneval", "code", "a=b", "c"), d.bySource());
    }

    @Test
    void anEntryWithoutSourceOrDomainIsRefusedNamingIt() {
        for (String bad : List.of("gsm8k", "=math", "gsm8k=")) {
            assertEquals("--domain-map takes SOURCE=DOMAIN (e.g. openai/gsm8k=math), got '" + bad + "'",
                    assertThrows(IllegalArgumentException.class, () -> Domains.of(null, List.of(bad))).getMessage());
        }
    }

    @Test
    void readyDescribesTheDefaultTheMapAndTheOrder() {
        Map<String, Object> described = Domains.of("math", List.of("s=qa")).describe();
        assertEquals(List.of("default", "map", "precedence"), List.copyOf(described.keySet()));
        assertEquals("math", described.get("default"));
        assertEquals(Map.of("s", "qa"), described.get("map"));
        assertEquals("domain field > --domain-map[data_source] > --domain > data_source > unknown", described.get("precedence"));
        assertFalse(Domains.none().describe().containsValue("math"));
    }
}
