package io.ringest.kafka;

import io.ringest.engine.PartitionCounter;
import io.ringest.engine.PartitionTable;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One poller's counters per partition index, written only by that poller's thread (once per fetch or poll, never per
 * record) with {@code lazySet}, read by the metrics thread. Lag, end offset and committed offset are -1 where unknown:
 * the partition is not this poller's, or nothing was fetched or committed by it yet; they go back to -1 when the
 * {@link PartitionTable} frees the index, and the polled and skipped counts move to their topic's total.
 */
final class PollerCounters
{
    private final PartitionCounter polled;
    private final PartitionCounter skipped;
    private final AtomicLongArray lag;
    private final AtomicLongArray committed;
    private final AtomicLongArray end;
    /** 1 where the partition is this poller's now, else 0. */
    private final AtomicLongArray owned;
    private final AtomicLong assignments = new AtomicLong();

    PollerCounters(final PartitionTable partitions)
    {
        polled = new PartitionCounter(partitions);
        skipped = new PartitionCounter(partitions);
        lag = new AtomicLongArray(partitions.capacity());
        committed = new AtomicLongArray(partitions.capacity());
        end = new AtomicLongArray(partitions.capacity());
        owned = new AtomicLongArray(partitions.capacity());
        for (int i = 0; i < partitions.capacity(); i++)
        {
            forget(i);
        }
        partitions.onRelease(this::forget);
    }

    private void forget(final int index)
    {
        lag.set(index, -1);
        committed.set(index, -1);
        end.set(index, -1);
        owned.set(index, 0);
    }

    void polled(final int index, final long records)
    {
        polled.add(index, records);
    }

    void skipped(final int index, final long records)
    {
        skipped.add(index, records);
    }

    void lag(final int index, final long records)
    {
        lag.lazySet(index, records);
    }

    /** The partition's end offset (high watermark) as of the last fetch: the position plus the lag. */
    void end(final int index, final long offset)
    {
        end.lazySet(index, offset);
    }

    void owned(final int index, final boolean isOwned)
    {
        owned.lazySet(index, isOwned ? 1 : 0);
    }

    void committed(final int index, final long offset)
    {
        committed.lazySet(index, Math.max(committed.get(index), offset));
    }

    void assigned()
    {
        assignments.lazySet(assignments.get() + 1);
    }

    long polled(final int index)
    {
        return polled.get(index);
    }

    long skipped(final int index)
    {
        return skipped.get(index);
    }

    /** Per topic, records polled, counting partitions whose index was freed since. */
    Map<String, Long> polledByTopic()
    {
        return polled.byTopic();
    }

    Map<String, Long> skippedByTopic()
    {
        return skipped.byTopic();
    }

    long lag(final int index)
    {
        return lag.get(index);
    }

    long committed(final int index)
    {
        return committed.get(index);
    }

    long end(final int index)
    {
        return end.get(index);
    }

    boolean owned(final int index)
    {
        return owned.get(index) == 1;
    }

    long assignments()
    {
        return assignments.get();
    }
}
