package io.ringest.engine;

import java.util.Arrays;

/**
 * One route's part of a {@link Batch}: its encoded rows in a buffer of their own, and for each row where it ends, the
 * record it came from and that record's Kafka timestamp, so rows the table refuses can be told apart. Filled by the
 * batching thread, then read by one writer, which marks it stored once the route's table has acknowledged every row:
 * a segment already stored is never inserted again, whatever becomes of the batch's other segments. All its rows are
 * encoded with one layout of the route's encoder, which the writer passes on to the sink.
 */
public final class Segment
{
    private final RowBuffer rows;
    private long[] timestampsMs;
    private int[] rowEnds;
    private int[] rowPartitions;
    private long[] rowOffsets;
    private int rowCount;
    private boolean stored;
    private Object layout;

    Segment(final int initialBytes, final int initialRows)
    {
        rows = new RowBuffer(initialBytes);
        final int capacity = Math.max(16, initialRows);
        timestampsMs = new long[capacity];
        rowEnds = new int[capacity];
        rowPartitions = new int[capacity];
        rowOffsets = new long[capacity];
    }

    /** Empties the segment for rows the route's encoder will encode with {@code layout} ({@link RowEncoder#batchStarted()}). */
    void clear(final Object layout)
    {
        rows.clear();
        rowCount = 0;
        stored = false;
        this.layout = layout;
    }

    /** The layout every row of the segment was encoded with, as its encoder tagged it; null if it does not say. */
    public Object layout()
    {
        return layout;
    }

    /** The buffer the route's encoder appends rows to. */
    public RowBuffer rows()
    {
        return rows;
    }

    public int rowCount()
    {
        return rowCount;
    }

    /** Bytes of the complete rows, those counted by {@link #addRow}. */
    int bytes()
    {
        return rowCount == 0 ? 0 : rowEnds[rowCount - 1];
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

    /** Called by the writer once every row is stored (or dead-lettered as refused). */
    void markStored()
    {
        stored = true;
    }

    /** True once the route's table holds every row; the writer then skips the segment. */
    boolean isStored()
    {
        return stored;
    }
}
