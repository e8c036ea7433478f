package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.testkit.TestSamples;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The micro-batcher's loop under Errors: an OutOfMemoryError on a batch fails that batch's requests
 * with the reason and the next request is answered; a loop thread that dies is restarted; past the
 * restarts the batcher reports itself dead (health, fatal) instead of leaving requests hanging.
 */
class MicroBatcherSupervisionTest {

    /** Every batch the loop gets through ends blocked: an answer that proves the loop is alive. */
    private static final BatchResult BLOCKED = new BatchResult(List.of(), List.of(),
            new BatchAction(BatchAction.Kind.BLOCK, "alive", "test"), "cpu", List.of());

    private static Throwable failureOf(CompletableFuture<MicroBatcher.Scored> answer) throws Exception {
        try {
            answer.get(60, TimeUnit.SECONDS);
            throw new AssertionError("answered without a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static MicroBatcher batcher(Function<Batch, BatchResult> processor, List<String> log,
                                        AtomicReference<String> fatal) {
        return new MicroBatcher(processor, 16, 1, 60_000, (result, index, samples, nanos) -> { }, log::add, fatal::set);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void anOutOfMemoryErrorFailsItsBatchWithTheReasonAndTheNextRequestIsAnswered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicReference<String> fatal = new AtomicReference<>();
        try (MicroBatcher b = batcher(batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new OutOfMemoryError("Java heap space");
            }
            return BLOCKED;
        }, log, fatal)) {
            Throwable first = failureOf(b.submit(List.of(TestSamples.math("a").build())));
            assertInstanceOf(OutOfMemoryError.class, first, "the batch fails with its reason");
            Throwable second = failureOf(b.submit(List.of(TestSamples.math("b").build())));
            assertInstanceOf(BlockedException.class, second, "the loop went on to the next batch");
            assertNull(b.health(), "healthy again");
            assertNull(fatal.get());
            assertTrue(log.stream().anyMatch(l -> l.contains("OutOfMemoryError") && l.contains("serving goes on")), log.toString());
        }
    }

    @Test
    void aLoopThreadThatDiesIsRestartedAndPastItsRestartsTheBatcherSaysItIsDead() throws Exception {
        AtomicInteger deaths = new AtomicInteger();
        List<String> log = new CopyOnWriteArrayList<>() {
            @Override
            public boolean add(String line) {
                // out of memory again while the loop reports a failed batch: the error escapes the loop's thread
                if (line.contains("a micro-batch failed") && deaths.incrementAndGet() <= 10) {
                    throw new OutOfMemoryError("while logging");
                }
                return super.add(line);
            }
        };
        AtomicReference<String> fatal = new AtomicReference<>();
        try (MicroBatcher b = batcher(batch -> {
            throw new OutOfMemoryError("Java heap space");
        }, log, fatal)) {
            assertInstanceOf(OutOfMemoryError.class, failureOf(b.submit(List.of(TestSamples.math("a").build()))),
                    "the dead loop's batch is failed, not left hanging");
            awaitTrue(() -> log.stream().anyMatch(l -> l.contains("restarting it")));
            assertTrue(log.stream().anyMatch(l -> l.contains("restarting it")), log.toString());
            for (int i = 0; i < MicroBatcher.MAX_RESTARTS; i++) {
                failureOf(b.submit(List.of(TestSamples.math("x" + i).build())));
            }
            awaitTrue(() -> fatal.get() != null);
            assertNotNull(fatal.get(), "dead for good after " + MicroBatcher.MAX_RESTARTS + " restarts: " + log);
            assertTrue(b.health().startsWith("the micro-batcher's thread died: java.lang.OutOfMemoryError"), b.health());
            assertEquals(b.health(), fatal.get());
            Throwable refused = failureOf(b.submit(List.of(TestSamples.math("late").build())));
            assertTrue(refused.getMessage().contains("micro-batcher"), "a dead batcher refuses at once: " + refused);
        }
    }
}
