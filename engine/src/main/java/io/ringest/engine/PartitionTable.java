package io.ringest.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives every source partition a small dense index, so per-partition state lives in plain arrays.
 * An index is never reused: a partition keeps its index across rebalances. Thread-safe; looked up
 * once per partition per poll, not per record.
 */
public final class PartitionTable
{
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final String[] topics;
    private final int[] partitions;
    private int size;

    public PartitionTable(final int capacity)
    {
        topics = new String[capacity];
        partitions = new int[capacity];
    }

    public int capacity()
    {
        return topics.length;
    }

    /** The index of {@code topic}/{@code partition}, assigned on first sight. */
    public synchronized int indexOf(final String topic, final int partition)
    {
        final String name = topic + '-' + partition;
        final Integer known = indexByName.get(name);
        if (known != null)
        {
            return known;
        }
        if (size == topics.length)
        {
            throw new IllegalStateException(
                "more than pipeline.max.partitions=" + topics.length + " partitions assigned; raise it");
        }
        topics[size] = topic;
        partitions[size] = partition;
        indexByName.put(name, size);
        return size++;
    }

    public synchronized String topic(final int index)
    {
        return topics[index];
    }

    public synchronized int partition(final int index)
    {
        return partitions[index];
    }
}
