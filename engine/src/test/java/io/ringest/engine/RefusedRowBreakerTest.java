package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows the table refuses count against a breaker over {@code dlq.breaker.window} rows: a table that refuses every row
 * stops the pipeline during the split, after about {@code window * percent / 100} refused rows, instead of dead-lettering
 * the topic row by row; a few refused rows are dead-lettered as before.
 */
class RefusedRowBreakerTest
{
    private static final byte[] GOOD = "{}".getBytes();
    private static final int WINDOW = 100;
    private static final int BATCH = 1000;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);
    private final TestRows.RecordingDeadLetters dlq = new TestRows.RecordingDeadLetters();

    @Test
    void shouldTripOnlyWhenMoreThanTheShareOfTheWindowIsRefused()
    {
        final RefusedRowBreaker breaker = new RefusedRowBreaker(10, 50);
        breaker.stored(1_000_000);
        for (int i = 0; i < 5; i++)
        {
            assertFalse(breaker.tripsOnRefused(), "refused " + (i + 1) + " of 10");
        }
        assertTrue(breaker.tripsOnRefused(), "6 of the last 10 refused");
        breaker.stored(10);
        assertFalse(breaker.tripsOnRefused(), "the window moved past them: 1 of the last 10");
        breaker.stored(4);
        for (int i = 0; i < 4; i++)
        {
            assertFalse(breaker.tripsOnRefused(), "window: 1 refused, 4 stored, then " + (i + 1) + " refused");
        }
        assertTrue(breaker.tripsOnRefused(), "1 + 5 = 6 of the last 10 refused");
    }

    @Test
    void shouldNeverTripAtOneHundredPercent()
    {
        final RefusedRowBreaker breaker = new RefusedRowBreaker(10, 100);
        for (int i = 0; i < 1000; i++)
        {
            assertFalse(breaker.tripsOnRefused());
        }
    }

    /**
     * After a batch the table stored, it refuses every row: the writer's split stops at the 51st refused row of a window
     * of 100 (50%), with 50 dead letters, a handful of inserts instead of thousands, and no offset past the first batch.
     */
    @Test
    void shouldStopDuringTheSplitWhenTheTableRefusesEveryRow() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        try (Pipeline pipeline = pipeline(List.of(sink)))
        {
            pipeline.start();
            publish(pipeline, 0, BATCH);
            waitFor(() -> pipeline.offsets().committable(0) == BATCH);
            final int callsBefore = sink.calls;
            sink.outcome = InsertOutcome.REJECTED_DATA;
            publish(pipeline, BATCH, 3 * BATCH);

            assertTrue(failure.await(10_000));
            assertTrue(failure.reason().startsWith("refused-row breaker tripped: the table refused more than 50% of the "
                + "last 100 rows sent to it (dlq.breaker.percent, dlq.breaker.window), the latest: test outcome REJECTED_DATA. "
                + "The table's columns may have changed"), failure.reason());
            assertFalse(pipeline.drain(TimeUnit.SECONDS.toNanos(5)));
            assertEquals(BATCH, pipeline.offsets().committable(0), "no offset passes the refused batch");
            assertEquals(WINDOW / 2, dlq.letters.size(), "the rows refused before the 51st went to the dead letters");
            assertTrue(sink.calls - callsBefore < 200, "tripped during the split: " + (sink.calls - callsBefore) + " inserts");
        }
    }

    /** Two writers share the route's breaker: together they dead-letter no more rows than one would. */
    @Test
    void shouldCountTheRefusedRowsOfEveryWriterInOneBreaker() throws Exception
    {
        final TestRows.RecordingSink first = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        final TestRows.RecordingSink second = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        first.outcome = InsertOutcome.REJECTED_DATA;
        second.outcome = InsertOutcome.REJECTED_DATA;
        try (Pipeline pipeline = pipeline(List.of(first, second)))
        {
            pipeline.start();
            publish(pipeline, 0, 4 * BATCH);
            assertTrue(failure.await(10_000));
            assertFalse(pipeline.drain(TimeUnit.SECONDS.toNanos(5)));
            assertTrue(failure.reason().startsWith("refused-row breaker tripped"), failure.reason());
            assertTrue(dlq.letters.size() <= WINDOW / 2, dlq.letters.size() + " dead letters");
            assertEquals(OffsetTracker.NONE, pipeline.offsets().committable(0));
        }
    }

    /** A few refused rows among many: each is dead-lettered, the rest stored, the offsets go to the end. */
    @Test
    void shouldDeadLetterAFewRefusedRowsWithoutTripping() throws Exception
    {
        final TestRows.RecordingSink sink = new TestRows.RecordingSink(TestRows.concurrentSet(), 0);
        final Set<Long> refused = Set.of(3L, 50L, 51L, 52L, 999L, 1500L, 2001L);
        sink.refused.addAll(refused);
        try (Pipeline pipeline = pipeline(List.of(sink)))
        {
            pipeline.start();
            publish(pipeline, 0, 3 * BATCH);
            waitFor(() -> pipeline.offsets().committable(0) == 3 * BATCH);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
            assertFalse(failure.isFailed(), failure.reason());
            assertEquals(refused, Set.copyOf(dlq.letters.stream().map(DeadLetter::offset).toList()));
            assertEquals(3 * BATCH - refused.size(), sink.stored.size());
        }
    }

    /** Batches of {@value #BATCH} rows, one route, the breakers over {@value #WINDOW} at 50%. */
    private Pipeline pipeline(final List<TestRows.RecordingSink> sinks)
    {
        final PipelineConfig config = new PipelineConfig(1024, 64, sinks.size(), BATCH, 1 << 20, TimeUnit.SECONDS.toNanos(600),
            8, 1_000_000, TimeUnit.SECONDS.toNanos(10), WaitMode.BLOCKING, WINDOW, 50);
        return new Pipeline(config, new TestRows.OffsetEncoder(), new ArrayList<>(sinks), dlq, failure, "test-writer");
    }

    private static void publish(final Pipeline pipeline, final long from, final long to)
    {
        LongStream.range(from, to).forEach(offset -> TestRows.publish(pipeline, 0, offset, GOOD));
    }

    private static void waitFor(final BooleanSupplier condition) throws InterruptedException
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
