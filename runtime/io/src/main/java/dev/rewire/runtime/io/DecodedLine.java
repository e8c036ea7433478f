package dev.rewire.runtime.io;

/**
 * One input line: a decoded record, or the reason it was rejected.
 *
 * @param line     1-based line number in the input
 * @param raw      the line as read
 * @param value    the decoded record, null when rejected
 * @param recordId the record's id when it could be read, else null
 * @param error    why the line was rejected, null when it was not
 */
public record DecodedLine<T>(long line, String raw, T value, String recordId, String error) {

    public boolean rejected() {
        return error != null;
    }
}
