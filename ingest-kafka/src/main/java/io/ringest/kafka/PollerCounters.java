package io.ringest.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One poller's counters per partition index, written only by that poller's thread (once per fetch or poll, never per
 * record) with {@code lazySet}, read by the metrics thread. Lag, end offset and committed offset are -1 where unknown:
 * the partition is not this poller's, or nothing was fetched or committed by it yet.
 */
final class PollerCounters
{
    private final AtomicLongArray polled;
    private final AtomicLongArray skipped;
    private final AtomicLongArray lag;
    private final AtomicLongArray committed;
    private final AtomicLongArray end;
    /** 1 where the partition is this poller's now, else 0. */
    private final AtomicLongArray owned;
    private final AtomicLong assignments = new AtomicLong();

    PollerCounters(final int partitions)
    {
        polled = new AtomicLongArray(partitions);
        skipped = new AtomicLongArray(partitions);
        lag = new AtomicLongArray(partitions);
        committed = new AtomicLongArray(partitions);
        end = new AtomicLongArray(partitions);
        owned = new AtomicLongArray(partitions);
        for (int i = 0; i < partitions; i++)
        {
            lag.set(i, -1);
            committed.set(i, -1);
            end.set(i, -1);
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
