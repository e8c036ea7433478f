package dev.rewire.runtime.io;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal: percent of the input when its size is known, records and
 * rate always. Redrawn at most every 200 ms; silent when the output is not a terminal.
 */
public final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream terminal;
    private final long totalChars;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    /**
     * @param terminal   where to draw, or null for no progress
     * @param totalChars size of the input in characters, or -1 when unknown (stdin)
     */
    public Progress(PrintStream terminal, long totalChars) {
        this.terminal = terminal;
        this.totalChars = totalChars;
    }

    public void update(long records, long charsRead) {
        if (terminal == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = (now - startNanos) / 1e9;
        String rate = String.format(Locale.ROOT, "%d records  %.0f/s", records, seconds > 0 ? records / seconds : 0);
        if (totalChars > 0) {
            double fraction = Math.min(1.0, (double) charsRead / totalChars);
            int filled = (int) Math.round(fraction * WIDTH);
            terminal.printf(Locale.ROOT, "\r[%s%s] %3.0f%%  %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                    fraction * 100, rate);
        } else {
            terminal.print("\r" + rate);
        }
        terminal.flush();
        drawn = true;
    }

    /** Clears the bar so the summary starts on a clean line. */
    public void finish() {
        if (terminal != null && drawn) {
            terminal.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            terminal.flush();
        }
    }
}
