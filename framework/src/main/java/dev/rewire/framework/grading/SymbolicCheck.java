package dev.rewire.framework.grading;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Symbolic zero-testing of {@code a - b} by a computer-algebra system (Symja, LGPL), under a time
 * limit per comparison. The system starts on first use (about a second), on its own daemon
 * thread: answers that are plain numbers never start it. Calls are serialized on that thread
 * (Symja's evaluator is not thread safe); a call that runs past the limit is abandoned and its
 * thread replaced, so one pathological answer delays only itself. Thread safe.
 */
final class SymbolicCheck {

    private static final long START_LIMIT_MS = 60_000;

    private final long limitMs;
    private ExecutorService worker;
    private ExprEvaluator evaluator;
    private boolean unavailable;

    SymbolicCheck(long limitMs) {
        this.limitMs = limitMs;
    }

    /**
     * TRUE when the system proves {@code a - b} is zero, FALSE when it proves it is not, null when
     * it cannot say within the time limit (or could not start).
     */
    synchronized Boolean isZero(Expr a, Expr b) {
        if (unavailable) {
            return null;
        }
        if (!tame(a) || !tame(b)) {
            return null; // 10^{10^{10}}, 100000!: not worth a core for the time limit
        }
        Map<String, String> names = new HashMap<>();
        // Symja's own time limit first (it stops its evaluation loop), the future's as a backstop
        String difference = "TimeConstrained[PossibleZeroQ[" + a.symbolic(names) + "-(" + b.symbolic(names) + ")],"
                + Math.max(1, limitMs / 1000) + ",Null]";
        try {
            if (worker == null) {
                start();
            }
            Future<IExpr> result = worker.submit(() -> evaluator.eval(difference));
            try {
                IExpr r = result.get(limitMs, TimeUnit.MILLISECONDS);
                return r.isTrue() ? Boolean.TRUE : r.isFalse() ? Boolean.FALSE : null;
            } catch (TimeoutException e) {
                // abandon the thread and its evaluator: the next call starts a fresh pair
                result.cancel(true);
                worker.shutdownNow();
                worker = null;
                evaluator = null;
                return null;
            }
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** False for expressions whose exact evaluation could be astronomically large. */
    private static boolean tame(Expr e) {
        if (e instanceof Expr.Power p) {
            org.hipparchus.fraction.BigFraction x = p.exponent().exact();
            if (x != null && x.abs().compareTo(new org.hipparchus.fraction.BigFraction(Expr.MAX_EXACT_EXPONENT)) > 0) {
                return false;
            }
            return tame(p.base()) && tame(p.exponent());
        }
        if (e instanceof Expr.Call c) {
            if (c.function() == Expr.Function.FACTORIAL || c.function() == Expr.Function.BINOMIAL) {
                org.hipparchus.fraction.BigFraction x = c.arguments().get(0).exact();
                if (x == null || x.abs().compareTo(new org.hipparchus.fraction.BigFraction(1000)) > 0) {
                    return false;
                }
            }
            return c.arguments().stream().allMatch(SymbolicCheck::tame);
        }
        if (e instanceof Expr.Sum s) {
            return s.terms().stream().allMatch(SymbolicCheck::tame);
        }
        if (e instanceof Expr.Product p) {
            return p.factors().stream().allMatch(SymbolicCheck::tame);
        }
        if (e instanceof Expr.Neg n) {
            return tame(n.operand());
        }
        return true;
    }

    private void start() throws InterruptedException, ExecutionException {
        // Symja's own pools would be non-daemon threads that keep a finished JVM alive
        Config.JAS_NO_THREADS = true;
        Config.TIMECONSTRAINED_NO_THREAD = true;
        Config.THREAD_FACTORY = r -> daemon(r, "rewire-symbolic-pool");
        worker = newWorker();
        try {
            evaluator = worker.submit(SymbolicCheck::quietEvaluator).get(START_LIMIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | RuntimeException | LinkageError e) {
            unavailable = true;
            worker.shutdownNow();
            throw new IllegalStateException("the computer-algebra system did not start", e);
        }
    }

    /**
     * An evaluator that prints nothing: Symja writes its messages ("Power: Infinite expression 1/0
     * encountered.") to standard output, where {@code rewire score --out -} writes records.
     */
    private static ExprEvaluator quietEvaluator() {
        F.initSymbols();
        ExprEvaluator e = new ExprEvaluator();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        e.getEvalEngine().setOutPrintStream(nowhere);
        e.getEvalEngine().setErrorPrintStream(nowhere);
        e.getEvalEngine().setQuietMode(true);
        return e;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> daemon(r, "rewire-symbolic"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
