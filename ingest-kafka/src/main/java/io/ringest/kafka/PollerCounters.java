package io.ringest.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One poller's counters per partition index, written only by that poller's thread (once per fetch or poll, never per
 * record) with {@code lazySet}, read by the metrics thread. Lag and committed offset are -1 where unknown: the
 * partition is not this poller's, or nothing was committed by it yet.
 */
final class PollerCounters
{
    private final AtomicLongArray polled;
    private final AtomicLongArray skipped;
    private final AtomicLongArray lag;
    private final AtomicLongArray committed;
    private final AtomicLong assignments = new AtomicLong();

    PollerCounters(final int partitions)
    {
        polled = new AtomicLongArray(partitions);
        skipped = new AtomicLongArray(partitions);
        lag = new AtomicLongArray(partitions);
        committed = new AtomicLongArray(partitions);
        for (int i = 0; i < partitions; i++)
        {
            lag.set(i, -1);
            committed.set(i, -1);
        }
    }

    void polled(final int index, final long records)
    {
        polled.lazySet(index, polled.get(index) + records);
    }

    void skipped(final int index, final long records)
    {
        skipped.lazySet(index, skipped.get(index) + records);
    }

    void lag(final int index, final long records)
    {
        lag.lazySet(index, records);
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

    long lag(final int index)
    {
        return lag.get(index);
    }

    long committed(final int index)
    {
        return committed.get(index);
    }

    long assignments()
    {
        return assignments.get();
    }
}
