package dev.rewire.runtime.serve;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Deque;

/**
 * What a scoring request says beside its body, in headers and the query: the trainer's step
 * ({@code X-Rewire-Step}), a group key and size ({@code X-Rewire-Group}, {@code X-Rewire-Group-Size})
 * and {@code ?scalar}. A bad value is a 400 naming the header and what it takes. Stateless.
 */
final class RequestHeaders {

    private static final HttpString STEP_HEADER = new HttpString("X-Rewire-Step");
    private static final HttpString GROUP_HEADER = new HttpString("X-Rewire-Group");
    private static final HttpString GROUP_SIZE_HEADER = new HttpString("X-Rewire-Group-Size");

    private RequestHeaders() {
    }

    /** {@code X-Rewire-Step}: a whole number >= 0, or null when absent. */
    static Long step(HttpServerExchange exchange) throws BadRequestException {
        String header = exchange.getRequestHeaders().getFirst(STEP_HEADER);
        if (header == null) {
            return null;
        }
        try {
            long step = Long.parseLong(header.trim());
            if (step < 0) {
                throw new NumberFormatException();
            }
            return step;
        } catch (NumberFormatException e) {
            throw new BadRequestException("header X-Rewire-Step must be a whole number >= 0, got '" + header + "'");
        }
    }

    /** The {@code X-Rewire-Group} header: a group key for the request's samples that name none. */
    static String groupKey(HttpServerExchange exchange) throws BadRequestException {
        String header = exchange.getRequestHeaders().getFirst(GROUP_HEADER);
        if (header == null) {
            return null;
        }
        if (header.isBlank()) {
            throw new BadRequestException("header X-Rewire-Group must not be blank");
        }
        return header.trim();
    }

    /** {@code X-Rewire-Group-Size}, else {@code fallback} ({@code --group-size}). */
    static int groupSize(HttpServerExchange exchange, int fallback) throws BadRequestException {
        String header = exchange.getRequestHeaders().getFirst(GROUP_SIZE_HEADER);
        if (header == null) {
            return fallback;
        }
        try {
            int size = Integer.parseInt(header.trim());
            if (size < 0 || size > 1_000_000) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new BadRequestException("header X-Rewire-Group-Size must be a whole number in 0..1000000, got '"
                    + header + "'");
        }
    }

    /** {@code ?scalar}, {@code ?scalar=} or {@code ?scalar=true}: a bare number where the protocol allows one. */
    static boolean scalar(HttpServerExchange exchange) {
        Deque<String> v = exchange.getQueryParameters().get("scalar");
        return v != null && (v.isEmpty() || v.peekFirst().isEmpty() || Boolean.parseBoolean(v.peekFirst()));
    }
}
