package dev.rewire.framework.policy;

/**
 * A decision about the whole batch. {@link Kind#BLOCK} stops the run before the batch is written.
 */
public final class BatchAction {

    public enum Kind { BLOCK }

    private final Kind kind;
    private final String reason;
    private final String rule;

    public BatchAction(Kind kind, String reason, String rule) {
        this.kind = kind;
        this.reason = reason;
        this.rule = rule;
    }

    public Kind getKind() { return kind; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }
}
