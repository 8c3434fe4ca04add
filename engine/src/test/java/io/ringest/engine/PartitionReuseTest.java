package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One producer, modelled on a Kafka poller, moves through ten times {@code pipeline.max.partitions} partitions: it
 * owns three at a time, revokes the oldest at each step (waiting for its records to be stored first for every other
 * one, as {@code kafka.revoke.wait} does, and not at all for the rest), and takes a new one, whose index the table
 * must take back from a revoked partition. Three writers with random insert times finish batches out of order.
 */
class PartitionReuseTest
{
    private static final int MAX_PARTITIONS = 4;
    private static final int PARTITIONS = 10 * MAX_PARTITIONS;
    private static final int OWNED = 3;
    private static final byte[] GOOD = "{}".getBytes();
    private static final byte[] BAD = "X{".getBytes();

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);
    /** Every row any writer stored, as its key; a row stored twice shows up twice. */
    private final Queue<Long> stored = new ConcurrentLinkedQueue<>();
    private final List<String> tokenErrors = new CopyOnWriteArrayList<>();

    /** Partition {@code s} of topic a (even s) or b (odd s) holds fewer records the later it comes. */
    private static int records(final int s)
    {
        return 3 * (300 - 5 * s);
    }

    private static String topic(final int s)
    {
        return s % 2 == 0 ? "a" : "b";
    }

    private static boolean bad(final long offset)
    {
        return offset % 97 == 5;
    }

    @Test
    void shouldStoreEveryRecordOnceThroughTenTimesMaxPartitionsPartitions() throws Exception
    {
        final TestRows.RecordingDeadLetters dlq = new TestRows.RecordingDeadLetters();
        final PipelineConfig config = new PipelineConfig(
            1024, 64, 3, 50, 1 << 20, TimeUnit.MILLISECONDS.toNanos(2), MAX_PARTITIONS, 50_000_000, 10_000_000_000L,
            WaitMode.BLOCKING, 1000, 50);
        final List<BatchSink> sinks = List.of(new KeySink(), new KeySink(), new KeySink());
        try (Pipeline pipeline = new Pipeline(config, new KeyEncoder(), sinks, dlq, failure, "test-writer"))
        {
            pipeline.start();
            produce(pipeline);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)), String.join("\n", log));

            assertFalse(failure.isFailed(), failure.reason());
            assertEquals(List.of(), tokenErrors);
            final List<Long> expected = new ArrayList<>();
            final Map<String, Long> goodByTopic = new HashMap<>();
            final Map<String, Long> badByTopic = new HashMap<>();
            for (int s = 0; s < PARTITIONS; s++)
            {
                for (long o = 0; o < records(s); o++)
                {
                    (bad(o) ? badByTopic : goodByTopic).merge(topic(s), 1L, Long::sum);
                    if (!bad(o))
                    {
                        expected.add(key(s, o));
                    }
                }
            }
            assertEquals(expected.size(), stored.size(), "rows stored, duplicates included");
            assertEquals(expected, stored.stream().sorted().toList(), "every good record stored exactly once");
            assertEquals(badByTopic.values().stream().mapToLong(Long::longValue).sum(), dlq.letters.size());
            assertEquals(badByTopic,
                dlq.letters.stream().collect(Collectors.groupingBy(DeadLetter::topic, Collectors.counting())));
            assertEquals(goodByTopic, pipeline.metrics().storedByPartition.byTopic());
            assertEquals(badByTopic, pipeline.metrics().deadLettersByPartition.byTopic());
        }
    }

    /** Owns {@link #OWNED} partitions at a time, publishing a third of each one's records per step it owns it. */
    private void produce(final Pipeline pipeline)
    {
        final PartitionTable table = pipeline.partitions();
        final ArrayDeque<int[]> owned = new ArrayDeque<>();
        final Map<Integer, Long> next = new HashMap<>();
        for (int s = 0; s < PARTITIONS + OWNED; s++)
        {
            if (owned.size() == OWNED || s >= PARTITIONS)
            {
                revoke(pipeline, owned.poll());
            }
            if (s < PARTITIONS)
            {
                while (table.waitsForRecords(topic(s), s))
                {
                    LockSupport.parkNanos(100_000);
                }
                final int index = table.acquire(topic(s), s);
                for (final int[] other : owned)
                {
                    assertTrue(other[1] != index,
                        "index " + index + " given to partition " + s + " while " + other[0] + " owns it");
                }
                assertEquals(OffsetTracker.NONE, pipeline.offsets().committable(index), "partition " + s + " at index " + index);
                owned.add(new int[] {s, index});
                next.put(s, 0L);
            }
            for (final int[] partition : owned)
            {
                final long from = next.get(partition[0]);
                final long to = from + records(partition[0]) / 3;
                for (long o = from; o < to; o++)
                {
                    publish(pipeline, partition[0], partition[1], o);
                }
                next.put(partition[0], to);
            }
        }
    }

    /** Every other partition is revoked once its records are stored, checking what would be committed; the rest at once. */
    private static void revoke(final Pipeline pipeline, final int[] partition)
    {
        final int s = partition[0];
        final int index = partition[1];
        if (s % 2 == 0)
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pipeline.offsets().committable(index) < records(s) && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(100_000);
            }
            assertEquals(records(s), pipeline.offsets().committable(index), "committable of partition " + s);
        }
        pipeline.partitions().release(index);
    }

    private static void publish(final Pipeline pipeline, final int s, final int index, final long offset)
    {
        pipeline.partitions().published(index, 1);
        final long sequence = pipeline.ring().next();
        pipeline.ring().get(sequence).set(topic(s), s, index, offset, System.currentTimeMillis(), bad(offset) ? BAD : GOOD);
        pipeline.ring().publish(sequence);
    }

    private static long key(final int s, final long offset)
    {
        return s * 1_000_000L + offset;
    }

    /** The row is the record's key; a value starting with 'X' cannot be encoded and becomes a dead letter. */
    private static final class KeyEncoder implements RowEncoder
    {
        @Override
        public boolean encode(final LogEvent event, final RowBuffer out)
        {
            if (event.value()[0] == 'X')
            {
                return false;
            }
            out.writeLongLE(key(event.partition(), event.offset()));
            return true;
        }

        @Override
        public String failure()
        {
            return "starts with X";
        }
    }

    /**
     * Stores keys after a random delay and checks the token names each row's own partition: a writer reads partition
     * names by index while it inserts, so an index freed too early would name another partition.
     */
    private final class KeySink implements BatchSink
    {
        @Override
        public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount, final String token)
        {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000));
            final ByteBuffer bytes = ByteBuffer.wrap(rows.array(), from, to - from).order(ByteOrder.LITTLE_ENDIAN);
            final List<String> named = List.of(token.split(" "));
            for (int i = 0; i < rowCount; i++)
            {
                final long key = bytes.getLong();
                final int s = (int)(key / 1_000_000);
                if (named.stream().noneMatch(n -> n.startsWith(topic(s) + "-" + s + ":")))
                {
                    tokenErrors.add("row of partition " + s + " inserted with token " + token);
                }
                stored.add(key);
            }
            return InsertOutcome.ACKNOWLEDGED;
        }

        @Override
        public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
        {
            throw new AssertionError("the writers pass a token");
        }

        @Override
        public String failure()
        {
            return "";
        }

        @Override
        public void close()
        {
        }
    }
}
