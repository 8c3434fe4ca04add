package io.ringest.engine;

import java.util.Arrays;

/**
 * Kafka and the pollers as the rigs play them: each partition's log, the offset committed for it and the next record
 * its poller reads. They outlive a crash. A log has a gap after every third record (compaction, transaction markers),
 * so nothing may take "committable" for "offset of the last record seen + 1": record {@code i} of partition {@code p}
 * is at offset {@code p * 10_000 + i + i / 3}, which also tells the records of all partitions apart.
 */
final class Pollers
{
    private final long[] committed = new long[CommitStep.PARTITIONS];
    private final int[] position = new int[CommitStep.PARTITIONS];

    Pollers()
    {
        Arrays.fill(committed, OffsetTracker.NONE);
    }

    static long offset(final int partition, final int index)
    {
        return partition * 10_000L + index + index / 3;
    }

    static int partitionOf(final long record)
    {
        return (int)(record / 10_000);
    }

    /** The offset of the next record the partition's poller reads; {@link #advance} moves past it. */
    long next(final int partition)
    {
        return offset(partition, position[partition]);
    }

    void advance(final int partition)
    {
        position[partition]++;
    }

    long committed(final int partition)
    {
        return committed[partition];
    }

    /** Commits the offset, as a poller does on revoke, and reads on from what is now committed (assigned back). */
    void commitAndSeek(final int partition, final long offset)
    {
        committed[partition] = Math.max(committed[partition], offset);
        position[partition] = 0;
        while (next(partition) < committed[partition])
        {
            position[partition]++;
        }
    }
}
