package dev.rewire.framework.policy;

/**
 * A promotion rule's decision about the candidate policy: {@link Kind#PROMOTE} makes it the live
 * policy from the next batch on; {@link Kind#ROLLBACK} stops shadowing it. Both are audited with
 * the reason and the rule's name.
 */
public final class ShadowAction {

    public enum Kind { PROMOTE, ROLLBACK }

    private final Kind kind;
    private final String reason;
    private final String rule;

    public ShadowAction(Kind kind, String reason, String rule) {
        this.kind = kind;
        this.reason = reason;
        this.rule = rule;
    }

    public Kind getKind() { return kind; }
    public String getReason() { return reason; }
    public String getRule() { return rule; }
}
