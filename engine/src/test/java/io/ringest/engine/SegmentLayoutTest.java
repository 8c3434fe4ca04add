package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An encoder that changes its layout does so as a batch starts only, and every insert of a segment, the split's
 * included, carries the layout the segment's rows were encoded with.
 */
class SegmentLayoutTest
{
    private static final int BATCH = 10;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);

    @Test
    void shouldSwitchLayoutsBetweenBatchesAndInsertEachSegmentWithItsOwn() throws Exception
    {
        final LayoutEncoder encoder = new LayoutEncoder();
        final LayoutSink sink = new LayoutSink(22);
        final PipelineConfig config = new PipelineConfig(1024, 64, 1, BATCH, 1 << 20, TimeUnit.SECONDS.toNanos(600), 8,
            1_000_000, TimeUnit.SECONDS.toNanos(10), WaitMode.BLOCKING, 1000, 50);
        final TestRows.RecordingDeadLetters dlq = new TestRows.RecordingDeadLetters();
        try (Pipeline pipeline = new Pipeline(config, encoder, List.of(sink), dlq, failure, "test-writer"))
        {
            pipeline.start();
            publish(pipeline, 0, 25);
            waitFor(pipeline::batcherCaughtUp);
            encoder.requested = 2;
            publish(pipeline, 25, 40);
            waitFor(() -> pipeline.offsets().committable(0) == 40);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));

            assertFalse(failure.isFailed(), failure.reason());
            assertEquals(List.of(), sink.mismatches, "every insert carries the layout of its rows");
            assertEquals(range(0, 30, 22), sink.stored.get(1), "the batch started before the switch was asked for keeps layout 1");
            assertEquals(range(30, 40, -1), sink.stored.get(2));
            assertEquals(List.of(22L), dlq.letters.stream().map(DeadLetter::offset).toList());
            assertTrue(sink.tags.stream().filter(tag -> tag == 1).count() > 3, "the refused batch was split: " + sink.tags);
        }
    }

    private static TreeSet<Long> range(final long from, final long to, final long except)
    {
        final TreeSet<Long> offsets = new TreeSet<>();
        for (long o = from; o < to; o++)
        {
            if (o != except)
            {
                offsets.add(o);
            }
        }
        return offsets;
    }

    private static void publish(final Pipeline pipeline, final long from, final long to)
    {
        for (long o = from; o < to; o++)
        {
            TestRows.publish(pipeline, 0, o, "{}".getBytes());
        }
    }

    /** Rows are the offset and the layout they were encoded with; the layout becomes {@link #requested} as a batch starts. */
    private static final class LayoutEncoder implements RowEncoder
    {
        volatile int requested = 1;
        private int layout = 1;

        @Override
        public boolean encode(final LogEvent event, final RowBuffer out)
        {
            out.writeLongLE(event.offset());
            out.writeLongLE(layout);
            return true;
        }

        @Override
        public String failure()
        {
            return "";
        }

        @Override
        public Object batchStarted()
        {
            layout = requested;
            return layout;
        }
    }

    /** Stores offsets per layout tag; notes any row whose layout is not the insert's tag; refuses one offset. */
    private static final class LayoutSink implements BatchSink
    {
        final Map<Integer, TreeSet<Long>> stored = new TreeMap<>();
        final List<String> mismatches = new CopyOnWriteArrayList<>();
        final List<Integer> tags = new CopyOnWriteArrayList<>();
        private final long refused;

        LayoutSink(final long refused)
        {
            this.refused = refused;
        }

        @Override
        public synchronized InsertOutcome insert(
            final RowBuffer rows, final int from, final int to, final int rowCount, final String token, final Object layout)
        {
            final int tag = (Integer)layout;
            tags.add(tag);
            final ByteBuffer bytes = ByteBuffer.wrap(rows.array(), from, to - from).slice().order(ByteOrder.LITTLE_ENDIAN);
            final TreeSet<Long> offsets = new TreeSet<>();
            for (int i = 0; i < rowCount; i++)
            {
                final long offset = bytes.getLong();
                final long rowLayout = bytes.getLong();
                if (rowLayout != tag)
                {
                    mismatches.add("offset " + offset + " encoded with " + rowLayout + ", inserted as " + tag);
                }
                offsets.add(offset);
            }
            if (offsets.contains(refused))
            {
                return InsertOutcome.REJECTED_DATA;
            }
            stored.computeIfAbsent(tag, t -> new TreeSet<>()).addAll(offsets);
            return InsertOutcome.ACKNOWLEDGED;
        }

        @Override
        public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
        {
            throw new AssertionError("the writer must pass the layout");
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
