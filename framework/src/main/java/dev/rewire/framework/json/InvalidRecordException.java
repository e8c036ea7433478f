package dev.rewire.framework.json;

/** A record that cannot be decoded; the message names the field and the problem. */
public class InvalidRecordException extends Exception {

    private final String recordId;

    public InvalidRecordException(String message, String recordId) {
        super(message);
        this.recordId = recordId;
    }

    /** The record's id when it could be read, else null. */
    public String recordId() {
        return recordId;
    }
}
