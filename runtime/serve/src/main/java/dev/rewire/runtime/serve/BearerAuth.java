package dev.rewire.runtime.serve;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The bearer token every route but {@code /health} asks for ({@code --token}); none set, every request passes. Thread safe. */
final class BearerAuth {

    private final String token;

    BearerAuth(String token) {
        this.token = token;
    }

    /** Whether the request's {@code Authorization} header is {@code Bearer <token>}, compared in constant time. */
    boolean authorized(HttpServerExchange exchange) {
        if (token == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        String expected = "Bearer " + token;
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
