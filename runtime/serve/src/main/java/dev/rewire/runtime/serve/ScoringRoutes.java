package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.JsonResponder.error;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The trainers' scoring routes: a body parsed by its route's {@link Protocol}, submitted to the
 * backend's {@link GroupBarrier} (then the {@link MicroBatcher}), and answered from there. Answers:
 * 200 scored; 400 malformed body or unusable fields (with the rejected items); 422 the policy threw
 * on the request's samples alone; 503 a policy rule blocked the batch, or the server is shutting
 * down; 500 the pipeline failed on the batch. Thread safe: one instance serves every scoring route,
 * numbering their requests in one sequence.
 */
final class ScoringRoutes {

    private final ServeOptions options;
    private final ServerMetrics metrics;
    private final JsonResponder responder;
    private final BodyReader bodies;
    private final Supplier<RewardServer.Backend> backend;
    private final BiConsumer<HttpServerExchange, Throwable> internalError;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param backend       the backend in force (null before the host has started; the routes need it)
     * @param internalError answers an unexpected failure (500, logged)
     */
    ScoringRoutes(ServeOptions options, ServerMetrics metrics, JsonResponder responder, BodyReader bodies,
                  Supplier<RewardServer.Backend> backend, BiConsumer<HttpServerExchange, Throwable> internalError) {
        this.options = options;
        this.metrics = metrics;
        this.responder = responder;
        this.bodies = bodies;
        this.backend = backend;
        this.internalError = internalError;
    }

    /** A trainer's scoring route: the body parsed by its protocol, scored by the micro-batcher, answered from there. */
    RouteTable.Handler route(Protocol protocol) {
        // dispatch: the exchange stays open after the body callback until the batcher answers
        return bodies.withBody((exchange, route, t0, body) -> exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            try {
                score(exchange, route.label(), protocol, backend.get(), body, t0);
            } catch (RuntimeException | StackOverflowError | LinkageError e) {
                internalError.accept(exchange, e);
            }
        }));
    }

    private void score(HttpServerExchange exchange, String path, Protocol protocol, RewardServer.Backend b, byte[] body,
                       long t0) {
        RequestContext context;
        ParsedRequest request;
        try {
            context = new RequestContext("r" + requests.incrementAndGet() + "-", options.domains(),
                    RequestHeaders.step(exchange), b.logTerms(), RequestHeaders.scalar(exchange),
                    RequestHeaders.groupKey(exchange), RequestHeaders.groupSize(exchange, options.groupSize()));
            request = protocol.parse(RequestJson.parse(body), context);
        } catch (BadRequestException e) {
            Map<String, Object> out = error(e.getMessage());
            metrics.rejected(e.rejected().isEmpty() ? 1 : e.rejected().size());
            if (!e.rejected().isEmpty()) {
                out.put("rejected", e.rejected());
            }
            responder.send(exchange, StatusCodes.BAD_REQUEST, out, path, t0);
            return;
        }
        metrics.rejected(request.rejected().size());
        int groupSize = request.groupSize() >= 0 ? request.groupSize() : context.groupSize();
        b.barrier().submit(request.samples(), groupSize).whenComplete((scored, failure) ->
                answer(exchange, path, t0, protocol, request, context, scored, failure));
    }

    /** The answer once the request's batch is done: scored (200), its samples rejected alone (422), or failed. */
    private void answer(HttpServerExchange exchange, String path, long t0, Protocol protocol, ParsedRequest request,
                        RequestContext context, MicroBatcher.Scored scored, Throwable failure) {
        if (failure == null && !scored.poisoned().isEmpty() && (!protocol.answersItemByItem()
                || scored.poisoned().size() == request.samples().size())) {
            // the policy threw on this request's samples alone; the requests batched with it were scored
            Map.Entry<String, String> first = scored.poisoned().entrySet().iterator().next();
            Map<String, Object> out = error("sample " + first.getKey() + " rejected: " + first.getValue());
            out.put("rejected", scored.poisoned());
            responder.send(exchange, StatusCodes.UNPROCESSABLE_ENTITY, out, path, t0);
        } else if (failure == null) {
            responder.send(exchange, StatusCodes.OK, protocol.respond(request, scored, context), path, t0);
        } else {
            failed(exchange, path, t0, failure);
        }
    }

    /** A batch that failed: 503 when a rule blocked it or the server is shutting down, else 500 with the reason. */
    private void failed(HttpServerExchange exchange, String path, long t0, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof BlockedException blocked) {
            Map<String, Object> out = error(blocked.getMessage());
            out.put("blocked", Map.of("rule", blocked.rule(), "reason", blocked.reason()));
            responder.send(exchange, StatusCodes.SERVICE_UNAVAILABLE, out, path, t0);
        } else {
            responder.send(exchange, cause instanceof IllegalStateException && String.valueOf(cause.getMessage())
                            .contains("shutting down") ? StatusCodes.SERVICE_UNAVAILABLE
                            : StatusCodes.INTERNAL_SERVER_ERROR,
                    error("scoring failed: " + cause), path, t0);
        }
    }
}
