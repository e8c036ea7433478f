package dev.rewire.runtime.serve;

/** A policy rule blocked the batch these samples were in: nothing of it was scored. */
final class BlockedException extends RuntimeException {

    private final String rule;
    private final String reason;

    BlockedException(String rule, String reason) {
        super("blocked by rule \"" + rule + "\": " + reason);
        this.rule = rule;
        this.reason = reason;
    }

    String rule() {
        return rule;
    }

    String reason() {
        return reason;
    }
}
