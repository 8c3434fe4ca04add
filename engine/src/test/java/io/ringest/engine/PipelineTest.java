package io.ringest.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineTest
{
    private static final byte[] GOOD = "{}".getBytes();
    private static final byte[] BAD = "X{".getBytes();

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);

    private static PipelineConfig config(final int writers, final int batchRows, final long batchBytes, final long lingerMs)
    {
        return config(writers, batchRows, batchBytes, lingerMs, WaitMode.BLOCKING);
    }

    private static PipelineConfig config(
        final int writers, final int batchRows, final long batchBytes, final long lingerMs, final WaitMode waitMode)
    {
        return new PipelineConfig(
            1024, 64, writers, batchRows, batchBytes, lingerMs * 1_000_000, 8, 50_000_000, 10_000_000_000L, waitMode, 1000, 50);
    }

    private Pipeline pipeline(final PipelineConfig config, final List<TestRows.RecordingSink> sinks, final DeadLetterSink dlq)
    {
        return new Pipeline(config, new TestRows.OffsetEncoder(), new ArrayList<>(sinks), dlq, failure, "test-writer");
    }

    @Test
    void shouldNeverCommitPastAnUnstoredRowWhateverOrderInsertsFinishIn() throws Exception
    {
        final Set<Long> stored = TestRows.concurrentSet();
        final List<TestRows.RecordingSink> sinks = List.of(
            new TestRows.RecordingSink(stored, 3_000_000), new TestRows.RecordingSink(stored, 3_000_000),
            new TestRows.RecordingSink(stored, 3_000_000), new TestRows.RecordingSink(stored, 3_000_000));
        final int partitions = 3;
        final int perPartition = 20_000;
        final AtomicBoolean done = new AtomicBoolean();
        final List<String> violations = new CopyOnWriteArrayList<>();
        try (Pipeline pipeline = pipeline(config(4, 97, 1 << 20, 5), sinks, new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            final Thread checker = new Thread(() ->
            {
                while (!done.get())
                {
                    for (int p = 0; p < partitions; p++)
                    {
                        final long committable = pipeline.offsets().committable(p);
                        for (long o = Math.max(p * 1_000_000L, committable - 200); o < committable; o++)
                        {
                            if (!stored.contains(o) && violations.size() < 10)
                            {
                                violations.add("partition " + p + " committable " + committable + " but offset " + o + " not stored");
                            }
                        }
                    }
                }
            });
            checker.start();
            for (long o = 0; o < perPartition; o++)
            {
                for (int p = 0; p < partitions; p++)
                {
                    TestRows.publish(pipeline, p, p * 1_000_000L + o, GOOD);
                }
            }
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(30)));
            done.set(true);
            checker.join();
            assertEquals(List.of(), violations);
            assertEquals(partitions * perPartition, stored.size());
            for (int p = 0; p < partitions; p++)
            {
                assertEquals(p * 1_000_000L + perPartition, pipeline.offsets().committable(p));
            }
        }
    }

    @Test
    void shouldFlushWhenBatchIsFullOfRows() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        try (Pipeline pipeline = pipeline(config(1, 100, 1 << 20, 60_000), List.of(sink), new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            for (long o = 0; o < 250; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            waitFor(() -> pipeline.offsets().committable(0) == 200);
            assertEquals(List.of(100, 100), sink.batchSizes);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
            assertEquals(List.of(100, 100, 50), sink.batchSizes, "stop flushes the partial batch");
            assertEquals(250, pipeline.offsets().committable(0));
        }
    }

    @Test
    void shouldFlushWhenBatchReachesItsByteLimit() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        try (Pipeline pipeline = pipeline(config(1, 1_000_000, 1024, 60_000), List.of(sink), new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            for (long o = 0; o < 300; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            waitFor(() -> sink.batchSizes.size() == 2);
            assertEquals(List.of(128, 128), sink.batchSizes, "1024 bytes of 8-byte rows");
        }
    }

    @ParameterizedTest
    @EnumSource(WaitMode.class)
    void shouldFlushWhenBatchLingersLongEnough(final WaitMode waitMode) throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        try (Pipeline pipeline = pipeline(
            config(1, 1_000_000, 1 << 20, 50, waitMode), List.of(sink), new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            for (long o = 0; o < 3; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            waitFor(() -> pipeline.offsets().committable(0) == 3);
            assertEquals(List.of(3), sink.batchSizes);
        }
    }

    @Test
    void shouldKeepFillingALingeredBatchWhileItsWriterIsBusy() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        sink.gate = new CountDownLatch(1);
        try (Pipeline pipeline = pipeline(config(1, 1_000_000, 1 << 20, 10), List.of(sink), new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            TestRows.publish(pipeline, 0, 0, GOOD);
            waitFor(() -> sink.calls == 1);
            for (long o = 1; o <= 5; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
                Thread.sleep(20);
            }
            sink.gate.countDown();
            waitFor(() -> pipeline.offsets().committable(0) == 6);
            assertEquals(List.of(1, 5), sink.batchSizes);
        }
    }

    @Test
    void shouldFillALingeredBatchWhileABacklogWaitsAndFlushItWhenRecordsStop() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        try (Pipeline pipeline = pipeline(config(1, 10, 1 << 20, 200), List.of(sink), new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            pipeline.backlog().change(1000);
            for (long o = 0; o < 10; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
                Thread.sleep(25); // 250 ms in all, past the 200 ms linger; each gap shorter than the 50 ms tick
            }
            waitFor(() -> pipeline.offsets().committable(0) == 10);
            for (long o = 10; o < 13; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            waitFor(() -> pipeline.offsets().committable(0) == 13);
            assertEquals(List.of(10, 3), sink.batchSizes);
        }
    }

    @Test
    void shouldSendMalformedRecordsToDeadLettersAndCommitPastThem() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        final TestRows.RecordingDeadLetters dlq = new TestRows.RecordingDeadLetters();
        try (Pipeline pipeline = pipeline(config(1, 10, 1 << 20, 60_000), List.of(sink), dlq))
        {
            pipeline.start();
            for (long o = 0; o < 20; o++)
            {
                TestRows.publish(pipeline, 0, o, o % 5 == 0 ? BAD : o == 7 ? null : GOOD);
            }
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
            assertEquals(15, sink.stored.size());
            assertEquals(5, dlq.letters.size());
            assertEquals("starts with X", dlq.letters.get(0).reason());
            assertEquals("X{", new String(dlq.letters.get(0).value()));
            assertTrue(dlq.letters.stream().anyMatch(l -> l.offset() == 7 && l.reason().contains("null value")));
            assertEquals(20, pipeline.offsets().committable(0));
            assertEquals(5, pipeline.metrics().deadLetters.get());
        }
    }

    /**
     * Per-partition and per-route counts, updated once per segment, match what the sink stored and the dead-letter sink
     * received, the refused rows counted for their own partition.
     */
    @Test
    void shouldCountStoredAndDeadLetteredRowsPerPartitionAndRoute() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        sink.refused.add(3L);
        final TestRows.RecordingDeadLetters dlq = new TestRows.RecordingDeadLetters();
        try (Pipeline pipeline = pipeline(config(1, 25, 1 << 20, 60_000), List.of(sink), dlq))
        {
            assertEquals(List.of(0, 1), List.of(pipeline.partitions().acquire("t", 0), pipeline.partitions().acquire("t", 1)));
            pipeline.start();
            for (long o = 0; o < 60; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
                if (o < 40)
                {
                    TestRows.publish(pipeline, 1, o, GOOD);
                }
            }
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
            final PipelineMetrics metrics = pipeline.metrics();
            final long lettersOf0 = dlq.letters.stream().filter(l -> l.partition() == 0).count();
            final long lettersOf1 = dlq.letters.stream().filter(l -> l.partition() == 1).count();
            assertEquals(List.of(1L, 1L), List.of(lettersOf0, lettersOf1));
            assertEquals(60 - lettersOf0, metrics.storedByPartition.get(0));
            assertEquals(40 - lettersOf1, metrics.storedByPartition.get(1));
            assertEquals(lettersOf0, metrics.deadLettersByPartition.get(0));
            assertEquals(lettersOf1, metrics.deadLettersByPartition.get(1));
            assertEquals(metrics.rowsInserted.get(), metrics.storedByRoute.get(0));
            assertEquals(98, metrics.storedByRoute.get(0));
            assertEquals(2, metrics.deadLettersByRoute.get(0));
            assertEquals(2, metrics.refusedRows.get());
            assertEquals(sink.bytes, metrics.bytesSent.get());
            assertTrue(sink.bytes > 8L * 100, "the refused rows' segments were sent more than once");
        }
    }

    /**
     * A batch the table refuses is split until the refused rows are alone: exactly those go to the dead letters, as their
     * original records with the server's error, every other row is stored once, and the offsets move past all of them.
     */
    @Test
    void shouldDeadLetterExactlyTheRowsTheTableRefusesAndStoreTheRest() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        sink.refused.addAll(Set.of(3L, 50L, 51L, 99L));
        final TestRows.RecordingDeadLetters dlq = new TestRows.RecordingDeadLetters();
        try (Pipeline pipeline = pipeline(config(1, 100, 1 << 20, 60_000), List.of(sink), dlq))
        {
            pipeline.start();
            for (long o = 0; o < 100; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
            assertEquals(96, sink.stored.size());
            assertTrue(sink.stored.stream().noneMatch(sink.refused::contains));
            assertEquals(List.of(3L, 50L, 51L, 99L), dlq.letters.stream().map(DeadLetter::offset).sorted().toList());
            assertEquals("original 50", new String(dlq.letters.stream().filter(l -> l.offset() == 50).findFirst().orElseThrow().value()));
            assertTrue(dlq.letters.get(0).reason().startsWith("ClickHouse refused the row: test outcome"), dlq.letters.get(0).reason());
            assertEquals(100, pipeline.offsets().committable(0));
            assertEquals(96, pipeline.metrics().rowsInserted.get());
            assertEquals(4, pipeline.metrics().deadLetters.get());
            assertEquals(dlq.letters.size(), pipeline.refusedInBreakerWindow(0), "refused rows the breaker counts in its window");
            assertFalse(failure.isFailed());
        }
    }

    /**
     * A burst of bad records trips the breaker (more than 50% of the last 10 records) before the burst's batch is
     * published: the pipeline fails naming the settings, the good rows before it are stored and committed, and not one
     * record of the burst reaches the dead letters, so a restart starts at the burst with nothing sent twice.
     */
    @Test
    void shouldTripTheBreakerOnABurstOfBadRecordsInsteadOfDeadLetteringThem() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        final TestRows.RecordingDeadLetters dlq = new TestRows.RecordingDeadLetters();
        final PipelineConfig config = new PipelineConfig(
            1024, 64, 1, 19, 1 << 20, 60_000_000_000L, 8, 50_000_000, 10_000_000_000L, WaitMode.BLOCKING, 10, 50);
        try (Pipeline pipeline = pipeline(config, List.of(sink), dlq))
        {
            pipeline.start();
            for (long o = 0; o < 20; o++)
            {
                TestRows.publish(pipeline, 0, o, o == 3 ? BAD : GOOD);
            }
            waitFor(() -> pipeline.offsets().committable(0) == 20);
            for (long o = 20; o < 40; o++)
            {
                TestRows.publish(pipeline, 0, o, BAD);
            }
            assertTrue(failure.await(10_000));
            assertTrue(failure.reason().startsWith("dead-letter breaker tripped: more than 50% of the last 10 records"), failure.reason());
            assertTrue(failure.reason().contains("dlq.breaker.percent"), failure.reason());
            assertFalse(pipeline.drain(TimeUnit.SECONDS.toNanos(5)));
            assertEquals(20, pipeline.offsets().committable(0));
            assertEquals(List.of(3L), dlq.letters.stream().map(DeadLetter::offset).toList());
            assertEquals(19, sink.stored.size());
        }
    }

    /**
     * With every batch slot held by a writer that cannot finish, a failure lets the batching thread go: it stops waiting
     * for a slot, so an abort ends it and a failed run exits at once instead of after the shutdown timeout.
     */
    @Test
    void shouldReleaseTheBatcherWaitingForABatchSlotWhenThePipelineFails() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        sink.gate = new CountDownLatch(1);
        try (Pipeline pipeline = pipeline(config(1, 1, 1 << 20, 60_000), List.of(sink), new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            for (long o = 0; o < 10; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            waitFor(() -> pipeline.batchesInFlight() >= 2);
            failure.fail("test failure");
            pipeline.abort();
            waitFor(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("ring-batcher")));
            sink.gate.countDown();
            assertEquals(OffsetTracker.NONE, pipeline.offsets().committable(0));
        }
    }

    @Test
    void shouldStopCommittingAtABatchTheServerCannotStore() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        try (Pipeline pipeline = pipeline(config(1, 10, 1 << 20, 60_000), List.of(sink), new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            for (long o = 0; o < 10; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            waitFor(() -> pipeline.offsets().committable(0) == 10);
            sink.outcome = InsertOutcome.FATAL;
            for (long o = 10; o < 30; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            assertTrue(failure.await(10_000));
            sink.outcome = InsertOutcome.ACKNOWLEDGED;
            assertFalse(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
            assertEquals(10, pipeline.offsets().committable(0));
            assertNotNull(failure.reason());
            assertTrue(failure.reason().contains("FATAL"), failure.reason());
        }
    }

    @Test
    void shouldRetryTransientFailuresUntilTheInsertSucceeds() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        sink.outcome = InsertOutcome.RETRY;
        try (Pipeline pipeline = pipeline(config(1, 5, 1 << 20, 60_000), List.of(sink), new TestRows.RecordingDeadLetters()))
        {
            pipeline.start();
            for (long o = 0; o < 5; o++)
            {
                TestRows.publish(pipeline, 0, o, GOOD);
            }
            waitFor(() -> pipeline.metrics().insertRetries.get() >= 2);
            assertEquals(OffsetTracker.NONE, pipeline.offsets().committable(0));
            sink.outcome = InsertOutcome.ACKNOWLEDGED;
            waitFor(() -> pipeline.offsets().committable(0) == 5);
            assertFalse(failure.isFailed());
        }
    }

    private static void waitFor(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
