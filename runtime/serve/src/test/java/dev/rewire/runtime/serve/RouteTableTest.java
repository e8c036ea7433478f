package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewire.runtime.serve.RouteTable.Needs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one list of routes: matching, 404/405, the listing and the summary, aliases. */
class RouteTableTest {

    private static final RouteTable.Handler NONE = (exchange, route, t0) -> {
        throw new AssertionError("not called in these tests");
    };

    private static RouteTable table() {
        return RouteTable.builder()
                .post("/get_reward", "OpenRLHF", Needs.HOST, NONE)
                .post("/reward", "slime", Needs.HOST, NONE)
                .alias("/", "/reward")
                .post("/verify", "NeMo Gym", Needs.HOST, NONE)
                .post("/seed_session", "NeMo Gym", Needs.TOKEN, NONE)
                .post("/v1/score", "Rewire", Needs.HOST, NONE)
                .anyMethod("/health", null, Needs.NOTHING, NONE)
                .get("/ready", null, Needs.TOKEN, NONE)
                .get("/reverify_mode", "NeMo Gym", Needs.TOKEN, NONE)
                .build();
    }

    @Test
    void aPathAndMethodFindTheirRouteAndAnAliasAnswersAsItsTarget() {
        RouteTable t = table();
        RouteTable.Route reward = assertInstanceOf(RouteTable.Found.class, t.match("POST", "/reward")).route();
        RouteTable.Route root = assertInstanceOf(RouteTable.Found.class, t.match("POST", "/")).route();
        assertSame(reward.handler(), root.handler());
        assertEquals("/", root.label(), "an alias is measured under its own path");
        assertEquals(Needs.HOST, root.needs());
        assertEquals("/reward", reward.label());
    }

    @Test
    void anUnknownPathIsNoRouteAndAKnownPathWithAnotherMethodNamesTheMethodsItTakes() {
        RouteTable t = table();
        assertEquals(new RouteTable.NoRoute("/nowhere"), t.match("POST", "/nowhere"));
        assertEquals(new RouteTable.NoRoute("/reward/"), t.match("POST", "/reward/"), "paths match exactly");
        assertEquals(new RouteTable.WrongMethod("/v1/score", List.of("POST")), t.match("GET", "/v1/score"));
        assertEquals(new RouteTable.WrongMethod("/ready", List.of("GET")), t.match("POST", "/ready"));
    }

    @Test
    void requestsThatReachNoHandlerAreLabelledByTheirRoutesPathOrAsUnmatched() {
        RouteTable t = table();
        assertEquals("/v1/score", t.label("/v1/score"));
        assertEquals("/", t.label("/"));
        assertEquals(RouteTable.UNMATCHED_LABEL, t.label("/v1/score/"));
        assertEquals("unmatched", t.label("/wp-admin"));
    }

    @Test
    void aProbeAnswersEveryMethodWithoutTheTokenAndIsTheOnlyOpenRoute() {
        RouteTable t = table();
        for (String method : List.of("GET", "HEAD", "POST")) {
            assertEquals("/health", assertInstanceOf(RouteTable.Found.class, t.match(method, "/health")).route().path());
        }
        assertEquals("/health", t.open("/health").path());
        assertNull(t.open("/ready"), "every other route needs the token");
        assertNull(t.open("/nowhere"));
    }

    @Test
    void theListingGroupsRoutesByMethodAndCallerAndLeavesAliasesOut() {
        assertEquals("POST /get_reward (OpenRLHF), /reward (slime), /verify, /seed_session (NeMo Gym), /v1/score (Rewire); "
                + "GET /health, /ready, /reverify_mode (NeMo Gym)", table().listing());
        assertEquals("POST /get_reward /reward /verify /seed_session /v1/score; GET /health /ready /reverify_mode",
                table().summary());
    }

    @Test
    void twoRoutesForOneMethodAndPathOrABadPathAreRefusedWhenTheTableIsBuilt() {
        assertEquals("two routes for POST /reward", assertThrows(IllegalArgumentException.class, () -> RouteTable.builder()
                .post("/reward", "slime", Needs.HOST, NONE).post("/reward", null, Needs.TOKEN, NONE).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RouteTable.builder()
                .anyMethod("/health", null, Needs.NOTHING, NONE).get("/health", null, Needs.TOKEN, NONE).build());
        assertThrows(IllegalArgumentException.class, () -> RouteTable.builder().get("ready", null, Needs.TOKEN, NONE));
        assertEquals("no route /reward to alias",
                assertThrows(IllegalArgumentException.class, () -> RouteTable.builder().alias("/", "/reward")).getMessage());
    }
}
