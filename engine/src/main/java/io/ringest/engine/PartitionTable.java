package io.ringest.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * Gives every source partition a producer owns a small dense index, so per-partition state lives in plain arrays.
 * A producer {@link #acquire}s the index when the partition is assigned and {@link #release}s it when revoked. The
 * index is freed for another partition only once no producer owns it and every record published under it has been
 * through the offset tracker ({@link #published}, {@link #finished}); a partition assigned again before that keeps
 * its index. Freeing happens when a new partition finds no index left, on the acquiring thread: it runs the
 * {@link #onRelease} hooks, which reset every component's state of the index, under the table's lock.
 * Thread-safe; the lock is taken per partition per rebalance or per batch, never per record.
 */
public final class PartitionTable
{
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final String[] topics;
    private final int[] partitions;
    /** Per index, the producers that own the partition now (more than one only while a lost partition is taken over). */
    private final int[] owners;
    /** Per index, records published and not yet through the offset tracker. */
    private final AtomicLongArray inFlight;
    private final int[] free;
    private int freeCount;
    /** Indexes handed out at least once; those above are free without ever having been used. */
    private int used;
    private final List<IntConsumer> releaseHooks = new ArrayList<>();

    public PartitionTable(final int capacity)
    {
        topics = new String[capacity];
        partitions = new int[capacity];
        owners = new int[capacity];
        inFlight = new AtomicLongArray(capacity);
        free = new int[capacity];
    }

    public int capacity()
    {
        return topics.length;
    }

    /**
     * The index of {@code topic}/{@code partition}, which the calling producer now owns: the one it already has, or
     * a free one. Fails, naming the setting, when every index is held by a partition owned or still being stored.
     */
    public synchronized int acquire(final String topic, final int partition)
    {
        final String name = name(topic, partition);
        final Integer known = indexByName.get(name);
        if (known != null)
        {
            owners[known]++;
            return known;
        }
        final int index = freeIndex();
        if (index < 0)
        {
            throw new IllegalStateException("more than pipeline.max.partitions=" + topics.length + " partitions are "
                + "assigned to this process or still have records being stored; raise pipeline.max.partitions");
        }
        topics[index] = topic;
        partitions[index] = partition;
        owners[index] = 1;
        indexByName.put(name, index);
        return index;
    }

    /**
     * True while acquiring the partition would fail only because partitions no producer owns still have records in
     * flight: once those are stored their indexes are free, so a producer may wait rather than fail.
     */
    public synchronized boolean waitsForRecords(final String topic, final int partition)
    {
        if (indexByName.containsKey(name(topic, partition)) || used < topics.length || freeCount > 0)
        {
            return false;
        }
        boolean draining = false;
        for (int i = 0; i < used; i++)
        {
            if (topics[i] != null && owners[i] == 0)
            {
                if (inFlight.get(i) == 0)
                {
                    return false;
                }
                draining = true;
            }
        }
        return draining;
    }

    /** The calling producer no longer owns the partition; its index is freed once nothing refers to it any more. */
    public synchronized void release(final int index)
    {
        if (owners[index] > 0)
        {
            owners[index]--;
        }
    }

    /** A producer publishes {@code records} records of the partition with this index; call it before publishing them. */
    public void published(final int index, final long records)
    {
        inFlight.getAndAdd(index, records);
    }

    /** The offset tracker is done with {@code records} records of the partition (stored, or given up on). */
    void finished(final int index, final long records)
    {
        inFlight.getAndAdd(index, -records);
    }

    /** The index of a partition that has one, or -1; assigns nothing. */
    public synchronized int indexOf(final String topic, final int partition)
    {
        final Integer known = indexByName.get(name(topic, partition));
        return known == null ? -1 : known;
    }

    /**
     * Adds what to do when an index is freed, before another partition gets it: reset per-index state, or move a
     * count to its topic's total. Called with the index under the table's lock, the old partition's name still set.
     */
    public synchronized void onRelease(final IntConsumer hook)
    {
        releaseHooks.add(hook);
    }

    /**
     * Calls {@code visitor} for every index that has a partition, under the table's lock, so no index changes hands
     * meanwhile.
     */
    public synchronized void forEach(final Visitor visitor)
    {
        for (int i = 0; i < used; i++)
        {
            if (topics[i] != null)
            {
                visitor.visit(i, topics[i], partitions[i]);
            }
        }
    }

    public synchronized String topic(final int index)
    {
        return topics[index];
    }

    public synchronized int partition(final int index)
    {
        return partitions[index];
    }

    private int freeIndex()
    {
        if (used < topics.length)
        {
            return used++;
        }
        if (freeCount == 0)
        {
            reclaim();
        }
        return freeCount == 0 ? -1 : free[--freeCount];
    }

    /** Frees every index that no producer owns and no record in flight refers to. */
    private void reclaim()
    {
        for (int i = 0; i < used; i++)
        {
            if (topics[i] != null && owners[i] == 0 && inFlight.get(i) == 0)
            {
                for (final IntConsumer hook : releaseHooks)
                {
                    hook.accept(i);
                }
                indexByName.remove(name(topics[i], partitions[i]));
                topics[i] = null;
                free[freeCount++] = i;
            }
        }
    }

    private static String name(final String topic, final int partition)
    {
        return topic + '-' + partition;
    }

    /** Sees one index and the partition it has. */
    @FunctionalInterface
    public interface Visitor
    {
        void visit(int index, String topic, int partition);
    }
}
