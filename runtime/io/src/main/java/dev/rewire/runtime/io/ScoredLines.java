package dev.rewire.runtime.io;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The lines (or Parquet rows) of a scored (or evaluation) file, each parsed on its own: blank lines are passed over,
 * a line that cannot be read or parsed is told (the first ten, then a total) and counted, never the
 * end of the read. What check, explain and diff read records with. Not thread safe.
 *
 * @param <T> what a line parses into
 */
public final class ScoredLines<T> {

    /** Parses one line; an {@link IllegalArgumentException} says why it is not a record. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String line);
    }

    private static final int TOLD = 10;

    private final InputRecords in;
    private final String where;
    private final Consumer<String> log;
    private final Parser<T> parser;
    private long number;
    private long skipped;
    private String firstProblem;

    /**
     * @param where how a problem names the file ("" when the reader has one input: "line 4: ...";
     *              "scored.jsonl " for "scored.jsonl line 4: ...")
     */
    public ScoredLines(InputRecords in, String where, Consumer<String> log, Parser<T> parser) {
        this.in = in;
        this.where = where;
        this.log = log;
        this.parser = parser;
    }

    /** The next line that parses, or null at the end of the input (the total of skipped lines then told). */
    public T next() throws IOException {
        InputRecords.Line read;
        while ((read = in.next()) != null) {
            if (read.error() == null && read.text().isBlank()) {
                continue;
            }
            number = read.number();
            try {
                if (read.error() != null) {
                    throw new IllegalArgumentException(read.error());
                }
                return parser.parse(read.text());
            } catch (IllegalArgumentException e) {
                skip(e.getMessage());
            }
        }
        if (skipped > TOLD) {
            log.accept("skipped " + skipped + " " + in.unit() + "s" + (where.isEmpty() ? "" : " of " + where.strip()) + " in all");
        }
        return null;
    }

    private void skip(String why) {
        skipped++;
        String problem = where + in.unit() + " " + number + ": " + why;
        if (firstProblem == null) {
            firstProblem = problem;
        }
        if (skipped <= TOLD) {
            log.accept("skipped " + problem);
        }
    }

    /** The line number of the record {@link #next} returned last. */
    public long number() {
        return number;
    }

    public long skipped() {
        return skipped;
    }

    /** The first line that was skipped and why ("line 1: missing field 'reward' ..."), or null. */
    public String firstProblem() {
        return firstProblem;
    }
}
