package io.ringest.kafka;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.ringest.engine.Backlog;
import io.ringest.engine.LogEvent;
import io.ringest.engine.OffsetTracker;
import io.ringest.engine.PartitionTable;
import io.ringest.engine.PipelineFailure;
import io.ringest.engine.RecordParts;
import io.ringest.engine.StoredRecords;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

/**
 * One {@code kafka-poller-N} thread and the Kafka consumer only it touches: polls, copies each record
 * into a claimed ring slot, and commits what the {@link OffsetTracker} says is stored. When the ring is full it
 * pauses its partitions and keeps polling, so the group does not rebalance, until there is room again.
 */
final class KafkaPoller implements Runnable, ConsumerRebalanceListener, OffsetCommitCallback
{
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration PAUSED_POLL = Duration.ofMillis(10);
    private static final int CLAIM = 64;
    /** Commit metadata: the time from which the dead-letter topic may hold letters of records at or above the offset. */
    static final String DLQ_SINCE = "ringest.dlq.since=";

    private final Consumer<ByteBuffer, ByteBuffer> consumer;
    private final KafkaConfig config;
    private final RingBuffer<LogEvent> ring;
    private final PartitionTable partitions;
    private final OffsetTracker offsets;
    private final PipelineFailure failure;
    private final Backlog backlog;
    private final StoredRecords stored;
    private final DeadLetterLookup deadLettered;
    private final RecordCopy copy;
    private final long[][] alreadyStored;
    /**
     * Per partition index, the fetches since the last commit as {first offset, last offset, wall-clock millis}: a record
     * is dead-lettered no earlier than it was fetched, which bounds how far back the dead-letter topic is read.
     */
    private final Map<Integer, ArrayDeque<long[]>> fetches = new HashMap<>();
    /**
     * Per partition index, the dead-letter time this poller was assigned the partition with, and the last offset an
     * earlier owner dead-lettered: until the commit passes that offset, its letter is older than any fetch of ours.
     */
    private final long[] inheritedSince;
    private final long[] inheritedUntil;
    private final long[] publishedNext;
    /** Per partition, the offset after the last record fetched and published or skipped as already stored. */
    private final long[] handledNext;
    private final Map<TopicPartition, Integer> owned = new HashMap<>();
    /** Per partition index, the value of {@link #assignments} when it was last assigned. */
    private final long[] assignedAt;
    private long assignments;
    private final long[] committed;
    private final int claim;
    private final CountDownLatch publishingStopped = new CountDownLatch(1);
    private final AtomicLong polled = new AtomicLong();
    private final PollerCounters counters;
    private volatile boolean running = true;
    private volatile boolean drained;
    private boolean paused;
    private boolean commitInFlight;
    private long nextCommitNanos;
    private long reportedLag;

    KafkaPoller(
        final Consumer<ByteBuffer, ByteBuffer> consumer, final KafkaConfig config, final RingBuffer<LogEvent> ring,
        final PartitionTable partitions, final OffsetTracker offsets, final Backlog backlog, final StoredRecords stored,
        final DeadLetterLookup deadLettered, final RecordParts parts, final PipelineFailure failure)
    {
        this.deadLettered = deadLettered;
        this.copy = new RecordCopy(parts);
        this.consumer = consumer;
        this.config = config;
        this.ring = ring;
        this.partitions = partitions;
        this.offsets = offsets;
        this.failure = failure;
        this.backlog = backlog;
        this.stored = stored;
        this.alreadyStored = new long[partitions.capacity()][];
        this.publishedNext = new long[partitions.capacity()];
        this.handledNext = new long[partitions.capacity()];
        this.committed = new long[partitions.capacity()];
        this.assignedAt = new long[partitions.capacity()];
        this.inheritedSince = new long[partitions.capacity()];
        this.inheritedUntil = new long[partitions.capacity()];
        this.claim = Math.min(CLAIM, ring.getBufferSize());
        this.counters = new PollerCounters(partitions);
    }

    @Override
    public void run()
    {
        try
        {
            consumer.subscribe(config.topics(), this);
            while (running && !failure.isFailed())
            {
                publish(consumer.poll(POLL_TIMEOUT));
                reportLag();
                commitStored(false);
            }
            publishingStopped.countDown();
            consumer.pause(consumer.assignment());
            paused = true;
            while (!drained)
            {
                expectNothing(consumer.poll(POLL_TIMEOUT));
                commitStored(false);
            }
            commitStored(true);
        }
        catch (final FencedInstanceIdException e)
        {
            fenced();
        }
        catch (final UnreleasedInstanceIdException e)
        {
            failure.fail(Thread.currentThread().getName() + " failed: " + config.membership().unreleasedMessage(config.groupId()));
        }
        catch (final Exception e)
        {
            failure.fail(Thread.currentThread().getName() + " failed: " + e);
        }
        finally
        {
            backlog.change(-reportedLag);
            publishingStopped.countDown();
            consumer.close();
        }
    }

    /** Tells the batcher how many records of this poller's partitions wait in Kafka (known without a request). */
    private void reportLag()
    {
        long lag = 0;
        for (final TopicPartition tp : owned.keySet())
        {
            final long partitionLag = consumer.currentLag(tp).orElse(-1);
            counters.lag(owned.get(tp), partitionLag);
            if (partitionLag >= 0)
            {
                counters.end(owned.get(tp), consumer.position(tp) + partitionLag);
            }
            lag += Math.max(0, partitionLag);
        }
        backlog.change(lag - reportedLag);
        reportedLag = lag;
    }

    private void publish(final ConsumerRecords<ByteBuffer, ByteBuffer> records)
    {
        final long fetchedAt = assignments;
        for (final TopicPartition tp : records.partitions())
        {
            if (!publish(tp, records.records(tp), fetchedAt))
            {
                return;
            }
        }
        if (paused)
        {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /**
     * Publishes one partition's records in order. Stops early only if the partition is revoked meanwhile (its new
     * owner, maybe this poller again, reads the rest from the committed offset) or the poller is stopping (returns
     * false). Never skips a record of a partition it keeps: that would let a later offset be committed over it.
     */
    private boolean publish(
        final TopicPartition tp, final List<ConsumerRecord<ByteBuffer, ByteBuffer>> fetched, final long fetchedAt)
    {
        final Integer index = owned.get(tp);
        if (index == null || assignedAt[index] > fetchedAt)
        {
            return true;
        }
        fetches.computeIfAbsent(index, k -> new ArrayDeque<>()).add(
            new long[] {fetched.get(0).offset(), fetched.get(fetched.size() - 1).offset(), System.currentTimeMillis()});
        final List<ConsumerRecord<ByteBuffer, ByteBuffer>> records =
            alreadyStored[index] == null ? fetched : withoutStored(fetched, index);
        counters.skipped(index, fetched.size() - records.size());
        int next = 0;
        while (next < records.size())
        {
            final int published = tryPublish(records, next, index);
            if (published == 0)
            {
                waitForRoom();
                if (!running)
                {
                    return false;
                }
                if (!owned.containsKey(tp) || assignedAt[index] > fetchedAt)
                {
                    // Revoked, or revoked and assigned again within one poll: the consumer reads from the committed
                    // offset again, so publishing the rest of this fetch would store it twice.
                    return true;
                }
            }
            next += published;
            polled.lazySet(polled.get() + published);
            counters.polled(index, published);
        }
        handledNext[index] = fetched.get(fetched.size() - 1).offset() + 1;
        return true;
    }

    /**
     * Claims up to {@link #CLAIM} slots (never more than the ring holds) with one compare-and-set, fewer when the ring is nearly full, copies the
     * records from {@code from} on into them and publishes them; returns how many, 0 when the ring is full.
     */
    private int tryPublish(final List<ConsumerRecord<ByteBuffer, ByteBuffer>> records, final int from, final int index)
    {
        for (int n = Math.min(records.size() - from, claim); n > 0; n /= 2)
        {
            final long last;
            try
            {
                last = ring.tryNext(n);
            }
            catch (final InsufficientCapacityException full)
            {
                continue;
            }
            final long first = last - n + 1;
            for (int i = 0; i < n; i++)
            {
                copy.copy(records.get(from + i), index, ring.get(first + i));
            }
            partitions.published(index, n);
            ring.publish(first, last);
            publishedNext[index] = records.get(from + n - 1).offset() + 1;
            return n;
        }
        return 0;
    }

    /**
     * The fetched records minus those the sink already holds (found on assignment, see {@link StoredRecords}); forgets
     * the list once the partition has been read past its last entry.
     */
    private List<ConsumerRecord<ByteBuffer, ByteBuffer>> withoutStored(
        final List<ConsumerRecord<ByteBuffer, ByteBuffer>> fetched, final int index)
    {
        final long[] skip = alreadyStored[index];
        final List<ConsumerRecord<ByteBuffer, ByteBuffer>> kept = new ArrayList<>(fetched.size());
        for (final ConsumerRecord<ByteBuffer, ByteBuffer> record : fetched)
        {
            if (Arrays.binarySearch(skip, record.offset()) < 0)
            {
                kept.add(record);
            }
        }
        if (fetched.get(fetched.size() - 1).offset() >= skip[skip.length - 1])
        {
            alreadyStored[index] = null;
        }
        return kept;
    }

    /** Back-pressure: pause everything owned, keep polling (heartbeats, rebalances) and committing. */
    private void waitForRoom()
    {
        if (!paused)
        {
            consumer.pause(consumer.assignment());
            paused = true;
        }
        expectNothing(consumer.poll(PAUSED_POLL));
        commitStored(false);
    }

    /** A paused consumer returns no records; should one arrive anyway, rewind so it is read again later. */
    private void expectNothing(final ConsumerRecords<ByteBuffer, ByteBuffer> records)
    {
        for (final TopicPartition tp : records.partitions())
        {
            consumer.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private void commitStored(final boolean sync)
    {
        final long now = System.nanoTime();
        if (!sync && (commitInFlight || now - nextCommitNanos < 0))
        {
            return;
        }
        nextCommitNanos = now + config.commitIntervalNanos();
        final Map<TopicPartition, OffsetAndMetadata> stored = storedOffsets(owned.keySet());
        if (stored.isEmpty())
        {
            return;
        }
        if (sync)
        {
            consumer.commitSync(stored);
            onComplete(stored, null);
        }
        else
        {
            commitInFlight = true;
            consumer.commitAsync(stored, this);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> storedOffsets(final Collection<TopicPartition> tps)
    {
        final Map<TopicPartition, OffsetAndMetadata> stored = new HashMap<>();
        for (final TopicPartition tp : tps)
        {
            final int index = owned.get(tp);
            final long next = storedNext(index);
            if (next > committed[index])
            {
                final long since = next <= inheritedUntil[index] ? inheritedSince[index] : fetchedMillis(index, next - 1);
                stored.put(tp, new OffsetAndMetadata(next, DLQ_SINCE + since));
            }
        }
        return stored;
    }

    /**
     * When the record at {@code offset} was fetched, forgetting earlier fetches; -1 if unknown, which makes the next
     * owner read the whole dead-letter topic.
     */
    private long fetchedMillis(final int index, final long offset)
    {
        final ArrayDeque<long[]> times = fetches.get(index);
        while (times != null && times.size() > 1 && times.peekFirst()[1] < offset)
        {
            times.pollFirst();
        }
        final long[] fetch = times == null ? null : times.peekFirst();
        return fetch != null && fetch[0] <= offset && offset <= fetch[1] ? fetch[2] : -1;
    }

    /**
     * The offset below which every record of the partition is stored: the tracker's, or, once every record published
     * is stored, the end of what was handled, so records skipped as already stored are committed too (a run that only
     * skips would otherwise never commit).
     */
    private long storedNext(final int index)
    {
        final long acknowledged = Math.max(offsets.committable(index), committed[index]);
        // handledNext trails publishedNext while a fetch is only partly published (the ring filled, or a stop came).
        return acknowledged >= publishedNext[index] ? Math.max(acknowledged, handledNext[index]) : acknowledged;
    }

    @Override
    public void onComplete(final Map<TopicPartition, OffsetAndMetadata> done, final Exception error)
    {
        commitInFlight = false;
        if (error instanceof FencedInstanceIdException)
        {
            fenced();
            return;
        }
        if (error != null)
        {
            failure.warn("offset commit failed, will retry: " + error);
            return;
        }
        done.forEach((tp, offset) ->
        {
            // A commit that lands after its partition was revoked is the next owner's business; its index may be another's.
            final Integer index = owned.get(tp);
            if (index != null)
            {
                committed[index] = Math.max(committed[index], offset.offset());
                counters.committed(index, committed[index]);
            }
        });
    }

    /** Another live process took this poller's group.instance.id: stop with one line naming the setting. */
    private void fenced()
    {
        failure.fail(Thread.currentThread().getName() + " failed: " + config.membership().fencedMessage(config.groupId()));
    }

    @Override
    public void onPartitionsRevoked(final Collection<TopicPartition> revoked)
    {
        failure.info(Thread.currentThread().getName() + " revoked " + revoked);
        awaitStored(revoked);
        final Map<TopicPartition, OffsetAndMetadata> stored = storedOffsets(revoked);
        try
        {
            if (!stored.isEmpty())
            {
                consumer.commitSync(stored);
                onComplete(stored, null);
            }
        }
        catch (final KafkaException e)
        {
            // E.g. the group already gave the partitions away while the broker was out of reach: nothing is lost, the
            // next owner reads from the last commit (and with the metadata columns skips what is stored).
            failure.warn("commit at revoke of " + revoked + " failed, their next owner reads them from the last commit: " + e);
        }
        revoked.forEach(this::disown);
    }

    /**
     * Waits, at most {@code kafka.revoke.wait}, until every record of the revoked partitions already handed to the
     * pipeline is stored, so their offsets can be committed before the new owner starts and it does not read (and
     * store) them again. What is still in flight when the wait ends is read again by the new owner.
     */
    private void awaitStored(final Collection<TopicPartition> revoked)
    {
        final long deadline = System.nanoTime() + config.revokeWaitNanos();
        for (final TopicPartition tp : revoked)
        {
            final Integer index = owned.get(tp);
            while (index != null && Math.max(offsets.committable(index), committed[index]) < publishedNext[index])
            {
                if (failure.isFailed() || failure.isAborting())
                {
                    return; // nothing more will be stored
                }
                if (System.nanoTime() - deadline > 0)
                {
                    failure.warn(tp + " revoked with records still being inserted after kafka.revoke.wait; its new "
                        + "owner reads them again");
                    return;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /**
     * Forgets a partition no longer this poller's; its lag is the new owner's to tell. Its index goes back to the
     * {@link PartitionTable}, to be reused once every record published under it is through the pipeline.
     */
    private void disown(final TopicPartition tp)
    {
        final Integer index = owned.remove(tp);
        if (index != null)
        {
            counters.lag(index, -1);
            counters.owned(index, false);
            alreadyStored[index] = null;
            fetches.remove(index);
            partitions.release(index);
        }
    }

    @Override
    public void onPartitionsLost(final Collection<TopicPartition> lost)
    {
        lost.forEach(this::disown);
    }

    @Override
    public void onPartitionsAssigned(final Collection<TopicPartition> assigned)
    {
        failure.info(Thread.currentThread().getName() + " assigned " + assigned);
        assignments++;
        counters.assigned();
        for (final TopicPartition tp : assigned)
        {
            final int index = acquire(tp);
            owned.put(tp, index);
            counters.owned(index, true);
            assignedAt[index] = assignments;
            // Never commit below where the group already is, e.g. from batches stored before an earlier revoke.
            committed[index] = consumer.position(tp);
            publishedNext[index] = committed[index];
            handledNext[index] = committed[index];
            fetches.remove(index);
            final long[] inTable = stored.storedSince(tp.topic(), tp.partition(), committed[index]);
            inheritedSince[index] = since(tp);
            final long[] inDeadLetters = deadLettered.deadLettered(tp.topic(), tp.partition(), committed[index], inheritedSince[index]);
            inheritedUntil[index] = inDeadLetters.length == 0 ? -1 : inDeadLetters[inDeadLetters.length - 1];
            final long[] skip = LongStream.concat(Arrays.stream(inTable), Arrays.stream(inDeadLetters)).sorted().distinct().toArray();
            alreadyStored[index] = skip.length == 0 ? null : skip;
            if (skip.length > 0)
            {
                failure.warn(tp + ": " + skip.length + " records from offset " + committed[index] + " on are already stored ("
                    + inTable.length + " in the table, " + inDeadLetters.length + " in the dead-letter topic; an earlier run "
                    + "stopped before committing them); skipping them");
            }
        }
        if (paused)
        {
            consumer.pause(assigned);
        }
    }

    /**
     * The partition's index: the one it has if this poller owns it already, else one from the table, waiting at most
     * {@code kafka.revoke.wait} for revoked partitions' records still in flight to free one. When the table is full
     * the pipeline fails with its message (naming the setting), which the consumer would wrap in its own.
     */
    private int acquire(final TopicPartition tp)
    {
        final Integer kept = owned.get(tp);
        if (kept != null)
        {
            return kept;
        }
        final long deadline = System.nanoTime() + config.revokeWaitNanos();
        while (partitions.waitsForRecords(tp.topic(), tp.partition()) && System.nanoTime() - deadline < 0
            && !failure.isFailed() && !failure.isAborting())
        {
            LockSupport.parkNanos(1_000_000);
        }
        try
        {
            return partitions.acquire(tp.topic(), tp.partition());
        }
        catch (final IllegalStateException full)
        {
            failure.fail(Thread.currentThread().getName() + " failed: " + full.getMessage());
            throw full;
        }
    }

    /** The dead-letter time in the group's committed metadata for the partition, -1 if there is none. */
    private long since(final TopicPartition tp)
    {
        final OffsetAndMetadata committedOffset = consumer.committed(Set.of(tp)).get(tp);
        final String metadata = committedOffset == null ? "" : committedOffset.metadata();
        return metadata != null && metadata.startsWith(DLQ_SINCE) ? Long.parseLong(metadata.substring(DLQ_SINCE.length())) : -1;
    }

    long polled()
    {
        return polled.get();
    }

    PollerCounters counters()
    {
        return counters;
    }

    void stopPublishing()
    {
        running = false;
    }

    void awaitPublishingStopped() throws InterruptedException
    {
        publishingStopped.await();
    }

    /** Everything published has been stored or given up on: commit one last time and close. */
    void finish()
    {
        drained = true;
    }
}
