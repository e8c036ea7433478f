package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import dev.rewire.framework.contract.CallContract;
import dev.rewire.runtime.host.osgi.Lease;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Calls every deployed service of one SPI (all filters, all checks), each isolated on the
 * {@link BundleCalls} threads: one that throws (an {@code Error} included) or returns null fails
 * alone, with the reason; one still running past the timeout fails with {@code timeout after N ms}
 * and is quarantined until its bundle is redeployed (the catalog reports that); other failures are
 * reported once through the report callback. The others' results stand. This is the one
 * place that isolation is written: {@link FilterStage} and {@link CheckWindow} (and through them
 * {@code score}, {@code serve}, {@code pairs}, {@code check} and reports) call through it. Thread safe.
 */
final class EveryDeployed<S> {

    /** One service's call: its result, or why there is none (then {@code result} is null). */
    record Call<R>(String id, String bundle, String version, R result, String failure) {
    }

    private final String kind;
    private final ServiceCatalog<S> catalog;
    private final BundleCalls calls;
    private final Duration timeout;
    private final String deadlineOption;
    private final boolean quarantine;
    private final Consumer<String> report;

    /** @param kind what the services are, as messages name them ({@code filter}, {@code check}) */
    EveryDeployed(String kind, ServiceCatalog<S> catalog, BundleCalls calls, Duration timeout,
                  Consumer<String> report) {
        this(kind, catalog, calls, timeout, null, true, report);
    }

    /**
     * @param deadlineOption the option that sets {@code timeout}, named in the timeout message, or null
     * @param quarantine     whether a service past the deadline is quarantined (a hang on a batch is
     *                       a broken service; a whole run's check being slow on a huge run is not)
     */
    EveryDeployed(String kind, ServiceCatalog<S> catalog, BundleCalls calls, Duration timeout, String deadlineOption,
                  boolean quarantine, Consumer<String> report) {
        this.kind = kind;
        this.catalog = catalog;
        this.calls = calls;
        this.timeout = timeout;
        this.deadlineOption = deadlineOption;
        this.quarantine = quarantine;
        this.report = report;
    }

    /** Calls {@code call} on every deployed service, one after the other, in id order. */
    <R> List<Call<R>> call(Function<S, R> call) {
        return call(List.of(), (service, items) -> call.apply(service), Object::toString);
    }

    /**
     * As {@link #call(Function)}, for a call over items (a filter over a batch's signals): a service
     * that throws on them is called again on parts of them ({@link PoisonSearch}); the items it throws
     * on alone are left out of its call, each reported with what it threw, and its result on the
     * others stands.
     */
    <T, R> List<Call<R>> call(List<T> items, java.util.function.BiFunction<S, List<T>, R> call,
                              Function<T, String> idOf) {
        List<Call<R>> out = new ArrayList<>();
        for (Lease<S> lease : catalog.acquireAll()) {
            try (lease) {
                R result = calls.within(timeout, () -> call.apply(lease.service(), items));
                if (result == null) {
                    out.add(failed(lease, CallContract.returnedNull(kind)));
                } else {
                    out.add(new Call<>(lease.id(), lease.bundle(), lease.version(), result, null));
                }
            } catch (TimeoutException e) {
                String why = "timeout after " + timeout.toMillis() + " ms"
                        + (deadlineOption == null ? "" : " (the deadline " + deadlineOption + " sets)");
                if (quarantine) {
                    catalog.quarantine(lease, why);
                }
                out.add(new Call<>(lease.id(), lease.bundle(), lease.version(), null, why));
            } catch (ExecutionException e) {
                Call<R> isolated = withoutPoisoned(lease, items, call, idOf);
                out.add(isolated != null ? isolated : failed(lease, CallContract.threw(e.getCause())));
            }
        }
        return out;
    }

    /** The service's result on the items it does not throw on alone, or null when that cannot be had. */
    private <T, R> Call<R> withoutPoisoned(Lease<S> lease, List<T> items, java.util.function.BiFunction<S, List<T>, R> call,
                                           Function<T, String> idOf) {
        if (items.size() < 2) {
            return null;
        }
        java.util.Map<T, Throwable> poisoned = PoisonSearch.isolate(items, part -> {
            try {
                return calls.within(timeout, () -> call.apply(lease.service(), part)) == null
                        ? new IllegalStateException("returned null") : null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                return e;
            }
        }, System.nanoTime() + timeout.toNanos());
        if (poisoned == null || poisoned.values().stream().anyMatch(t -> t instanceof TimeoutException)) {
            return null;
        }
        List<T> rest = items.stream().filter(i -> !poisoned.containsKey(i)).toList();
        R result;
        try {
            result = calls.within(timeout, () -> call.apply(lease.service(), rest));
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
        if (result == null) {
            return null;
        }
        poisoned.forEach((item, t) -> report.accept(kind + " " + lease.id() + " (" + lease.bundle() + " "
                + lease.version() + "): threw on " + idOf.apply(item) + " alone: " + t + "; left out of its call, "
                + "the others stand"));
        return new Call<>(lease.id(), lease.bundle(), lease.version(), result, null);
    }

    private <R> Call<R> failed(Lease<S> lease, String why) {
        report.accept(kind + " " + lease.id() + " (" + lease.bundle() + " " + lease.version() + "): " + why);
        return new Call<>(lease.id(), lease.bundle(), lease.version(), null, why);
    }
}
