package dev.rewire.runtime.serve;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The micro-batcher's queue and how a batch is gathered from it. Gathering takes what is queued,
 * then keeps taking while requests keep coming; it ends at {@code maxBatch} samples, at
 * {@code maxWait} after the first request, or once no request has arrived for a fifth of
 * {@code maxWait} (a burst, such as the samples of one group sent concurrently, is over; waiting on
 * would only add latency). Under load, requests queue while a batch is scored, so batches grow with
 * the load by themselves. Two samples with one id never share a batch (the later request waits for
 * the next). A request that does not fit is carried, first in line, to the next batch.
 *
 * <p>Threading: {@link #add} from any thread; everything else from the batcher's loop only.
 */
final class BatchGatherer {

    private final int maxBatch;
    private final long maxWaitNanos;
    private final long idleGapNanos;
    private final BlockingQueue<PendingRequest> queue = new LinkedBlockingQueue<>();
    /** Taken from the queue but left for the next batch: it goes first, ahead of the queue. */
    private final ArrayDeque<PendingRequest> carried = new ArrayDeque<>();

    BatchGatherer(int maxBatch, long maxWaitNanos) {
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWaitNanos;
        this.idleGapNanos = maxWaitNanos / 5;
    }

    /** Queues a request (thread safe). */
    void add(PendingRequest request) {
        queue.add(request);
    }

    /** The request a batch starts with: the one carried over, else the queue's next within {@code waitNanos}, else null. */
    PendingRequest first(long waitNanos) throws InterruptedException {
        return carried.isEmpty() ? queue.poll(waitNanos, TimeUnit.NANOSECONDS) : carried.poll();
    }

    /** The first request and whatever joins it within the wait, up to the batch size, into {@code taken}. */
    void gather(PendingRequest first, List<PendingRequest> taken) {
        taken.add(first);
        int size = first.samples().size();
        Set<String> ids = new HashSet<>();
        first.samples().forEach(s -> ids.add(s.id()));
        long deadline = System.nanoTime() + maxWaitNanos;
        while (size < maxBatch) {
            PendingRequest next = carried.poll();
            if (next == null) {
                long wait = Math.min(deadline - System.nanoTime(), idleGapNanos);
                try {
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (next == null) {
                break;
            }
            if (next == PendingRequest.STOP || size + next.samples().size() > maxBatch
                    || next.samples().stream().anyMatch(s -> ids.contains(s.id()))) {
                carried.addFirst(next);
                break;
            }
            taken.add(next);
            size += next.samples().size();
            next.samples().forEach(s -> ids.add(s.id()));
        }
    }

    /** A snapshot of the queue (not what is carried), to fail when the batcher is dead for good. */
    List<PendingRequest> queued() {
        return List.copyOf(queue);
    }

    /** The queue's next request, or null at once when it is empty (draining on close). */
    PendingRequest poll() {
        return queue.poll();
    }
}
