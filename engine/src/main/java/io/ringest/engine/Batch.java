package io.ringest.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One slot of the batch ring: for each route a {@link Segment} of encoded rows, the dead letters met while encoding
 * them, and for every source partition the highest offset the batch covers (its segments' rows and its dead letters
 * alike), so the batch is acknowledged, and its offsets committed, only once every segment is stored. Filled by the
 * batching thread, then read by exactly one writer, then by the offset tracker; reused only after the tracker has
 * passed it.
 */
public final class Batch
{
    private final Segment[] segments;
    private int rowCount;
    private long bytes;
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final long[] maxOffsets;
    /**
     * Per partition index, the records the batch covers; the offset tracker tells the {@link PartitionTable} when it
     * is done with them.
     */
    private final int[] records;
    private final int[] touched;
    private int touchedCount;
    private long firstEventNanos;
    private long lingerDeadlineNanos = Long.MAX_VALUE;
    private boolean acknowledged;
    private volatile boolean done;

    /**
     * @param routes       segments, one per route
     * @param initialBytes buffer bytes of each segment to begin with; a segment grows when its rows need more
     * @param initialRows  rows each segment has room for to begin with
     */
    public Batch(final int routes, final int initialBytes, final int initialRows, final int maxPartitions)
    {
        segments = new Segment[routes];
        for (int i = 0; i < routes; i++)
        {
            segments[i] = new Segment(initialBytes, initialRows);
        }
        maxOffsets = new long[maxPartitions];
        touched = new int[maxPartitions];
        records = new int[maxPartitions];
        Arrays.fill(maxOffsets, -1);
    }

    /**
     * Makes the slot empty for the next batch, whose segments the routes' {@code encoders} will fill, and tells them a
     * batch starts ({@link RowEncoder#batchStarted()}); called by the batching thread when it claims the slot.
     */
    void clear(final long nowNanos, final RowEncoder[] encoders)
    {
        for (int i = 0; i < segments.length; i++)
        {
            segments[i].clear(encoders[i].batchStarted());
        }
        rowCount = 0;
        bytes = 0;
        deadLetters.clear();
        for (int i = 0; i < touchedCount; i++)
        {
            maxOffsets[touched[i]] = -1;
            records[touched[i]] = 0;
        }
        touchedCount = 0;
        firstEventNanos = nowNanos;
        lingerDeadlineNanos = Long.MAX_VALUE;
        acknowledged = false;
        done = false;
    }

    /** The segments, one per route, in route order. */
    public int segmentCount()
    {
        return segments.length;
    }

    public Segment segment(final int route)
    {
        return segments[route];
    }

    /** Rows in all segments. */
    public int rowCount()
    {
        return rowCount;
    }

    /** Encoded bytes of the rows in all segments. */
    public long bytes()
    {
        return bytes;
    }

    /** Counts the row just encoded into segment {@code route}'s buffer; see {@link Segment#addRow}. */
    void addRow(final int route, final int partitionIndex, final long offset, final long timestampMs)
    {
        final Segment segment = segments[route];
        final int before = segment.bytes();
        segment.addRow(partitionIndex, offset, timestampMs);
        bytes += segment.bytes() - before;
        rowCount++;
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
        records[partitionIndex]++;
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

    /** Records of the partition with this index the batch covers, rows and dead letters alike. */
    int records(final int partitionIndex)
    {
        return records[partitionIndex];
    }

    /**
     * Starts the batch's linger at its first record's timestamp, {@code recordAgeNanos} before the batch opened, rather
     * than at the opening: the time the record spent in the producer, the broker and the ring counts against it. A
     * record already more than half the linger old says ringest is behind (or the timestamp is not the produce time: a
     * replay, event times, a skewed clock): the linger then starts at the opening, so that inserts grow, not multiply,
     * while behind. A timestamp in the future takes nothing off either.
     */
    void startLinger(final long recordAgeNanos, final long lingerNanos)
    {
        final boolean onTime = recordAgeNanos > 0 && recordAgeNanos <= lingerNanos / 2;
        lingerDeadlineNanos = firstEventNanos + lingerNanos - (onTime ? recordAgeNanos : 0);
    }

    /** True once the linger started by {@link #startLinger} has run out; never before it was started. */
    boolean lingered(final long nowNanos)
    {
        return nowNanos - lingerDeadlineNanos >= 0 && lingerDeadlineNanos != Long.MAX_VALUE;
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
