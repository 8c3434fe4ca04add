package io.ringest.kafka;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.ringest.engine.Backlog;
import io.ringest.engine.BatchSink;
import io.ringest.engine.DeadLetter;
import io.ringest.engine.DeadLetterSink;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineConfig;
import io.ringest.engine.RowBuffer;
import io.ringest.engine.RowEncoder;
import io.ringest.engine.StoredRecords;
import io.ringest.engine.WaitMode;
import io.ringest.engine.LogEvent;
import io.ringest.engine.OffsetTracker;
import io.ringest.engine.PartitionTable;
import io.ringest.engine.PipelineFailure;
import io.ringest.engine.RecordParts;
import io.ringest.engine.Settings;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaPollerTest
{
    private static final int RING = 64;
    private static final int PER_PARTITION = 100;
    private static final TopicPartition P0 = new TopicPartition("logs", 0);
    private static final TopicPartition P1 = new TopicPartition("logs", 1);

    private final MockConsumer<ByteBuffer, ByteBuffer> consumer = new MockConsumer<>("earliest");
    private final RingBuffer<LogEvent> ring = RingBuffer.createMultiProducer(() -> new LogEvent(64), RING);
    private final Sequence consumed = new Sequence(-1);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);
    private final PartitionTable partitions = new PartitionTable(8);
    private final KafkaConfig config = KafkaConfig.from(Settings.load(null, List.of(
        "kafka.bootstrap.servers=127.0.0.1:1", "kafka.topics=logs", "kafka.group.id=g", "kafka.revoke.wait=0ms")));
    private final KafkaPoller poller = new KafkaPoller(
        consumer, config, ring, partitions, new OffsetTracker(partitions, failure), new Backlog(),
        this::storedSince, DeadLetterLookup.NONE, RecordParts.NONE, failure);
    /** What the sink claims to hold of partition 0, for the test of skipping on assignment. */
    private long[] storedInP0 = new long[0];

    KafkaPollerTest()
    {
        ring.addGatingSequences(consumed);
    }

    private void assignAndFill()
    {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        for (long offset = 0; offset < PER_PARTITION; offset++)
        {
            consumer.addRecord(new ConsumerRecord<>("logs", 0, offset, null, ByteBuffer.wrap(new byte[] {'a'})));
            consumer.addRecord(new ConsumerRecord<>("logs", 1, offset, null, ByteBuffer.wrap(new byte[] {'b'})));
        }
    }

    /** Adds the commit of {@code offset} to {@code metadata}, but not the test's own commit of offset 0. */
    private static void record(final List<String> metadata, final String commit)
    {
        if (!commit.contains("@0 "))
        {
            metadata.add(commit);
        }
    }

    /** Reads what the poller published, as the batching thread would, until {@code done} or 10 s. */
    private List<String> drain(final Predicate<List<String>> done) throws InterruptedException
    {
        final List<String> published = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.test(published) && System.nanoTime() < deadline)
        {
            long next = consumed.get() + 1;
            while (next <= ring.getCursor() && ring.isAvailable(next))
            {
                final LogEvent event = ring.get(next);
                published.add(event.partition() + ":" + event.offset());
                consumed.set(next++);
            }
            Thread.sleep(1);
        }
        return published;
    }

    /** Waits, at most 10 s, for a log line containing {@code text}. */
    private void awaitLog(final String text) throws InterruptedException
    {
        awaitLog(text, 1);
    }

    /** Waits, at most 10 s, for {@code times} log lines containing {@code text}. */
    private void awaitLog(final String text, final int times) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.stream().filter(line -> line.contains(text)).count() < times)
        {
            assertTrue(System.nanoTime() < deadline, "not " + times + " times '" + text + "' in " + log);
            Thread.sleep(1);
        }
    }

    private static List<String> offsets(final int partition, final int from, final int to)
    {
        final List<String> result = new ArrayList<>();
        for (int o = from; o < to; o++)
        {
            result.add(partition + ":" + o);
        }
        return result;
    }

    @Test
    void shouldPublishEveryRecordInOrderThroughAFullRing() throws Exception
    {
        consumer.schedulePollTask(this::assignAndFill);
        final Thread thread = new Thread(poller);
        thread.start();
        final List<String> published = drain(list -> list.size() == 2 * PER_PARTITION);
        poller.stopPublishing();
        poller.finish();
        thread.join(5000);

        assertEquals(2 * PER_PARTITION, published.size());
        assertEquals(offsets(0, 0, PER_PARTITION), published.stream().filter(s -> s.startsWith("0:")).toList());
        assertEquals(offsets(1, 0, PER_PARTITION), published.stream().filter(s -> s.startsWith("1:")).toList());
        assertFalse(failure.isFailed());
    }

    @Test
    void shouldKeepPublishingPartitionsItKeepsWhenAnotherIsRevokedWhileTheRingIsFull() throws Exception
    {
        consumer.schedulePollTask(this::assignAndFill);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        final Thread thread = new Thread(poller);
        thread.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumer.assignment().size() != 1 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(RING - 1, ring.getCursor(), "the ring filled before the rebalance");
        final List<String> published = drain(list -> list.contains("1:" + (PER_PARTITION - 1)));
        poller.stopPublishing();
        poller.finish();
        thread.join(5000);

        final List<String> p0 = published.stream().filter(s -> s.startsWith("0:")).toList();
        assertEquals(offsets(0, 0, p0.size()), p0, "the revoked partition stops at a contiguous prefix");
        assertEquals(offsets(1, 0, PER_PARTITION), published.stream().filter(s -> s.startsWith("1:")).toList(),
            "no record of the kept partition is skipped");
    }
    /**
     * An eager rebalance revokes every partition and assigns them back within one poll while the ring is full: the
     * consumer reads each from its committed offset again, so the rest of the fetch in hand must not be published too.
     */
    @Test
    void shouldReadAPartitionAssignedBackWithinOnePollOnlyFromItsCommittedOffset() throws Exception
    {
        consumer.schedulePollTask(this::assignAndFill);
        consumer.schedulePollTask(() ->
        {
            consumer.rebalance(List.of());
            consumer.rebalance(List.of(P0, P1));
            for (long offset = 0; offset < PER_PARTITION; offset++)
            {
                consumer.addRecord(new ConsumerRecord<>("logs", 0, offset, null, ByteBuffer.wrap(new byte[] {'a'})));
                consumer.addRecord(new ConsumerRecord<>("logs", 1, offset, null, ByteBuffer.wrap(new byte[] {'b'})));
            }
        });
        final Thread thread = new Thread(poller);
        thread.start();
        awaitLog(" assigned ", 2);
        final long beforeRebalance = ring.getCursor() + 1;
        final List<String> published = drain(list -> list.size() >= beforeRebalance + 2 * PER_PARTITION);
        Thread.sleep(100);
        published.addAll(drain(list -> consumed.get() == ring.getCursor()));
        poller.stopPublishing();
        poller.finish();
        thread.join(5000);

        // Nothing was stored, so nothing was committed: after what the full ring held, each partition starts again at 0.
        assertEquals(RING, beforeRebalance, "the ring filled before the rebalance");
        assertEquals(beforeRebalance + 2 * PER_PARTITION, published.size(), String.valueOf(published));
        final List<String> inRing = published.subList(0, RING);
        for (final int partition : new int[] {0, 1})
        {
            final String prefix = partition + ":";
            final List<String> expected = new ArrayList<>(
                offsets(partition, 0, (int)inRing.stream().filter(s -> s.startsWith(prefix)).count()));
            expected.addAll(offsets(partition, 0, PER_PARTITION));
            assertEquals(expected, published.stream().filter(s -> s.startsWith(prefix)).toList());
        }
    }

    private long[] storedSince(final String topic, final int partition, final long from)
    {
        return partition == 0 ? Arrays.stream(storedInP0).filter(o -> o >= from).toArray() : new long[0];
    }

    @Test
    void shouldSkipExactlyTheRecordsTheSinkAlreadyHoldsWhenAPartitionIsAssigned() throws Exception
    {
        storedInP0 = new long[] {3, 4, 7};
        consumer.schedulePollTask(this::assignAndFill);
        final Thread thread = new Thread(poller);
        thread.start();
        final List<String> published = drain(list -> list.size() == 2 * PER_PARTITION - 3);
        poller.stopPublishing();
        poller.finish();
        thread.join(5000);

        final List<String> expected = new ArrayList<>(offsets(0, 0, PER_PARTITION));
        expected.removeAll(List.of("0:3", "0:4", "0:7"));
        assertEquals(expected, published.stream().filter(s -> s.startsWith("0:")).toList());
        assertEquals(offsets(1, 0, PER_PARTITION), published.stream().filter(s -> s.startsWith("1:")).toList());
        final PollerCounters counters = poller.counters();
        final int p0 = partitions.indexOf("logs", 0);
        final int p1 = partitions.indexOf("logs", 1);
        assertEquals(List.of((long)expected.size(), 3L), List.of(counters.polled(p0), counters.skipped(p0)));
        assertEquals(List.of((long)PER_PARTITION, 0L), List.of(counters.polled(p1), counters.skipped(p1)));
        assertEquals(1, counters.assignments());
    }
    /**
     * Records this group already dead-lettered are skipped like records already in the table; the dead-letter topic is
     * read from the fetch time in the group's commit metadata, or from its start when there is none.
     */
    @Test
    void shouldSkipRecordsAlreadyDeadLetteredSinceTheCommittedFetchTime() throws Exception
    {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final MockConsumer<ByteBuffer, ByteBuffer> recording = new MockConsumer<>("earliest");
        final DeadLetterLookup lookup = (topic, partition, from, since) ->
        {
            asked.add(topic + "-" + partition + " from " + from + " since " + since);
            return partition == 0 ? new long[] {3, 7} : new long[0];
        };
        final KafkaPoller poller = new KafkaPoller(
            recording, config, ring, partitions, new OffsetTracker(partitions, failure), new Backlog(), this::storedSince, lookup,
            RecordParts.NONE, failure);
        recording.schedulePollTask(() ->
        {
            recording.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
            recording.commitSync(Map.of(P0, new OffsetAndMetadata(0, KafkaPoller.DLQ_SINCE + 12345)));
            recording.rebalance(List.of(P0, P1));
            for (long offset = 0; offset < 10; offset++)
            {
                recording.addRecord(new ConsumerRecord<>("logs", 0, offset, null, ByteBuffer.wrap(new byte[] {'a'})));
            }
        });
        final Thread thread = new Thread(poller);
        thread.start();
        final List<String> published = drain(list -> list.size() == 8);
        poller.stopPublishing();
        poller.finish();
        thread.join(5000);

        assertEquals(List.of("logs-0 from 0 since 12345", "logs-1 from 0 since -1"), asked.stream().sorted().toList());
        final List<String> expected = new ArrayList<>(offsets(0, 0, 10));
        expected.removeAll(List.of("0:3", "0:7"));
        assertEquals(expected, published);
    }

    /**
     * A commit below a letter an earlier owner wrote keeps the dead-letter time the partition was assigned with: that
     * letter is older than anything this poller fetched, and the next owner must still find it. It used to commit the
     * fetch time, and a rebalance after a crash dead-lettered the earlier run's letters again.
     */
    @Test
    void shouldKeepTheInheritedDeadLetterTimeUntilTheCommitPassesTheEarlierOwnersLetters() throws Exception
    {
        storedInP0 = new long[] {0, 1, 2, 4, 5, 6, 7};
        final List<String> metadata = new CopyOnWriteArrayList<>();
        final MockConsumer<ByteBuffer, ByteBuffer> recording = seeingCommits(
            (tp, offset) -> record(metadata, tp.partition() + "@" + offset.offset() + " " + offset.metadata()));
        final DeadLetterLookup lookup = (topic, partition, from, since) -> partition == 0 ? new long[] {3, 9} : new long[0];
        final KafkaPoller poller = new KafkaPoller(
            recording, config, ring, partitions, new OffsetTracker(partitions, failure), new Backlog(), this::storedSince, lookup,
            RecordParts.NONE, failure);
        recording.schedulePollTask(() ->
        {
            recording.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
            recording.commitSync(Map.of(P0, new OffsetAndMetadata(0, KafkaPoller.DLQ_SINCE + 12345)));
            recording.rebalance(List.of(P0, P1));
            for (long offset = 0; offset < 8; offset++)
            {
                recording.addRecord(new ConsumerRecord<>("logs", 0, offset, null, ByteBuffer.wrap(new byte[] {'a'})));
            }
        });
        final Thread thread = new Thread(poller);
        thread.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metadata.isEmpty() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        poller.stopPublishing();
        poller.finish();
        thread.join(5000);

        // Offsets 0-7 are all skipped (seven in the table, 3 dead-lettered) and committed; 9's letter lies beyond.
        assertEquals("0@8 " + KafkaPoller.DLQ_SINCE + 12345, metadata.get(0));
    }

    /**
     * A commit at revoke that the group refuses (the member was already replaced while the broker was out of reach)
     * is a warning, not a failure: the next owner reads from the last commit. It used to stop ringest.
     */
    @Test
    void shouldCarryOnWhenTheCommitAtRevokeIsRefused() throws Exception
    {
        storedInP0 = new long[] {0, 1, 2, 3, 4};
        final MockConsumer<ByteBuffer, ByteBuffer> refusing = new MockConsumer<>("earliest")
        {
            @Override
            public synchronized void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets)
            {
                throw new CommitFailedException();
            }

            @Override
            public synchronized void commitAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback)
            {
                callback.onComplete(offsets, new CommitFailedException());
            }
        };
        final KafkaPoller poller = new KafkaPoller(
            refusing, config, ring, partitions, new OffsetTracker(partitions, failure), new Backlog(), this::storedSince,
            DeadLetterLookup.NONE, RecordParts.NONE, failure);
        refusing.schedulePollTask(() ->
        {
            refusing.updateBeginningOffsets(Map.of(P0, 0L));
            refusing.rebalance(List.of(P0));
            for (long offset = 0; offset < 5; offset++)
            {
                refusing.addRecord(new ConsumerRecord<>("logs", 0, offset, null, ByteBuffer.wrap(new byte[] {'a'})));
            }
        });
        final Thread thread = new Thread(poller);
        thread.start();
        awaitLog("are already stored");
        refusing.schedulePollTask(() -> refusing.rebalance(List.of()));
        awaitLog("commit at revoke");
        poller.stopPublishing();
        poller.finish();
        thread.join(5000);

        assertFalse(failure.isFailed(), failure.reason());
        assertTrue(log.stream().anyMatch(line -> line.contains("commit at revoke of [logs-0] failed")), String.join("\n", log));
    }

    /** Another live process with the same instance name: the group fences this poller, which stops naming the setting. */
    @Test
    void shouldStopNamingTheInstanceSettingWhenFencedOnPoll() throws Exception
    {
        consumer.setPollException(new FencedInstanceIdException("The broker rejected this static consumer"));
        final Thread thread = new Thread(poller);
        thread.start();
        thread.join(5000);

        assertTrue(failure.isFailed());
        assertTrue(failure.reason().contains("uses kafka.instance.id=") && failure.reason().contains("give every ringest "
            + "process of the group its own kafka.instance.id"), failure.reason());
    }

    /** Consumer protocol: a killed run's static member still holds the name, and the group refuses the restart. */
    @Test
    void shouldStopNamingTheProtocolWhenTheInstanceNameIsNotReleased() throws Exception
    {
        consumer.setPollException(new UnreleasedInstanceIdException("still in use"));
        final Thread thread = new Thread(poller);
        thread.start();
        thread.join(5000);

        assertTrue(failure.isFailed());
        assertTrue(failure.reason().contains("still holds kafka.instance.id=") && failure.reason().contains(
            "use kafka.group.protocol=classic"), failure.reason());
    }

    @Test
    void shouldStopNamingTheInstanceSettingWhenFencedOnCommit() throws Exception
    {
        final MockConsumer<ByteBuffer, ByteBuffer> fencing = new MockConsumer<>("earliest")
        {
            @Override
            public synchronized void commitAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback)
            {
                callback.onComplete(offsets, new FencedInstanceIdException("fenced"));
            }
        };
        storedInP0 = new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        final KafkaPoller poller = new KafkaPoller(
            fencing, config, ring, partitions, new OffsetTracker(partitions, failure), new Backlog(), this::storedSince,
            DeadLetterLookup.NONE, RecordParts.NONE, failure);
        assignTenRecords(fencing);
        final Thread thread = new Thread(poller);
        thread.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!failure.isFailed() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        poller.stopPublishing();
        poller.finish();
        thread.join(5000);

        assertTrue(failure.isFailed(), String.join("\n", log));
        assertTrue(failure.reason().contains("uses kafka.instance.id="), failure.reason());
    }

    /**
     * A partition whose records are all already stored is committed to its end although none of them goes through the
     * pipeline; a partition whose records were published but not stored is not committed at all.
     */
    @Test
    void shouldCommitRecordsSkippedAsAlreadyStored() throws Exception
    {
        storedInP0 = offsets(0, 0, PER_PARTITION).stream().mapToLong(s -> Long.parseLong(s.substring(2))).toArray();
        final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();
        final List<String> metadata = new CopyOnWriteArrayList<>();
        final long start = System.currentTimeMillis();
        final MockConsumer<ByteBuffer, ByteBuffer> recording = seeingCommits((tp, offset) ->
        {
            commits.merge(tp, offset.offset(), Math::max);
            metadata.add(offset.metadata());
        });
        final KafkaPoller skipping = new KafkaPoller(
            recording, config, ring, partitions, new OffsetTracker(partitions, failure), new Backlog(), this::storedSince, DeadLetterLookup.NONE,
            RecordParts.NONE, failure);
        recording.schedulePollTask(() ->
        {
            recording.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
            recording.rebalance(List.of(P0, P1));
            for (long offset = 0; offset < PER_PARTITION; offset++)
            {
                recording.addRecord(new ConsumerRecord<>("logs", 0, offset, null, ByteBuffer.wrap(new byte[] {'a'})));
                recording.addRecord(new ConsumerRecord<>("logs", 1, offset, null, ByteBuffer.wrap(new byte[] {'b'})));
            }
        });
        final Thread thread = new Thread(skipping);
        thread.start();
        final List<String> published = drain(list -> list.size() == PER_PARTITION);
        skipping.stopPublishing();
        skipping.finish();
        thread.join(5000);

        assertEquals(offsets(1, 0, PER_PARTITION), published);
        assertEquals(Map.of(P0, (long)PER_PARTITION), commits);
        // Each commit says when its last record was fetched: the dead-letter topic holds no later record's letter before.
        assertFalse(metadata.isEmpty());
        for (final String m : metadata)
        {
            final long fetched = Long.parseLong(m.substring(KafkaPoller.DLQ_SINCE.length()));
            assertTrue(fetched >= start && fetched <= System.currentTimeMillis(), m);
        }
    }

    @Test
    void shouldCommitARevokedPartitionOnlyOnceItsRecordsInFlightAreStored() throws Exception
    {
        final CountDownLatch gate = new CountDownLatch(1);
        final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();
        final MockConsumer<ByteBuffer, ByteBuffer> mock = recordingCommits(commits);
        try (Pipeline pipeline = heldPipeline(gate))
        {
            pipeline.start();
            final KafkaPoller revoking = pollerOf(mock, pipeline);
            assignTenRecords(mock);
            // The revoke comes while the batch of offsets 0..9 is still being inserted; the insert ends 300 ms later.
            mock.schedulePollTask(() ->
            {
                new Thread(() ->
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
                    gate.countDown();
                }).start();
                mock.rebalance(List.of());
            });
            final Thread thread = new Thread(revoking);
            thread.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!mock.assignment().isEmpty() || !commits.containsKey(P0))
            {
                assertTrue(System.nanoTime() < deadline, "no commit for the revoked partition");
                Thread.sleep(5);
            }
            revoking.stopPublishing();
            revoking.finish();
            thread.join(5000);
            assertEquals(10L, commits.get(P0), "committed at revoke, after the insert");
        }
    }

    /**
     * Once a stop has given up on the pipeline (its inserts hang), a revoke does not wait kafka.revoke.wait (60 s
     * here) for records that will never be stored, and commits none of them.
     */
    @Test
    void shouldNotWaitAtRevokeForRecordsAStopGaveUpOn() throws Exception
    {
        final CountDownLatch never = new CountDownLatch(1);
        final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();
        final MockConsumer<ByteBuffer, ByteBuffer> mock = recordingCommits(commits);
        try (Pipeline pipeline = heldPipeline(never))
        {
            pipeline.start();
            final KafkaPoller revoking = pollerOf(mock, pipeline);
            assignTenRecords(mock);
            final Thread thread = new Thread(revoking);
            thread.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (revoking.polled() < 10)
            {
                assertTrue(System.nanoTime() < deadline, "the ten records were not published");
                Thread.sleep(5);
            }
            revoking.stopPublishing();
            revoking.awaitPublishingStopped();
            assertFalse(pipeline.drain(TimeUnit.MILLISECONDS.toNanos(200)), "the inserts hang");
            final CountDownLatch revoked = new CountDownLatch(1);
            mock.schedulePollTask(() ->
            {
                mock.rebalance(List.of());
                revoked.countDown();
            });
            final boolean revokeReturned = revoked.await(20, TimeUnit.SECONDS);
            revoking.finish();
            never.countDown();
            thread.join(5000);

            assertTrue(revokeReturned, "the revoke still waits for records that will never be stored");
            assertFalse(commits.containsKey(P0), "committed " + commits);
            assertTrue(log.stream().noneMatch(line -> line.contains("after kafka.revoke.wait")), String.join("\n", log));
        }
    }

    private static void assignTenRecords(final MockConsumer<ByteBuffer, ByteBuffer> mock)
    {
        mock.schedulePollTask(() ->
        {
            mock.updateBeginningOffsets(Map.of(P0, 0L));
            mock.rebalance(List.of(P0));
            for (long offset = 0; offset < 10; offset++)
            {
                mock.addRecord(new ConsumerRecord<>("logs", 0, offset, null, ByteBuffer.wrap(new byte[] {'a'})));
            }
        });
    }

    private KafkaPoller pollerOf(final MockConsumer<ByteBuffer, ByteBuffer> mock, final Pipeline pipeline)
    {
        return new KafkaPoller(mock, KafkaConfig.from(Settings.load(null, List.of(
            "kafka.bootstrap.servers=127.0.0.1:1", "kafka.topics=logs", "kafka.group.id=g", "kafka.revoke.wait=60s"))),
            pipeline.ring(), pipeline.partitions(), pipeline.offsets(), pipeline.backlog(), StoredRecords.NONE,
            DeadLetterLookup.NONE, RecordParts.NONE, failure);
    }

    private static MockConsumer<ByteBuffer, ByteBuffer> recordingCommits(final Map<TopicPartition, Long> commits)
    {
        return seeingCommits((tp, offset) -> commits.merge(tp, offset.offset(), Math::max));
    }

    /** A consumer that shows each offset of every commit, sync or async, to {@code seen} before making it. */
    private static MockConsumer<ByteBuffer, ByteBuffer> seeingCommits(final BiConsumer<TopicPartition, OffsetAndMetadata> seen)
    {
        return new MockConsumer<>("earliest")
        {
            @Override
            public synchronized void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets)
            {
                offsets.forEach(seen);
                super.commitSync(offsets);
            }

            @Override
            public synchronized void commitAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback)
            {
                offsets.forEach(seen);
                super.commitAsync(offsets, callback);
            }
        };
    }

    /** A pipeline whose inserts, each row an offset, are acknowledged only once {@code gate} opens. */
    private Pipeline heldPipeline(final CountDownLatch gate)
    {
        final RowEncoder encoder = new RowEncoder()
        {
            @Override
            public boolean encode(final LogEvent event, final RowBuffer out)
            {
                out.writeLongLE(event.offset());
                return true;
            }

            @Override
            public String failure()
            {
                return "";
            }
        };
        final BatchSink heldUntilGateOpens = new BatchSink()
        {
            @Override
            public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
            {
                try
                {
                    gate.await();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
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
        };
        final DeadLetterSink noDeadLetters = new DeadLetterSink()
        {
            @Override
            public boolean send(final List<DeadLetter> letters)
            {
                return true;
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
        };
        final PipelineConfig pipelineConfig = new PipelineConfig(
            1024, 64, 1, 1000, 1 << 20, TimeUnit.MILLISECONDS.toNanos(5), 8, TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.SECONDS.toNanos(10), WaitMode.BLOCKING, 1000, 50);
        return new Pipeline(pipelineConfig, encoder, List.of(heldUntilGateOpens), noDeadLetters, failure, "w");
    }
}
