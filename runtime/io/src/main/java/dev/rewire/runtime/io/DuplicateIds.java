package dev.rewire.runtime.io;

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
 * been read, though lines after it have been read since: the last {@code window + slack} insertions
 * are kept in order (an id remembered anew is a new insertion, its earlier one stays in the log),
 * and a match counts only within the window.
 */
public final class DuplicateIds {

    /** One remembered id: its line, and how many ids had been remembered before it. */
    private record Seen(long line, long ordinal) {
    }

    private final long window;
    private final long kept;
    private final Map<String, Seen> seen;
    /** The last {@code kept} insertions, oldest first: the ids with their lines. */
    private final java.util.ArrayDeque<Map.Entry<String, Long>> insertions = new java.util.ArrayDeque<>();
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
        this.kept = (long) window + slack;
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
            insert(line.recordId(), line.line());
            return line;
        }
        return new DecodedLine<>(line.line(), line.raw(), null, line.recordId(),
                "duplicate id '" + line.recordId() + "': line " + first.line() + " has it already (the first is kept)");
    }

    private void insert(String id, long line) {
        seen.put(id, new Seen(line, remembered++));
        if (kept > window) { // kept only where a checkpoint may ask (a slack was given)
            insertions.addLast(Map.entry(id, line));
            if (insertions.size() > kept) {
                insertions.removeFirst();
            }
        }
    }

    /**
     * The ids the window held once line {@code lastLine} had been read, oldest first, each with its
     * line: the last {@code window} insertions up to that line (an id is inserted at most once among them).
     */
    public List<Map.Entry<String, Long>> through(long lastLine) {
        List<Map.Entry<String, Long>> upTo = new ArrayList<>();
        for (Map.Entry<String, Long> e : insertions) {
            if (e.getValue() <= lastLine) {
                upTo.add(e);
            }
        }
        return upTo.size() <= window ? upTo : List.copyOf(upTo.subList((int) (upTo.size() - window), upTo.size()));
    }

    /** Remembers ids saved by {@link #through} (a resumed run, before its first line). */
    public void restore(List<Map.Entry<String, Long>> ids) {
        for (Map.Entry<String, Long> e : ids) {
            seen.remove(e.getKey());
            insert(e.getKey(), e.getValue());
        }
    }
}
