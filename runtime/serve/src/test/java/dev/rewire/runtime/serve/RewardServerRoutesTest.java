package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The route table on the wire: a real server on 127.0.0.1 whose host has not started (so no
 * request is scored): the token, 404 with the listing, 405 with Allow, 503 for scoring routes,
 * the routes that need no host, and the endpoint labels of {@code rewire_requests_seconds}.
 */
class RewardServerRoutesTest {

    private static final String TOKEN = "s3cret";
    private static final List<String> LOG = new CopyOnWriteArrayList<>();
    private static RewardServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = new RewardServer(new ServeOptions("127.0.0.1", 0, TOKEN, 8, 5, 1000, Domains.none(), 0, 100),
                new ServerMetrics(), LOG::add);
        server.start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.shutdown(1000);
    }

    private static HttpResponse<String> send(String method, String path, String body, boolean token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, true);
    }

    @Test
    void healthAnswersAnyMethodWithoutTheTokenAndEveryOtherPathWantsIt() throws Exception {
        for (String method : List.of("GET", "POST", "HEAD")) {
            HttpResponse<String> health = send(method, "/health", null, false);
            assertEquals(200, health.statusCode(), method);
        }
        assertEquals("{\"status\":\"up\"}", send("GET", "/health", null, false).body());
        for (String path : List.of("/ready", "/v1/score", "/nowhere")) {
            HttpResponse<String> denied = send("GET", path, null, false);
            assertEquals(401, denied.statusCode(), path + ": the token before the route");
            assertEquals("Bearer", denied.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals("{\"error\":\"missing or wrong bearer token (Authorization: Bearer T)\"}", denied.body());
        }
    }

    @Test
    void anUnknownPathIs404ListingEveryRouteAndAKnownOneWithAnotherMethodIs405WithAllow() throws Exception {
        HttpResponse<String> none = send("POST", "/nowhere", "{}");
        assertEquals(404, none.statusCode());
        assertEquals("{\"error\":\"no route /nowhere; POST /get_reward (OpenRLHF), /reward (slime), /verify, /seed_session, "
                + "/aggregate_metrics (NeMo Gym), /v1/score (Rewire); GET /health, /ready, /metrics, /stats, "
                + "/reverify_mode (NeMo Gym)\"}", none.body());
        HttpResponse<String> get = send("GET", "/v1/score", null);
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
        assertEquals("{\"error\":\"/v1/score takes POST\"}", get.body());
        HttpResponse<String> post = send("POST", "/ready", "{}");
        assertEquals(405, post.statusCode());
        assertEquals("{\"error\":\"/ready takes GET\"}", post.body());
        assertEquals("application/json", post.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void scoringRoutesAre503UntilTheHostHasStartedAndTheOthersAnswer() throws Exception {
        for (String path : List.of("/get_reward", "/reward", "/", "/verify", "/v1/score")) {
            HttpResponse<String> r = send("POST", path, "{}");
            assertEquals(503, r.statusCode(), path);
            assertEquals("{\"error\":\"not ready: the host is starting\"}", r.body(), path);
        }
        assertEquals(503, send("GET", "/ready", null).statusCode());
        assertEquals("{\"ready\":false}", send("GET", "/ready", null).body());
        assertEquals("{}", send("GET", "/stats", null).body());
        assertEquals("\"stateless\"", send("GET", "/reverify_mode", null).body());
        assertEquals("{}", send("POST", "/seed_session", "{\"responses_create_params\":{}}").body());
        HttpResponse<String> aggregate = send("POST", "/aggregate_metrics", "{\"verify_responses\":[]}");
        assertEquals(200, aggregate.statusCode());
        assertEquals("{\"group_level_metrics\":[],\"agent_metrics\":{},\"key_metrics\":{}}", aggregate.body());
        HttpResponse<String> bad = send("POST", "/aggregate_metrics", "{\"verify_responses\":");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().startsWith("{\"error\":\"malformed JSON: "), bad.body());
        HttpResponse<String> tooLarge = send("POST", "/aggregate_metrics", "x".repeat(1001));
        assertEquals(413, tooLarge.statusCode());
        assertEquals("{\"error\":\"request body over the limit of 1000 bytes (--max-body-bytes)\"}", tooLarge.body());
    }

    @Test
    void requestsAreMeasuredUnderTheirRoutesPathAndUnknownPathsUnderOneLabel() throws Exception {
        send("POST", "/v1/score", "{}");
        send("GET", "/v1/score", null);
        send("POST", "/no/such/path", "{}");
        send("POST", "/another", "{}");
        send("GET", "/another", null, false);
        String metrics = send("GET", "/metrics", null).body();
        for (String series : List.of("endpoint=\"/v1/score\",status=\"503\"", "endpoint=\"/v1/score\",status=\"405\"",
                "endpoint=\"unmatched\",status=\"404\"", "endpoint=\"unmatched\",status=\"401\"")) {
            assertTrue(metrics.contains("rewire_requests_seconds_count{" + series + "}"), series + " in\n" + metrics);
        }
        assertTrue(!metrics.contains("/no/such/path") && !metrics.contains("/another"), "no series per unknown path");
    }

    @Test
    void theReadyLineListsTheRoutesAsItAlwaysHas() {
        assertEquals("POST /get_reward /reward /verify /seed_session /aggregate_metrics /v1/score; "
                + "GET /health /ready /metrics /stats /reverify_mode", server.routeSummary());
    }
}
