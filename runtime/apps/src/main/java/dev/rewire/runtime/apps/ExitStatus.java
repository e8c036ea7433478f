package dev.rewire.runtime.apps;

/**
 * The exit statuses of {@code rewire}, as documented in docs/operations.md (Exit codes):
 * 0 success; 1 failure (the host could not start, an I/O error); 2 usage error;
 * 3 finished, but some input records were rejected (see the rejects file);
 * 4 stopped by a policy rule that blocked a batch;
 * 5 ({@code rewire check}) a check failed over the whole run, or the baseline comparison found a regression;
 * 6 ({@code rewire diff}) a {@code --fail-if} threshold was crossed.
 */
public final class ExitStatus {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int REJECTED = 3;
    public static final int BLOCKED = 4;
    public static final int CHECK_FAILED = 5;
    public static final int DIFF_THRESHOLD = 6;

    private ExitStatus() {
    }
}
