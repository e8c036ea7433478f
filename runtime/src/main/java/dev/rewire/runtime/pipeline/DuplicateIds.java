package dev.rewire.runtime.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rejects a record whose id an earlier record already has, naming both lines; the first is kept.
 * Records are matched by id downstream (routes, results), so two with one id would mix their
 * rewards. The window bounds memory: {@code rewire score} remembers the ids of the last two
 * batches' worth of records, which covers every pair that could share a batch; duplicates farther
 * apart are scored in different batches and both written. Not thread safe.
 *
 * <p>For a checkpoint, {@link #through} gives the window as it stood when a given line had just
 * been read, though lines after it have been read since: the memory keeps {@code slack} ids more
 * than the window (those read since), and a match counts only within the window.
 */
public final class DuplicateIds {

    /** One remembered id: its line, and how many ids had been remembered before it. */
    private record Seen(long line, long ordinal) {
    }

    private final long window;
    private final Map<String, Seen> seen;
    private long remembered;

    /** @param window how many recent ids to remember ({@code Integer.MAX_VALUE}: all of them) */
    public DuplicateIds(int window) {
        this(window, 0);
    }

    /**
     * @param window how many recent ids a match counts within
     * @param slack  how many ids more are kept, for {@link #through}: at least how many may be read
     *               after a checkpoint's line before its checkpoint is taken
     */
    public DuplicateIds(int window, int slack) {
        this.window = window;
        long kept = (long) window + slack;
        this.seen = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > kept;
            }
        };
    }

    /** The line as it is, or rejected when its id was seen on an earlier line within the window. */
    public <T> DecodedLine<T> check(DecodedLine<T> line) {
        if (line.rejected() || line.recordId() == null) {
            return line;
        }
        Seen first = seen.get(line.recordId());
        if (first == null || first.ordinal() < remembered - window) {
            if (first != null) {
                seen.remove(line.recordId()); // out of the window: remembered anew, as the newest
            }
            seen.put(line.recordId(), new Seen(line.line(), remembered++));
            return line;
        }
        return new DecodedLine<>(line.line(), line.raw(), null, line.recordId(),
                "duplicate id '" + line.recordId() + "': line " + first.line() + " has it already (the first is kept)");
    }

    /** The ids the window held once line {@code lastLine} had been read, oldest first, each with its line. */
    public List<Map.Entry<String, Long>> through(long lastLine) {
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        seen.forEach((id, s) -> {
            if (s.line() <= lastLine) {
                kept.add(Map.entry(id, s.line()));
            }
        });
        return kept.size() <= window ? kept : List.copyOf(kept.subList((int) (kept.size() - window), kept.size()));
    }

    /** Remembers ids saved by {@link #through} (a resumed run, before its first line). */
    public void restore(List<Map.Entry<String, Long>> ids) {
        for (Map.Entry<String, Long> e : ids) {
            seen.put(e.getKey(), new Seen(e.getValue(), remembered++));
        }
    }
}
