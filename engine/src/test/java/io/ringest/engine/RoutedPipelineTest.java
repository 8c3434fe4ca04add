package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two routes sharing one pipeline: a record whose value starts with {@code a} goes to route {@code a}, with {@code b} to
 * route {@code b}, anything else to none. Each batch carries a segment per route; its offsets are committed only once
 * every segment is stored, and a segment stored is never inserted again.
 */
class RoutedPipelineTest
{
    private static final byte[] A = "a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] B = "b".getBytes(StandardCharsets.US_ASCII);

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);
    private final TestRows.RecordingDeadLetters dlq = new TestRows.RecordingDeadLetters();
    private final RouteSink a = new RouteSink();
    private final RouteSink b = new RouteSink();

    /** One writer, batches of {@code batchRows}, no linger within the test's time. */
    private Pipeline pipeline(final int batchRows)
    {
        final PipelineConfig config = new PipelineConfig(
            1024, 64, 1, batchRows, 1 << 20, TimeUnit.SECONDS.toNanos(600), 8, 20_000_000, 10_000_000_000L,
            WaitMode.BLOCKING, 1000, 100);
        final List<Route> routes = List.of(
            new Route("a", new SecondByteEncoder(), List.of(a)), new Route("b", new SecondByteEncoder(), List.of(b)));
        final Pipeline pipeline = new Pipeline(config, new FirstByteRouter(), routes, dlq, failure, "test-writer");
        assertEquals(0, pipeline.partitions().acquire("t", 0));
        pipeline.start();
        return pipeline;
    }

    @Test
    void shouldSplitABatchIntoOneInsertPerRouteAndCommitOnlyOnceBothAreStored() throws Exception
    {
        b.gate = new CountDownLatch(1);
        try (Pipeline pipeline = pipeline(10))
        {
            for (long o = 0; o < 10; o++)
            {
                TestRows.publish(pipeline, 0, o, o % 3 == 0 ? B : A);
            }
            waitFor(() -> a.stored.size() == 6 && b.calls == 1);
            assertEquals(OffsetTracker.NONE, pipeline.offsets().committable(0), "route b holds its segment: nothing is committed");
            b.gate.countDown();
            waitFor(() -> pipeline.offsets().committable(0) == 10);
            assertEquals(List.of(1L, 2L, 4L, 5L, 7L, 8L), a.stored);
            assertEquals(List.of(0L, 3L, 6L, 9L), b.stored);
            assertEquals(1, a.calls, "one insert per route per batch");
            assertEquals(1, b.calls);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
        }
    }

    @Test
    void shouldInsertOnlyTheFailedRouteAgainWhenItsInsertIsRetried() throws Exception
    {
        b.outcomes.add(InsertOutcome.RETRY);
        b.outcomes.add(InsertOutcome.RETRY);
        try (Pipeline pipeline = pipeline(6))
        {
            for (long o = 0; o < 6; o++)
            {
                TestRows.publish(pipeline, 0, o, o < 3 ? A : B);
            }
            waitFor(() -> pipeline.offsets().committable(0) == 6);
            assertEquals(1, a.calls, "route a was stored at the first attempt and is not inserted again");
            assertEquals(3, b.calls, "route b: two transient failures, then stored");
            assertEquals(List.of(0L, 1L, 2L), a.stored);
            assertEquals(List.of(3L, 4L, 5L), b.stored);
            assertEquals(List.of(), dlq.letters);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
        }
    }

    @Test
    void shouldDeadLetterTheRowRouteBRefusesWhileRouteAStoresAllOfItsRows() throws Exception
    {
        b.refused.add(5L);
        try (Pipeline pipeline = pipeline(8))
        {
            for (long o = 0; o < 8; o++)
            {
                TestRows.publish(pipeline, 0, o, o % 2 == 0 ? A : B);
            }
            waitFor(() -> pipeline.offsets().committable(0) == 8);
            assertEquals(List.of(0L, 2L, 4L, 6L), a.stored);
            assertEquals(1, a.calls);
            assertEquals(Set.of(1L, 3L, 7L), Set.copyOf(b.stored));
            assertEquals(1, dlq.letters.size());
            final DeadLetter letter = dlq.letters.get(0);
            assertEquals(5L, letter.offset());
            assertEquals("b", letter.route());
            assertTrue(letter.reason().startsWith("route b: ClickHouse refused the row: "), letter.reason());
            assertEquals("original 5", new String(letter.value(), StandardCharsets.US_ASCII));
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
        }
    }

    @Test
    void shouldGiveTheTwoSegmentsOfABatchTokensOfTheirOwnNamingTheRoute() throws Exception
    {
        try (Pipeline pipeline = pipeline(4))
        {
            TestRows.publish(pipeline, 0, 10, A);
            TestRows.publish(pipeline, 0, 11, B);
            TestRows.publish(pipeline, 0, 12, A);
            TestRows.publish(pipeline, 0, 13, B);
            waitFor(() -> pipeline.offsets().committable(0) == 14);
            assertEquals(List.of("route=a t-0:10-12"), a.tokens);
            assertEquals(List.of("route=b t-0:11-13"), b.tokens);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
        }
    }

    @Test
    void shouldDeadLetterARecordNoRouteTakesAndCommitPastIt() throws Exception
    {
        try (Pipeline pipeline = pipeline(3))
        {
            TestRows.publish(pipeline, 0, 0, A);
            TestRows.publish(pipeline, 0, 1, "c".getBytes(StandardCharsets.US_ASCII));
            TestRows.publish(pipeline, 0, 2, B);
            TestRows.publish(pipeline, 0, 3, A);
            waitFor(() -> pipeline.offsets().committable(0) == 4);
            assertEquals(1, dlq.letters.size());
            assertEquals(1L, dlq.letters.get(0).offset());
            assertEquals("no route takes a record starting with 'c'", dlq.letters.get(0).reason());
            assertNull(dlq.letters.get(0).route());
            assertEquals(List.of(0L, 3L), a.stored);
            assertEquals(List.of(2L), b.stored);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
        }
    }

    @Test
    void shouldNameTheRouteOfARecordItsEncoderRefuses() throws Exception
    {
        try (Pipeline pipeline = pipeline(2))
        {
            TestRows.publish(pipeline, 0, 0, "bX".getBytes(StandardCharsets.US_ASCII));
            TestRows.publish(pipeline, 0, 1, A);
            TestRows.publish(pipeline, 0, 2, B);
            waitFor(() -> pipeline.offsets().committable(0) == 3);
            assertEquals(1, dlq.letters.size());
            assertEquals("b", dlq.letters.get(0).route());
            assertEquals("route b: second byte X", dlq.letters.get(0).reason());
            assertFalse(failure.isFailed());
        }
    }

    /** Routes by the value's first byte. */
    private static final class FirstByteRouter implements Router
    {
        private String failure;

        @Override
        public int route(final LogEvent event)
        {
            final byte first = event.value()[0];
            if (first == 'a' || first == 'b')
            {
                return first - 'a';
            }
            failure = "no route takes a record starting with '" + (char)first + "'";
            return -1;
        }

        @Override
        public String failure()
        {
            return failure;
        }
    }

    /** Rows are the record's offset; a value whose second byte is 'X' is refused. */
    private static final class SecondByteEncoder implements RowEncoder
    {
        @Override
        public boolean encode(final LogEvent event, final RowBuffer out)
        {
            if (event.length() > 1 && event.value()[1] == 'X')
            {
                return false;
            }
            out.writeLongLE(event.offset());
            return true;
        }

        @Override
        public String failure()
        {
            return "second byte X";
        }
    }

    /**
     * Stores the offsets of the rows it is given and the token of each insert; answers {@link #outcomes} first, then
     * acknowledges; refuses, as a table refuses bad data, an insert holding one of {@link #refused}.
     */
    private static final class RouteSink implements BatchSink
    {
        final List<Long> stored = new CopyOnWriteArrayList<>();
        final List<String> tokens = new CopyOnWriteArrayList<>();
        final Set<Long> refused = TestRows.concurrentSet();
        final BlockingQueue<InsertOutcome> outcomes = new LinkedBlockingQueue<>();
        volatile CountDownLatch gate;
        volatile int calls;

        @Override
        public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount, final String token)
        {
            calls++;
            tokens.add(token);
            if (gate != null)
            {
                TestRows.awaitUninterruptibly(gate);
            }
            final InsertOutcome scripted = outcomes.poll();
            if (scripted != null)
            {
                return scripted;
            }
            final ByteBuffer bytes = ByteBuffer.wrap(rows.array(), from, to - from).slice().order(ByteOrder.LITTLE_ENDIAN);
            final List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < rowCount; i++)
            {
                offsets.add(bytes.getLong());
            }
            if (offsets.stream().anyMatch(refused::contains))
            {
                return InsertOutcome.REJECTED_DATA;
            }
            stored.addAll(offsets);
            return InsertOutcome.ACKNOWLEDGED;
        }

        @Override
        public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
        {
            return insert(rows, from, to, rowCount, null);
        }

        @Override
        public String failure()
        {
            return "refused by the test";
        }

        @Override
        public void close()
        {
        }
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
