package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.JsonResponder.error;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.StatusCodes;
import java.util.function.BiConsumer;

/**
 * Routes that need the whole request body: it is read ({@link RequestBodies}) before their handler
 * runs; a body over {@code --max-body-bytes} is answered 413, a broken one 400. Thread safe.
 */
final class BodyReader {

    /** A handler that has the whole request body. */
    @FunctionalInterface
    interface BodyHandler {
        void handle(HttpServerExchange exchange, RouteTable.Route route, long t0, byte[] body);
    }

    private final ServeOptions options;
    private final JsonResponder responder;

    BodyReader(ServeOptions options, JsonResponder responder) {
        this.options = options;
        this.responder = responder;
    }

    /** A route handler that reads the body, then hands it to {@code then}. */
    RouteTable.Handler withBody(BodyHandler then) {
        return (exchange, route, t0) -> readBody(exchange, route.label(), t0, (ex, body) -> then.handle(ex, route, t0, body));
    }

    /** Reads the whole body, then {@code then}; a body over the limit is answered 413, a broken one 400. */
    private void readBody(HttpServerExchange exchange, String path, long t0, BiConsumer<HttpServerExchange, byte[]> then) {
        RequestBodies.read(exchange, options.maxBodyBytes(), new RequestBodies.Handler() {
            @Override
            public void body(HttpServerExchange ex, byte[] body) {
                then.accept(ex, body);
            }

            @Override
            public void tooLarge(HttpServerExchange ex) {
                responder.send(ex, StatusCodes.REQUEST_ENTITY_TOO_LARGE, error("request body over the limit of "
                        + options.maxBodyBytes() + " bytes (--max-body-bytes)"), path, t0);
            }

            @Override
            public void failed(HttpServerExchange ex, Exception e) {
                if (e instanceof RequestTooBigException) {
                    tooLarge(ex);
                    return;
                }
                responder.send(ex, StatusCodes.BAD_REQUEST, error("could not read the request body: "
                        + e.getMessage()), path, t0);
            }
        });
    }
}
