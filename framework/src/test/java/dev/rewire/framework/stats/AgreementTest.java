package dev.rewire.framework.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AgreementTest {

    static JsonNode golden;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = AgreementTest.class.getResourceAsStream("/golden/agreement.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    private static List<Object> labels(JsonNode array) {
        List<Object> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.asInt()));
        return out;
    }

    @Test
    void krippendorffNominalWithMissingRatings() {
        JsonNode v = golden.get("vectorD_krippendorff_nominal");
        List<List<Object>> units = new ArrayList<>();
        v.get("units").forEach(u -> units.add(labels(u)));
        assertEquals(v.get("alpha").asDouble(), Agreement.krippendorffNominal(units), 1e-9);
    }

    @Test
    void twoCodersCohenAndKrippendorff() {
        JsonNode v = golden.get("vectorE_two_coders");
        List<Object> c1 = labels(v.get("c1"));
        List<Object> c2 = labels(v.get("c2"));
        assertEquals(v.get("p_o").asDouble(), Agreement.percentAgreement(c1, c2), 1e-9);
        assertEquals(v.get("cohen_kappa").asDouble(), Agreement.cohenKappa(c1, c2), 1e-9);
        List<List<Object>> units = new ArrayList<>();
        for (int i = 0; i < c1.size(); i++) {
            units.add(List.of(c1.get(i), c2.get(i)));
        }
        assertEquals(v.get("krippendorff_nominal").asDouble(), Agreement.krippendorffNominal(units), 1e-9);
        List<List<Integer>> numeric = new ArrayList<>();
        for (int i = 0; i < c1.size(); i++) {
            numeric.add(List.of((Integer) c1.get(i), (Integer) c2.get(i)));
        }
        assertEquals(v.get("krippendorff_nominal").asDouble(), Agreement.krippendorffInterval(numeric), 1e-9,
                "on 0/1 data the interval and nominal metrics coincide");
    }

    @Test
    void testRetestAgreementAndKappa() {
        JsonNode v = golden.get("test_retest");
        List<Object> s1 = new ArrayList<>(List.of(v.get("session1").asText().split("")));
        List<Object> s2 = new ArrayList<>(List.of(v.get("session2").asText().split("")));
        assertEquals(v.get("agreement").asDouble(), Agreement.percentAgreement(s1, s2), 1e-9);
        assertEquals(v.get("cohen_kappa").asDouble(), Agreement.cohenKappa(s1, s2), 1e-9);
    }

    @Test
    void circularTriads() {
        for (JsonNode c : golden.get("circular_triads").get("cases")) {
            Map<String, Integer> index = new HashMap<>();
            c.get("items").forEach(i -> index.put(i.asText(), index.size()));
            int[] wins = new int[index.size()];
            c.get("wins").forEach(w -> wins[index.get(w.get(0).asText())]++);
            assertEquals(c.get("d").asDouble(), Agreement.circularTriads(wins), 1e-9);
            assertEquals(c.get("zeta").asDouble(), Agreement.consistence(wins), 1e-9);
        }
        assertEquals(0.0, Agreement.circularTriads(new int[] {2, 1, 0}), 1e-12, "a transitive triad");
        assertEquals(1.0, Agreement.circularTriads(new int[] {1, 1, 1}), 1e-12, "a cycle");
    }

    @Test
    void fleissKappaByHand() {
        // Three raters, four units: all agree on two units, split 2-1 on two.
        List<List<String>> units = List.of(List.of("a", "a", "a"), List.of("b", "b", "b"), List.of("a", "a", "b"),
                List.of("b", "b", "a"));
        // P_i = 1, 1, 1/3, 1/3 -> P_bar = 2/3; p_a = p_b = 1/2 -> P_e = 1/2; kappa = (2/3 - 1/2) / (1/2) = 1/3
        assertEquals(1.0 / 3, Agreement.fleissKappa(units), 1e-12);
    }

    /**
     * Krippendorff's (2011) reliability data: 4 coders, 12 units, values 1-5, some missing;
     * nominal alpha 0.743. Coders A and B as {@code Integer}, C and D as {@code Long}: the same
     * ratings, so the same alpha (comparing boxes by {@code equals} made every Integer-Long pair a
     * disagreement and gave 0.1667).
     */
    @Test
    void krippendorffNominalComparesNumbersByValueWhateverTheirBox() {
        Integer[][] ab = {{1, 1}, {2, 2}, {3, 3}, {3, 3}, {2, 2}, {1, 2}, {4, 4}, {1, 1}, {2, 2}, {null, 5},
                {null, null}, {null, 3}};
        Long[][] cd = {{null, 1L}, {3L, 2L}, {3L, 3L}, {3L, 3L}, {2L, 2L}, {3L, 4L}, {4L, 4L}, {2L, 1L}, {2L, 2L},
                {5L, 5L}, {1L, 1L}, {null, null}};
        List<List<Object>> mixed = new ArrayList<>();
        List<List<Object>> integers = new ArrayList<>();
        for (int u = 0; u < ab.length; u++) {
            List<Object> m = new ArrayList<>();
            List<Object> i = new ArrayList<>();
            for (Integer x : ab[u]) {
                m.add(x);
                i.add(x);
            }
            for (Long x : cd[u]) {
                m.add(x);
                i.add(x == null ? null : x.intValue());
            }
            mixed.add(m);
            integers.add(i);
        }
        assertEquals(0.7434, Agreement.krippendorffNominal(integers), 5e-5);
        assertEquals(0.7434, Agreement.krippendorffNominal(mixed), 5e-5);
        assertEquals(Agreement.krippendorffNominal(integers), Agreement.krippendorffNominal(mixed), 1e-12);
        List<List<Object>> decimals = new ArrayList<>();
        integers.forEach(u -> decimals.add(u.stream().map(x -> x == null ? null : (Object) ((Integer) x).doubleValue())
                .collect(java.util.stream.Collectors.toList())));
        assertEquals(Agreement.krippendorffNominal(integers), Agreement.krippendorffNominal(decimals), 1e-12,
                "1.0 is the rating 1");
    }

    @Test
    void cohenAndFleissCompareNumbersByValue() {
        List<Object> ints = List.of(1, 2, 1, 2, 1, 1);
        List<Object> longs = List.of(1L, 2L, 2L, 2L, 1L, 1L);
        List<Object> sameInts = List.of(1, 2, 2, 2, 1, 1);
        assertEquals(Agreement.cohenKappa(ints, sameInts), Agreement.cohenKappa(ints, longs), 1e-12);
        assertEquals(5.0 / 6, Agreement.percentAgreement(ints, longs), 1e-12);
        assertEquals(Agreement.fleissKappa(List.of(List.of(1, 1), List.of(2, 2), List.of(1, 2))),
                Agreement.fleissKappa(List.of(List.of(1, 1L), List.of(2L, 2), List.of(1L, 2))), 1e-12);
    }

    @Test
    void fleissKappaOfNothingIsUndefinedNotAnIndexError() {
        assertEquals(Double.NaN, Agreement.fleissKappa(List.of()));
        assertEquals(Double.NaN, Agreement.fleissKappa(List.of(List.of("a"), List.of("b"))),
                "one rater a unit: no pairs to agree");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Agreement.fleissKappa(List.of(List.of("a", "b"), List.of("a"))));
    }
}
