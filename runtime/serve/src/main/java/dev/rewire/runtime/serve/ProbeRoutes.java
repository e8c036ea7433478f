package dev.rewire.runtime.serve;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The routes that report on the server rather than score: {@code /health} (liveness),
 * {@code /ready} (the host's state) and {@code /stats} (the served figures), each read from the
 * backend in force at the time of the request (null before the host has started). Thread safe.
 */
final class ProbeRoutes {

    private final JsonResponder responder;
    private final Supplier<RewardServer.Backend> backend;

    ProbeRoutes(JsonResponder responder, Supplier<RewardServer.Backend> backend) {
        this.responder = responder;
        this.backend = backend;
    }

    /** Liveness: 200 while the micro-batcher beats (or before the host is up), 503 with the reason otherwise. */
    void health(HttpServerExchange exchange, RouteTable.Route route, long t0) {
        RewardServer.Backend serving = backend.get();
        String sick = serving == null ? null : serving.unhealthy();
        responder.send(exchange, sick == null ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
                sick == null ? Map.of("status", "up") : Map.of("status", "down", "reason", sick), route.label(), t0);
    }

    /** 200 with the host's state once it has started and is healthy; 503 before, or with the reason. */
    void ready(HttpServerExchange exchange, RouteTable.Route route, long t0) {
        RewardServer.Backend b = backend.get();
        String sick = b == null ? null : b.unhealthy();
        responder.send(exchange, b == null || sick != null ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.OK,
                b == null ? Map.of("ready", false) : sick != null ? Map.of("ready", false, "reason", sick)
                        : b.readiness(), route.label(), t0);
    }

    /** The served figures under the names trainers log; {@code {}} before the host has started. */
    void stats(HttpServerExchange exchange, RouteTable.Route route, long t0) {
        RewardServer.Backend b = backend.get();
        responder.send(exchange, StatusCodes.OK, b == null ? Map.of() : b.stats(), route.label(), t0);
    }
}
