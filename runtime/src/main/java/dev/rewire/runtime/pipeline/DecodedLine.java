package dev.rewire.runtime.pipeline;

import dev.rewire.framework.model.Sample;

/**
 * One input line: a sample, or the reason it was rejected.
 *
 * @param line     1-based line number in the input
 * @param raw      the line as read
 * @param sample   the decoded sample, null when rejected
 * @param recordId the record's id when it could be read, else null
 * @param error    why the line was rejected, null when it was not
 */
public record DecodedLine(long line, String raw, Sample sample, String recordId, String error) {

    public boolean rejected() {
        return error != null;
    }
}
