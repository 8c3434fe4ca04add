package io.ringest.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference model of one life of the offset tracker, written from its contract rather than its code: batches in
 * ring order; a batch is committed when it and every batch before it are finished and acknowledged, and the last of
 * them finished before the pipeline failed; a partition's committable offset is one past the highest offset of it
 * that the committed batches cover (but see {@link Entry#covered}), or {@link OffsetTracker#NONE}.
 */
final class CommitModel
{
    /** What the model knows of one batch. */
    static final class Entry
    {
        final long sequence;
        final List<Long> records = new ArrayList<>();
        boolean published;
        boolean finished;
        boolean acknowledged;
        int finishedAt;

        Entry(final long sequence)
        {
            this.sequence = sequence;
        }

        /**
         * The offset the batch notes for the partition: one past it becomes committable. It is the highest offset of
         * the partition in the batch, also when a partition revoked and assigned back is read again from its committed
         * offset into the batch still filling (the engine once noted the last one, lower then: safe, but the records
         * between were stored again after a crash; found by this model, seed 42).
         */
        long covered(final int partition)
        {
            long covered = OffsetTracker.NONE;
            for (final long record : records)
            {
                if (Pollers.partitionOf(record) == partition)
                {
                    covered = Math.max(covered, record);
                }
            }
            return covered;
        }

        @Override
        public String toString()
        {
            return "batch " + sequence + records + (finished ? acknowledged ? " acknowledged" : " not acknowledged"
                : published ? " in flight" : " filling");
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private int failedAt = Integer.MAX_VALUE;

    Entry open(final long sequence)
    {
        final Entry entry = new Entry(sequence);
        entries.add(entry);
        return entry;
    }

    void finish(final Entry entry, final boolean acknowledged, final int step)
    {
        entry.finished = true;
        entry.acknowledged = acknowledged;
        entry.finishedAt = step;
    }

    void fail(final int step)
    {
        failedAt = Math.min(failedAt, step);
    }

    boolean failed()
    {
        return failedAt != Integer.MAX_VALUE;
    }

    List<Entry> entries()
    {
        return entries;
    }

    List<Entry> inFlight()
    {
        return entries.stream().filter(e -> e.published && !e.finished).toList();
    }

    /** The sequence of the last batch of the longest prefix that writers have finished, or -1: how far the tracker walked. */
    long passed()
    {
        long passed = -1;
        for (final Entry e : entries)
        {
            if (!e.finished)
            {
                break;
            }
            passed = e.sequence;
        }
        return passed;
    }

    /** The longest prefix of batches that the tracker must have committed by now. */
    List<Entry> committed()
    {
        int lastFinish = -1;
        int n = 0;
        for (final Entry e : entries)
        {
            lastFinish = Math.max(lastFinish, e.finishedAt);
            if (!e.finished || !e.acknowledged || lastFinish >= failedAt)
            {
                break;
            }
            n++;
        }
        return entries.subList(0, n);
    }

    long[] committable()
    {
        final long[] committable = new long[CommitStep.PARTITIONS];
        Arrays.fill(committable, OffsetTracker.NONE);
        for (final Entry e : committed())
        {
            for (int p = 0; p < committable.length; p++)
            {
                final long covered = e.covered(p);
                if (covered != OffsetTracker.NONE)
                {
                    committable[p] = Math.max(committable[p], covered + 1);
                }
            }
        }
        return committable;
    }

    /** The first batch, in ring order, that a writer finished without an acknowledgement, or null. */
    Entry firstUnacknowledged()
    {
        return entries.stream().filter(e -> e.finished && !e.acknowledged).findFirst().orElse(null);
    }

    /** One past the highest offset of the partition covered by batches before {@code limit}, or NONE. */
    long coveredBefore(final Entry limit, final int partition)
    {
        long covered = OffsetTracker.NONE;
        for (final Entry e : entries)
        {
            if (e == limit)
            {
                break;
            }
            final long last = e.covered(partition);
            covered = last == OffsetTracker.NONE ? covered : Math.max(covered, last + 1);
        }
        return covered;
    }

    @Override
    public String toString()
    {
        return entries.toString();
    }
}
