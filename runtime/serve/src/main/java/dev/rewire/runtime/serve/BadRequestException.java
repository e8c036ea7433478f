package dev.rewire.runtime.serve;

import java.util.List;

/**
 * A request the server cannot use; the message says which field and why, and is sent back with
 * 400, with the rejected items where the protocol reports them one by one.
 */
final class BadRequestException extends Exception {

    private final List<ParsedRequest.Rejection> rejected;

    BadRequestException(String message) {
        this(message, List.of());
    }

    BadRequestException(String message, List<ParsedRequest.Rejection> rejected) {
        super(message);
        this.rejected = rejected;
    }

    List<ParsedRequest.Rejection> rejected() {
        return rejected;
    }
}
