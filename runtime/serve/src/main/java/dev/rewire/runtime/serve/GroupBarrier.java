package dev.rewire.runtime.serve;

import dev.rewire.framework.json.GroupKeys;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.RewardRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes whole groups out of single-sample requests ({@code --group-size N}): OpenRLHF, slime, NeMo
 * Gym and veRL's per-sample hook send one sample per request, so a prompt's N samples reach the
 * server one by one, at whatever moments generation ends. The barrier holds a key's samples until
 * N have arrived, or until {@code --group-wait-ms} after the first, then hands them to the
 * {@link MicroBatcher} as one unit (one group, one batch) and answers every request from that
 * batch. Records say the group's size, the size declared, and whether it was reached.
 *
 * <p>Samples without a key ({@link GroupKeys#isSolo}) are never held: nothing else can join them.
 * Once a key has N samples the next sample of it starts a new group (the prompt's next round).
 * A request with samples of several keys is answered when all of its groups have been scored.
 *
 * <p>Thread safe: {@link #submit} is called from any I/O thread; releases run on the caller's
 * thread (the N-th sample) or on the barrier's timer thread (the wait).
 */
final class GroupBarrier implements AutoCloseable {

    private final MicroBatcher batcher;
    private final long waitMillis;
    private final ScheduledExecutorService timer;
    private final Map<String, Gathering> open = new HashMap<>();
    private boolean closing;

    /** A key's samples so far, and where each one's record goes. */
    private final class Gathering {
        final String key;
        final int size;
        final List<Sample> samples = new ArrayList<>();
        final List<Join.Slot> slots = new ArrayList<>();
        ScheduledFuture<?> timeout;

        Gathering(String key, int size) {
            this.key = key;
            this.size = size;
        }
    }

    GroupBarrier(MicroBatcher batcher, long waitMillis) {
        this.batcher = batcher;
        this.waitMillis = waitMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rewire-group-barrier");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Scores a request's samples in groups of {@code groupSize} (0 or 1: as they come, with no
     * waiting); the future completes with the records in request order.
     */
    CompletableFuture<MicroBatcher.Scored> submit(List<Sample> samples, int groupSize) {
        if (groupSize <= 1 || samples.isEmpty()) {
            return batcher.submit(samples, groupSize == 1 ? 1 : null);
        }
        Join join = new Join(samples.size());
        List<Sample> solo = new ArrayList<>();
        List<Join.Slot> soloSlots = new ArrayList<>();
        List<Gathering> full = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                if (closing || GroupKeys.isSolo(s.promptId())) {
                    solo.add(s);
                    soloSlots.add(join.slot(i));
                    continue;
                }
                Gathering g = open.computeIfAbsent(s.promptId(), k -> start(k, groupSize));
                g.samples.add(s);
                g.slots.add(join.slot(i));
                if (g.samples.size() >= g.size) {
                    open.remove(g.key);
                    g.timeout.cancel(false);
                    full.add(g);
                }
            }
        }
        if (!solo.isEmpty()) {
            deliver(batcher.submit(solo, groupSize), soloSlots);
        }
        full.forEach(this::release);
        return join.answer;
    }

    private Gathering start(String key, int size) {
        Gathering g = new Gathering(key, size);
        g.timeout = timer.schedule(() -> expire(g), waitMillis, TimeUnit.MILLISECONDS);
        return g;
    }

    /** The wait is over: the group goes as it is (its records say it was short). */
    private void expire(Gathering g) {
        synchronized (this) {
            if (open.get(g.key) != g) {
                return; // released full in the meantime
            }
            open.remove(g.key);
        }
        release(g);
    }

    private void release(Gathering g) {
        deliver(batcher.submit(g.samples, g.size), g.slots);
    }

    private static void deliver(CompletableFuture<MicroBatcher.Scored> scored, List<Join.Slot> slots) {
        scored.whenComplete((result, failure) -> {
            for (int k = 0; k < slots.size(); k++) {
                if (failure != null) {
                    slots.get(k).fail(failure);
                } else {
                    slots.get(k).fill(result.records().get(k), result.policySha256());
                }
            }
        });
    }

    /** How many keys are waiting for samples now (for {@code /ready}). */
    synchronized int waiting() {
        return open.size();
    }

    /**
     * Releases every group held (short: records say so) and passes later samples straight
     * through, so a stop answers every request instead of waiting out the group wait.
     */
    void releaseAll() {
        List<Gathering> held;
        synchronized (this) {
            closing = true;
            held = new ArrayList<>(open.values());
            open.clear();
        }
        held.forEach(g -> {
            g.timeout.cancel(false);
            release(g);
        });
    }

    @Override
    public void close() {
        releaseAll();
        timer.shutdownNow();
    }

    /** One request's records gathered from the groups its samples were scored in. */
    private static final class Join {
        final CompletableFuture<MicroBatcher.Scored> answer = new CompletableFuture<>();
        final RewardRecord[] records;
        int missing;
        String policy;

        Join(int samples) {
            records = new RewardRecord[samples];
            missing = samples;
        }

        Slot slot(int index) {
            return new Slot(this, index);
        }

        record Slot(Join join, int index) {
            void fill(RewardRecord record, String policySha256) {
                Join j = join;
                boolean done;
                synchronized (j) {
                    j.records[index] = record;
                    if (policySha256 != null) {
                        j.policy = policySha256;
                    }
                    done = --j.missing == 0;
                }
                if (done) {
                    j.answer.complete(new MicroBatcher.Scored(java.util.Arrays.asList(j.records), j.policy));
                }
            }

            void fail(Throwable failure) {
                join.answer.completeExceptionally(failure);
            }
        }
    }
}
