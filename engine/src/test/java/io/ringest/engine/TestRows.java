package io.ringest.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/** Test doubles for the engine: rows are the 8-byte record offset; a value starting with 'X' is malformed. */
final class TestRows
{
    private TestRows()
    {
    }

    static final class OffsetEncoder implements RowEncoder
    {
        @Override
        public boolean encode(final LogEvent event, final RowBuffer out)
        {
            if (event.length() > 0 && event.value()[0] == 'X')
            {
                return false;
            }
            out.writeLongLE(event.offset());
            return true;
        }

        @Override
        public String failure()
        {
            return "starts with X";
        }
    }

    /**
     * Stores the offsets of the rows it is given, after a random delay, so acknowledgements arrive out of order; refuses,
     * as a table refuses bad data, any insert holding one of the {@link #refused} offsets.
     */
    static final class RecordingSink implements BatchSink
    {
        final Set<Long> stored;
        final Set<Long> refused = concurrentSet();
        final List<Integer> batchSizes = new ArrayList<>();
        final long maxDelayNanos;
        volatile InsertOutcome outcome = InsertOutcome.ACKNOWLEDGED;
        /** When set, every insert first waits for it to open, so a test can hold a writer busy. */
        volatile CountDownLatch gate;
        volatile int calls;
        /** RowBinary bytes of every insert attempt. */
        volatile long bytes;

        RecordingSink(final Set<Long> stored, final long maxDelayNanos)
        {
            this.stored = stored;
            this.maxDelayNanos = maxDelayNanos;
        }

        @Override
        public synchronized InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
        {
            calls++;
            bytes += to - from;
            if (gate != null)
            {
                awaitUninterruptibly(gate);
            }
            if (maxDelayNanos > 0)
            {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxDelayNanos));
            }
            if (outcome != InsertOutcome.ACKNOWLEDGED)
            {
                return outcome;
            }
            final ByteBuffer bytes = ByteBuffer.wrap(rows.array(), from, to - from).slice().order(ByteOrder.LITTLE_ENDIAN);
            if (to - from != rowCount * Long.BYTES)
            {
                throw new AssertionError(rowCount + " rows in " + (to - from) + " bytes");
            }
            final List<Long> offsets = new ArrayList<>(rowCount);
            for (int i = 0; i < rowCount; i++)
            {
                offsets.add(bytes.getLong());
            }
            if (offsets.stream().anyMatch(refused::contains))
            {
                return InsertOutcome.REJECTED_DATA;
            }
            stored.addAll(offsets);
            batchSizes.add(rowCount);
            return InsertOutcome.ACKNOWLEDGED;
        }

        @Override
        public String failure()
        {
            return "test outcome " + outcome;
        }

        @Override
        public void close()
        {
        }
    }

    static final class RecordingDeadLetters implements DeadLetterSink
    {
        final List<DeadLetter> letters = new ArrayList<>();

        @Override
        public synchronized boolean send(final List<DeadLetter> batch)
        {
            letters.addAll(batch);
            return true;
        }

        /** "original N" for offset N. */
        @Override
        public byte[] original(final String topic, final int partition, final long offset)
        {
            return ("original " + offset).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        @Override
        public void close()
        {
        }
    }

    static void awaitUninterruptibly(final CountDownLatch latch)
    {
        while (true)
        {
            try
            {
                latch.await();
                return;
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Set<Long> concurrentSet()
    {
        return ConcurrentHashMap.newKeySet();
    }

    /** Publishes one record as a Kafka poller would. */
    static void publish(final Pipeline pipeline, final int partitionIndex, final long offset, final byte[] value)
    {
        final long sequence = pipeline.ring().next();
        pipeline.ring().get(sequence).set("t", partitionIndex, partitionIndex, offset, System.currentTimeMillis(), value);
        pipeline.ring().publish(sequence);
    }
}
