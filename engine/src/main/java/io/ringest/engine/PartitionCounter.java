package io.ringest.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count per {@link PartitionTable} index whose totals per topic survive the reuse of an index: when the table frees
 * an index, its count moves to its topic's retired total, so a per-topic counter never goes down and an index never
 * brings its old partition's count to the next one. {@link #add} is one atomic add, from any thread.
 */
public final class PartitionCounter
{
    private final PartitionTable partitions;
    private final AtomicLongArray counts;
    /** Per topic, the counts of its partitions whose indexes were freed; guarded by the table's lock. */
    private final Map<String, Long> retired = new HashMap<>();

    public PartitionCounter(final PartitionTable partitions)
    {
        this.partitions = partitions;
        this.counts = new AtomicLongArray(partitions.capacity());
        partitions.onRelease(this::retire);
    }

    public void add(final int index, final long count)
    {
        if (count != 0)
        {
            counts.getAndAdd(index, count);
        }
    }

    /** The count of the partition that has the index now. */
    public long get(final int index)
    {
        return counts.get(index);
    }

    /** Per topic, the counts of its partitions that have an index and of those that had one, sorted by topic. */
    public Map<String, Long> byTopic()
    {
        final Map<String, Long> totals = new TreeMap<>();
        synchronized (partitions)
        {
            totals.putAll(retired);
            partitions.forEach((index, topic, partition) -> totals.merge(topic, counts.get(index), Long::sum));
        }
        return totals;
    }

    /** Called by the table, under its lock, as it frees the index. */
    private void retire(final int index)
    {
        final long count = counts.getAndSet(index, 0);
        if (count != 0)
        {
            retired.merge(partitions.topic(index), count, Long::sum);
        }
    }
}
