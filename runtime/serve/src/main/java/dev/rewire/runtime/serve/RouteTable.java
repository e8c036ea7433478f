package dev.rewire.runtime.serve;

import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every route {@code rewire serve} answers, in one list: the method, the path, who calls it, what it
 * needs before it runs, and its handler. Dispatch ({@link #match}), the 404 and 405 answers
 * ({@link #listing}, {@link WrongMethod#allowed}), the {@code endpoint} label of
 * {@code rewire_requests_seconds} ({@link Route#label}) and the ready line's list of routes
 * ({@link #summary}) all read it, so a route added here is served, listed and measured at once.
 *
 * <p>Paths match exactly (no templates, no trailing-slash folding), as they always have. Built once
 * by {@link Builder}; immutable and thread safe after.
 */
final class RouteTable {

    /** What a route needs before its handler runs; checked by the server in this order. */
    enum Needs {
        /** Nothing: no token, any method, before the host has started (liveness probes). */
        NOTHING,
        /** The bearer token, when the server has one (401 otherwise). */
        TOKEN,
        /** The token and the started host (503 {@code not ready: the host is starting} until then). */
        HOST
    }

    /** Answers one request that matched its route; {@code t0} is when the request arrived (for its latency). */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServerExchange exchange, Route route, long t0);
    }

    /**
     * One route.
     *
     * @param method    the method it takes ({@code GET}, {@code POST})
     * @param path      the exact path; also the {@code endpoint} label of its requests
     * @param caller    the trainer that calls it ({@code OpenRLHF}, ...), shown in the 404 listing; null: an operator's route
     * @param needs     what it needs before the handler runs
     * @param anyMethod it answers every method, not only {@code method} ({@code /health}: probes use GET or HEAD)
     * @param listed    shown in the 404 listing and the ready line (false for an alias such as slime's {@code /})
     * @param handler   what answers it
     */
    record Route(String method, String path, String caller, Needs needs, boolean anyMethod, boolean listed,
                 Handler handler) {

        Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(needs, "needs");
            Objects.requireNonNull(handler, "handler");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a route's path starts with '/': " + path);
            }
        }

        /** The {@code endpoint} label of this route's requests in {@code rewire_requests_seconds}. */
        String label() {
            return path;
        }

        boolean takes(String requestMethod) {
            return anyMethod || method.equals(requestMethod);
        }
    }

    /** What a request's method and path come to. */
    sealed interface Match permits Found, NoRoute, WrongMethod {
    }

    /** A route takes the request. */
    record Found(Route route) implements Match {
    }

    /** No route has the path: 404, with the {@link #listing}. */
    record NoRoute(String path) implements Match {
    }

    /** Routes have the path but none takes the method: 405, with the methods they take. */
    record WrongMethod(String path, List<String> allowed) implements Match {
    }

    /**
     * The {@code endpoint} label of a request no route took. One label for every such path: a
     * client probing random paths must not grow the registry by a series per path.
     */
    static final String UNMATCHED_LABEL = "unmatched";

    private final List<Route> routes;
    private final Map<String, List<Route>> byPath;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        Map<String, List<Route>> paths = new LinkedHashMap<>();
        for (Route r : routes) {
            List<Route> same = paths.computeIfAbsent(r.path(), p -> new ArrayList<>());
            for (Route other : same) {
                if (other.method().equals(r.method()) || other.anyMethod() || r.anyMethod()) {
                    throw new IllegalArgumentException("two routes for " + r.method() + " " + r.path());
                }
            }
            same.add(r);
        }
        paths.replaceAll((p, list) -> List.copyOf(list));
        this.byPath = Map.copyOf(paths);
    }

    static Builder builder() {
        return new Builder();
    }

    /** Every route, in the order they were added. */
    List<Route> routes() {
        return routes;
    }

    /** The route for a request, or why none. */
    Match match(String method, String path) {
        List<Route> candidates = byPath.get(path);
        if (candidates == null) {
            return new NoRoute(path);
        }
        for (Route r : candidates) {
            if (r.takes(method)) {
                return new Found(r);
            }
        }
        return new WrongMethod(path, candidates.stream().map(Route::method).toList());
    }

    /**
     * The {@code endpoint} label of a request to {@code path} that did not reach a handler (401,
     * 503 while stopping, 500): the path when a route has it, else {@link #UNMATCHED_LABEL}.
     */
    String label(String path) {
        return byPath.containsKey(path) ? path : UNMATCHED_LABEL;
    }

    /** The route that answers {@code path} whatever the method or token ({@link Needs#NOTHING}), or null. */
    Route open(String path) {
        List<Route> candidates = byPath.get(path);
        if (candidates == null) {
            return null;
        }
        return candidates.stream().filter(r -> r.needs() == Needs.NOTHING).findFirst().orElse(null);
    }

    /**
     * The listed routes for a 404 answer, method by method in the order first added, each run of
     * routes of one caller followed by the caller:
     * {@code POST /get_reward (OpenRLHF), /reward (slime), ...; GET /health, ...}.
     */
    String listing() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Route>> method : listedByMethod().entrySet()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(method.getKey()).append(' ');
            List<Route> list = method.getValue();
            for (int i = 0; i < list.size(); i++) {
                Route r = list.get(i);
                out.append(i == 0 ? "" : ", ").append(r.path());
                boolean lastOfCaller = i == list.size() - 1 || !Objects.equals(r.caller(), list.get(i + 1).caller());
                if (lastOfCaller && r.caller() != null) {
                    out.append(" (").append(r.caller()).append(')');
                }
            }
        }
        return out.toString();
    }

    /** The listed routes in one line, for the log: {@code POST /get_reward /reward ...; GET /health ...}. */
    String summary() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Route>> method : listedByMethod().entrySet()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(method.getKey());
            method.getValue().forEach(r -> out.append(' ').append(r.path()));
        }
        return out.toString();
    }

    private Map<String, List<Route>> listedByMethod() {
        Map<String, List<Route>> out = new LinkedHashMap<>();
        for (Route r : routes) {
            if (r.listed()) {
                out.computeIfAbsent(r.method(), m -> new ArrayList<>()).add(r);
            }
        }
        return out;
    }

    /** Adds routes in the order they are listed. Not thread safe; used once, by the server's constructor. */
    static final class Builder {

        private final List<Route> routes = new ArrayList<>();

        Builder get(String path, String caller, Needs needs, Handler handler) {
            return add(new Route("GET", path, caller, needs, false, true, handler));
        }

        Builder post(String path, String caller, Needs needs, Handler handler) {
            return add(new Route("POST", path, caller, needs, false, true, handler));
        }

        /** A route every method reaches, listed under GET (a liveness probe). */
        Builder anyMethod(String path, String caller, Needs needs, Handler handler) {
            return add(new Route("GET", path, caller, needs, true, true, handler));
        }

        /** {@code path} answers as {@code existing} does (same method, needs and handler), unlisted. */
        Builder alias(String path, String existing) {
            Route of = routes.stream().filter(r -> r.path().equals(existing)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no route " + existing + " to alias"));
            return add(new Route(of.method(), path, of.caller(), of.needs(), of.anyMethod(), false, of.handler()));
        }

        private Builder add(Route route) {
            routes.add(route);
            return this;
        }

        RouteTable build() {
            return new RouteTable(routes);
        }
    }
}
