package dev.rewire.runtime.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rewire.framework.json.RewireJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How every JSON answer of {@code rewire serve} goes out: encoded, written on the connection's I/O
 * thread, and recorded in the {@link ServerMetrics} under its route label. Thread safe (stateless
 * besides the metrics).
 */
final class JsonResponder {

    private final ServerMetrics metrics;

    JsonResponder(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** An error body, {@code {"error": message}}, open for more fields ({@code rejected}, {@code blocked}). */
    static Map<String, Object> error(String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        return out;
    }

    /**
     * Sends a JSON body and records the request in the metrics. Called from the micro-batcher's
     * thread, it hands the encoding and the write to the connection's I/O thread: the batcher goes
     * back to scoring, and Undertow writes are cheapest from their own thread.
     */
    void send(HttpServerExchange exchange, int status, Object body, String path, long t0) {
        if (!exchange.isInIoThread()) {
            exchange.getIoThread().execute(() -> send(exchange, status, body, path, t0));
            return;
        }
        int code = status;
        byte[] bytes;
        try {
            bytes = RewireJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            code = StatusCodes.INTERNAL_SERVER_ERROR;
            bytes = ("{\"error\":\"could not encode the response: " + e.getOriginalMessage().replace('"', '\'') + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        if (code == StatusCodes.REQUEST_ENTITY_TOO_LARGE) {
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
        metrics.request(path, code, System.nanoTime() - t0);
    }
}
