package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.JsonResponder.error;

import dev.rewire.runtime.serve.RouteTable.Needs;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The HTTP side of {@code rewire serve}, on Undertow: routes (one {@link RouteTable}, built in
 * {@link #routes()}), bearer auth ({@link BearerAuth}), body limits ({@link BodyReader}), sockets and
 * timeouts ({@link HttpTransport}), graceful shutdown. Request bodies are read and parsed on
 * Undertow's I/O threads, scored by the {@link MicroBatcher}'s thread ({@link ScoringRoutes}), and
 * answered from there ({@link JsonResponder}), so no thread ever blocks on a request.
 *
 * <p>Status codes: 200 scored; 400 malformed body or unusable fields (the reason in
 * {@code {"error"}}); 401 missing or wrong token; 404/405 unknown route or method; 413 body over the
 * limit; 422 the policy threw on the request's samples alone (the rule and the reason; the requests
 * batched with it are scored); 500 the pipeline failed on the batch (the reason); 503 not ready yet, shutting down, or a
 * policy rule blocked the batch ({@code {"error", "blocked": {"rule", "reason"}}}).
 */
public final class RewardServer implements AutoCloseable {

    /** How long open connections stay after the requests in flight were answered, answering 503 (see {@link #shutdown}). */
    private static final long LINGER_MILLIS = 500;

    private final ServerMetrics metrics;
    private final Consumer<String> log;
    private final BearerAuth auth;
    private final JsonResponder responder;
    private final BodyReader bodies;
    private final ScoringRoutes scoring;
    private final ProbeRoutes probes;
    private final RouteTable routes;
    private final GracefulShutdownHandler graceful;
    private final HttpTransport transport;
    private volatile Backend backend;
    /** Set when a stop begins: every new request is answered 503 with {@code Connection: close} and {@code Retry-After: 1}. */
    private volatile boolean stopping;

    /** What the server scores with once the host has started. */
    public interface Backend {
        MicroBatcher batcher();

        /** Where requests go to be scored: whole groups held for, then the micro-batcher. */
        GroupBarrier barrier();

        List<String> logTerms();

        /** The body of {@code GET /ready}: the host's state (policy, bundles, quarantines). */
        Map<String, Object> readiness();

        /** The body of {@code GET /stats}: the served figures under the names trainers log. */
        Map<String, Object> stats();

        /** Why the server cannot score now (the micro-batcher's heartbeat), or null when it can. */
        default String unhealthy() {
            return null;
        }
    }

    public RewardServer(ServeOptions options, ServerMetrics metrics, Consumer<String> log) {
        this.metrics = metrics;
        this.log = log;
        this.auth = new BearerAuth(options.token());
        this.responder = new JsonResponder(metrics);
        this.bodies = new BodyReader(options, responder);
        this.scoring = new ScoringRoutes(options, metrics, responder, bodies, () -> backend, this::internalError);
        this.probes = new ProbeRoutes(responder, () -> backend);
        this.routes = routes();
        graceful = new GracefulShutdownHandler(this::guarded);
        transport = new HttpTransport(options, this::gate, log);
        metrics.bind(transport.connections());
    }

    /** Starts listening; {@code /health} answers at once, the rest 503 until {@link #ready}. */
    public void start() {
        transport.start();
    }

    /** The host has started: scoring endpoints answer from now on. */
    public void ready(Backend backend) {
        this.backend = backend;
    }

    /** The bound address (the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return transport.address();
    }

    /** Before anything else: once a stop began, a new request is answered 503 and its connection closed. */
    private void gate(HttpServerExchange exchange) throws Exception {
        transport.connections().requested(exchange.getConnection().getPeerAddress());
        if (stopping) {
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            // a client that waits as asked comes back after the listener has closed, and is refused
            // cleanly, rather than landing in the accept queue as it closes (which resets the connection)
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            exchange.setPersistent(false);
            responder.send(exchange, StatusCodes.SERVICE_UNAVAILABLE, error("the server is shutting down"),
                    routes.label(exchange.getRequestPath()), System.nanoTime());
            return;
        }
        graceful.handleRequest(exchange);
    }

    /**
     * Every request, with no throwable left to Undertow (which would answer 500 with an empty body
     * and log a stack trace): an unexpected failure is answered 500 with the reason as JSON, logged in one line.
     */
    private void guarded(HttpServerExchange exchange) {
        try {
            route(exchange);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            internalError(exchange, e);
        }
    }

    private void internalError(HttpServerExchange exchange, Throwable e) {
        log.accept("serve: " + exchange.getRequestMethod() + " " + exchange.getRequestPath() + " failed: " + e);
        responder.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, error("internal error: " + e),
                routes.label(exchange.getRequestPath()), System.nanoTime());
    }

    /**
     * The route table: every endpoint, its caller, what it needs and its handler (see {@link RouteTable}).
     * A new protocol is one line here and its {@link Protocol} class.
     */
    private RouteTable routes() {
        return RouteTable.builder()
                .post("/get_reward", "OpenRLHF", Needs.HOST, scoring.route(new OpenRlhfProtocol()))
                .post("/reward", "slime", Needs.HOST, scoring.route(new SlimeProtocol()))
                .alias("/", "/reward")
                .post("/verify", "NeMo Gym", Needs.HOST, scoring.route(new NemoGymProtocol()))
                // NeMo Gym's session routes need no host: simple_agent posts /seed_session before every
                // rollout (Rewire keeps no per-rollout state), /aggregate_metrics after collection
                .post("/seed_session", "NeMo Gym", Needs.TOKEN,
                        bodies.withBody((ex, route, t0, body) -> responder.send(ex, StatusCodes.OK, NemoGymSession.seed(), route.label(), t0)))
                .post("/aggregate_metrics", "NeMo Gym", Needs.TOKEN, bodies.withBody((ex, route, t0, body) -> {
                    try {
                        responder.send(ex, StatusCodes.OK, NemoGymSession.aggregate(RequestJson.parse(body)), route.label(), t0);
                    } catch (BadRequestException e) {
                        responder.send(ex, StatusCodes.BAD_REQUEST, error(e.getMessage()), route.label(), t0);
                    }
                }))
                .post("/v1/score", "Rewire", Needs.HOST, scoring.route(new NativeProtocol()))
                .anyMethod("/health", null, Needs.NOTHING, probes::health)
                .get("/ready", null, Needs.TOKEN, probes::ready)
                .get("/metrics", null, Needs.TOKEN, (ex, route, t0) -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    ex.getResponseSender().send(metrics.scrape());
                })
                .get("/stats", null, Needs.TOKEN, probes::stats)
                // NeMo Gym's base resources server: /verify is a function of the request (under the policy in force)
                .get("/reverify_mode", "NeMo Gym", Needs.TOKEN,
                        (ex, route, t0) -> responder.send(ex, StatusCodes.OK, NemoGymSession.REVERIFY_MODE, route.label(), t0))
                .build();
    }

    /** The routes in one line, as the ready line lists them: {@code POST /get_reward ...; GET /health ...}. */
    String routeSummary() {
        return routes.summary();
    }

    /**
     * Every request, as the {@link RouteTable} says: a route that needs nothing ({@code /health})
     * answers at once, whatever the method; otherwise the token (401), the route (404 listing the
     * routes, 405 naming the methods the path takes, with {@code Allow}), the host when the route
     * needs it (503), then the route's handler.
     */
    private void route(HttpServerExchange exchange) {
        long t0 = System.nanoTime();
        String path = exchange.getRequestPath();
        RouteTable.Route open = routes.open(path);
        if (open != null) {
            open.handler().handle(exchange, open, t0);
            return;
        }
        if (!auth.authorized(exchange)) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            responder.send(exchange, StatusCodes.UNAUTHORIZED, error("missing or wrong bearer token (Authorization: Bearer T)"),
                    routes.label(path), t0);
            return;
        }
        RouteTable.Match match = routes.match(exchange.getRequestMethod().toString(), path);
        if (match instanceof RouteTable.NoRoute) {
            responder.send(exchange, StatusCodes.NOT_FOUND, error("no route " + path + "; " + routes.listing()),
                    RouteTable.UNMATCHED_LABEL, t0);
        } else if (match instanceof RouteTable.WrongMethod wrong) {
            exchange.getResponseHeaders().put(Headers.ALLOW, String.join(", ", wrong.allowed()));
            responder.send(exchange, StatusCodes.METHOD_NOT_ALLOWED, error(path + " takes " + String.join(" or ", wrong.allowed())),
                    path, t0);
        } else {
            RouteTable.Route route = ((RouteTable.Found) match).route();
            if (route.needs() == Needs.HOST && backend == null) {
                responder.send(exchange, StatusCodes.SERVICE_UNAVAILABLE, error("not ready: the host is starting"), route.label(), t0);
            } else {
                route.handler().handle(exchange, route, t0);
            }
        }
    }

    /**
     * Stops accepting requests (new ones get 503), waits up to {@code waitMillis} for those in
     * flight to be answered, then closes the listener.
     */
    public void shutdown(long waitMillis) {
        stopping = true;
        graceful.shutdown();
        try {
            if (!graceful.awaitShutdown(waitMillis)) {
                log.accept("serve: requests still in flight after " + waitMillis + " ms; closing anyway");
            }
            // No new connections from here on (a client reconnecting is refused, cleanly); one on a
            // keep-alive connection that sends its next request now still gets the 503 and the connection
            // closed, rather than a reset, while its connection stays a moment before it is closed.
            transport.stopAccepting();
            Thread.sleep(LINGER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }

    @Override
    public void close() {
        shutdown(30_000);
    }
}
