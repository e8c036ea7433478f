package dev.rewire.runtime.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rejects a record whose id an earlier record already has, naming both lines; the first is kept.
 * Records are matched by id downstream (routes, results), so two with one id would mix their
 * rewards. The window bounds memory: {@code rewire score} remembers the ids of the last two
 * batches' worth of records, which covers every pair that could share a batch; duplicates farther
 * apart are scored in different batches and both written. Not thread safe.
 */
public final class DuplicateIds {

    private final Map<String, Long> seen;

    /** @param window how many recent ids to remember ({@code Integer.MAX_VALUE}: all of them) */
    public DuplicateIds(int window) {
        this.seen = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > window;
            }
        };
    }

    /** The line as it is, or rejected when its id was seen on an earlier line. */
    public <T> DecodedLine<T> check(DecodedLine<T> line) {
        if (line.rejected() || line.recordId() == null) {
            return line;
        }
        Long first = seen.putIfAbsent(line.recordId(), line.line());
        if (first == null) {
            return line;
        }
        return new DecodedLine<>(line.line(), line.raw(), null, line.recordId(),
                "duplicate id '" + line.recordId() + "': line " + first + " has it already (the first is kept)");
    }
}
