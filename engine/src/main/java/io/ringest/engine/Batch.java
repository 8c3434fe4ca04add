package io.ringest.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One slot of the batch ring: encoded rows (with where each ends and which record it came from, so rows the server
 * rejects can be told apart), the dead letters met while encoding them, and for every source partition the highest
 * offset the batch covers. Filled by the batching thread, then read by
 * exactly one writer, then by the offset tracker; reused only after the tracker has passed it.
 */
public final class Batch
{
    private final RowBuffer rows;
    private long[] timestampsMs;
    private int[] rowEnds;
    private int[] rowPartitions;
    private long[] rowOffsets;
    private int rowCount;
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final long[] maxOffsets;
    private final int[] touched;
    private int touchedCount;
    private long firstEventNanos;
    private boolean acknowledged;
    private volatile boolean done;

    public Batch(final int initialBytes, final int initialRows, final int maxPartitions)
    {
        rows = new RowBuffer(initialBytes);
        final int capacity = Math.max(16, initialRows);
        timestampsMs = new long[capacity];
        rowEnds = new int[capacity];
        rowPartitions = new int[capacity];
        rowOffsets = new long[capacity];
        maxOffsets = new long[maxPartitions];
        touched = new int[maxPartitions];
        Arrays.fill(maxOffsets, -1);
    }

    /** Makes the slot empty for the next batch; called by the batching thread when it claims the slot. */
    void clear(final long nowNanos)
    {
        rows.clear();
        rowCount = 0;
        deadLetters.clear();
        for (int i = 0; i < touchedCount; i++)
        {
            maxOffsets[touched[i]] = -1;
        }
        touchedCount = 0;
        firstEventNanos = nowNanos;
        acknowledged = false;
        done = false;
    }

    public RowBuffer rows()
    {
        return rows;
    }

    public int rowCount()
    {
        return rowCount;
    }

    /** Counts the row just encoded into {@link #rows()}: its source record and its Kafka timestamp, for latency. */
    void addRow(final int partitionIndex, final long offset, final long timestampMs)
    {
        if (rowCount == timestampsMs.length)
        {
            timestampsMs = Arrays.copyOf(timestampsMs, rowCount * 2);
            rowEnds = Arrays.copyOf(rowEnds, rowCount * 2);
            rowPartitions = Arrays.copyOf(rowPartitions, rowCount * 2);
            rowOffsets = Arrays.copyOf(rowOffsets, rowCount * 2);
        }
        timestampsMs[rowCount] = timestampMs;
        rowEnds[rowCount] = rows.size();
        rowPartitions[rowCount] = partitionIndex;
        rowOffsets[rowCount++] = offset;
    }

    public long timestampMs(final int row)
    {
        return timestampsMs[row];
    }

    /** Where row {@code row} starts in {@link #rows()}. */
    public int rowStart(final int row)
    {
        return row == 0 ? 0 : rowEnds[row - 1];
    }

    /** Where row {@code row} ends in {@link #rows()}, exclusive. */
    public int rowEnd(final int row)
    {
        return rowEnds[row];
    }

    /** The partition index of the record row {@code row} was encoded from. */
    public int rowPartition(final int row)
    {
        return rowPartitions[row];
    }

    /** The offset of the record row {@code row} was encoded from. */
    public long rowOffset(final int row)
    {
        return rowOffsets[row];
    }

    void addDeadLetter(final DeadLetter letter)
    {
        deadLetters.add(letter);
    }

    public List<DeadLetter> deadLetters()
    {
        return deadLetters;
    }

    /** Notes that the batch covers {@code offset} of the partition with this index. */
    void cover(final int partitionIndex, final long offset)
    {
        if (maxOffsets[partitionIndex] < 0)
        {
            touched[touchedCount++] = partitionIndex;
        }
        maxOffsets[partitionIndex] = Math.max(maxOffsets[partitionIndex], offset);
    }

    public int touchedCount()
    {
        return touchedCount;
    }

    public int touchedPartition(final int i)
    {
        return touched[i];
    }

    public long maxOffset(final int partitionIndex)
    {
        return maxOffsets[partitionIndex];
    }

    long firstEventNanos()
    {
        return firstEventNanos;
    }

    /** Called once by the writer when it is finished with the batch: stored (acknowledged) or given up on. */
    void finish(final boolean acknowledged)
    {
        this.acknowledged = acknowledged;
        done = true;
    }

    /** True once the writer is finished with the batch; {@link #isAcknowledged()} is then meaningful. */
    boolean isDone()
    {
        return done;
    }

    /** True if the rows and dead letters are durably stored; read only after {@link #isDone()}. */
    public boolean isAcknowledged()
    {
        return acknowledged;
    }
}
