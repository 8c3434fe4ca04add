package io.ringest.kafka;

import io.ringest.engine.BatchSink;
import io.ringest.engine.DeadLetter;
import io.ringest.engine.DeadLetterSink;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.LogEvent;
import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineConfig;
import io.ringest.engine.PipelineFailure;
import io.ringest.engine.RecordParts;
import io.ringest.engine.RowBuffer;
import io.ringest.engine.RowEncoder;
import io.ringest.engine.Settings;
import io.ringest.engine.StoredRecords;
import io.ringest.engine.WaitMode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A poller whose pipeline holds {@code pipeline.max.partitions=2} moves through ten times as many partitions: each
 * rebalance assigns a new partition and revokes the one before the last, whose index the new one must take. The
 * partitions hold fewer records the later they come, so a committed offset carried over from an index's previous
 * partition would show.
 */
class KafkaPollerReuseTest
{
    private static final int MAX_PARTITIONS = 2;
    private static final int PARTITIONS = 10 * MAX_PARTITIONS;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);
    private final Queue<Long> stored = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();
    private final MockConsumer<ByteBuffer, ByteBuffer> consumer = new MockConsumer<>("earliest")
    {
        @Override
        public synchronized void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets)
        {
            offsets.forEach((tp, offset) -> commits.merge(tp, offset.offset(), Math::max));
            super.commitSync(offsets);
        }

        @Override
        public synchronized void commitAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback)
        {
            offsets.forEach((tp, offset) -> commits.merge(tp, offset.offset(), Math::max));
            super.commitAsync(offsets, callback);
        }
    };

    private static long records(final int partition)
    {
        return 200 - 5L * partition;
    }

    private static TopicPartition tp(final int partition)
    {
        return new TopicPartition("logs", partition);
    }

    @Test
    void shouldStoreAndCommitEveryRecordOnceThroughTenTimesMaxPartitionsPartitions() throws Exception
    {
        try (Pipeline pipeline = pipeline())
        {
            pipeline.start();
            final KafkaPoller poller = new KafkaPoller(consumer, KafkaConfig.from(Settings.load(null, List.of(
                "kafka.bootstrap.servers=127.0.0.1:1", "kafka.topics=logs", "kafka.group.id=g", "kafka.revoke.wait=10s",
                "kafka.commit.interval=10ms"))),
                pipeline.ring(), pipeline.partitions(), pipeline.offsets(), pipeline.backlog(), StoredRecords.NONE,
                DeadLetterLookup.NONE, RecordParts.NONE, failure);
            final Thread thread = new Thread(poller);
            thread.start();
            for (int p = 0; p < PARTITIONS; p++)
            {
                final int partition = p;
                consumer.schedulePollTask(() -> assign(partition));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (commits.getOrDefault(tp(partition), 0L) < records(partition) && !failure.isFailed())
                {
                    assertTrue(System.nanoTime() < deadline, "partition " + partition + " not committed: " + commits);
                    Thread.sleep(1);
                }
            }
            poller.stopPublishing();
            poller.awaitPublishingStopped();
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)), () -> failure.reason() + "\n" + String.join("\n", log));
            poller.finish();
            thread.join(5000);

            assertFalse(failure.isFailed(), failure.reason());
            final List<Long> expected = new ArrayList<>();
            long total = 0;
            for (int p = 0; p < PARTITIONS; p++)
            {
                assertEquals(records(p), commits.get(tp(p)), "committed offset of partition " + p);
                for (long o = 0; o < records(p); o++)
                {
                    expected.add(p * 1_000_000L + o);
                }
                total += records(p);
            }
            assertEquals(expected, stored.stream().sorted().toList(), "every record stored exactly once");
            assertEquals(Map.of("logs", total), poller.counters().polledByTopic());
            assertEquals(Map.of("logs", total), pipeline.metrics().storedByPartition.byTopic());
        }
    }

    /** Owns the partition and the one before it, revoking the one before that; the new partition gets its records. */
    private void assign(final int partition)
    {
        consumer.updateBeginningOffsets(Map.of(tp(partition), 0L));
        consumer.rebalance(partition == 0 ? List.of(tp(0)) : List.of(tp(partition - 1), tp(partition)));
        for (long offset = 0; offset < records(partition); offset++)
        {
            consumer.addRecord(new ConsumerRecord<>("logs", partition, offset, null, ByteBuffer.wrap(new byte[] {'a'})));
        }
    }

    /** Two writers whose inserts, each row the record's partition and offset, take up to a millisecond. */
    private Pipeline pipeline()
    {
        final RowEncoder encoder = new RowEncoder()
        {
            @Override
            public boolean encode(final LogEvent event, final RowBuffer out)
            {
                out.writeLongLE(event.partition() * 1_000_000L + event.offset());
                return true;
            }

            @Override
            public String failure()
            {
                return "";
            }
        };
        final PipelineConfig config = new PipelineConfig(
            1024, 64, 2, 16, 1 << 20, TimeUnit.MILLISECONDS.toNanos(2), MAX_PARTITIONS, TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.SECONDS.toNanos(10), WaitMode.BLOCKING, 1000, 50);
        return new Pipeline(config, encoder, List.of(new KeySink(), new KeySink()), new NoDeadLetters(), failure, "w");
    }

    private final class KeySink implements BatchSink
    {
        @Override
        public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
        {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000));
            final ByteBuffer bytes = ByteBuffer.wrap(rows.array(), from, to - from).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < rowCount; i++)
            {
                stored.add(bytes.getLong());
            }
            return InsertOutcome.ACKNOWLEDGED;
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

    private static final class NoDeadLetters implements DeadLetterSink
    {
        @Override
        public boolean send(final List<DeadLetter> letters)
        {
            throw new AssertionError("no dead letters in this test");
        }

        @Override
        public byte[] original(final String topic, final int partition, final long offset)
        {
            throw new AssertionError("no row is refused in this test");
        }

        @Override
        public void close()
        {
        }
    }
}
