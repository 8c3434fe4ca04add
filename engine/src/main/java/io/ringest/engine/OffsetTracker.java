package io.ringest.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Knows, per source partition, the offset below which every record has been stored. Writers call
 * {@link #advance} when they finish a batch, in whatever order; the tracker then walks the batch ring strictly in
 * order over the batches that are finished, so it never passes one still in flight. It stops at the first batch
 * that was not acknowledged and commits nothing more. Its {@link #sequence()} gates the reuse of batch slots.
 * Pollers read {@link #committable} from their own threads and commit it. Past each batch, stored or not, it tells the
 * {@link PartitionTable} the batch's records are done, which lets the table reuse the index of a revoked partition.
 *
 * <p>Not a Disruptor stage on purpose: a stage that depends on other stages busy-spins while they work, and
 * a writer's insert takes hundreds of milliseconds.
 */
public final class OffsetTracker
{
    /** Returned by {@link #committable} for a partition nothing has been stored for. */
    public static final long NONE = -1;

    private final AtomicLongArray committable;
    private final PartitionTable partitions;
    private final PipelineFailure failure;
    private final Sequence sequence = new Sequence(-1);
    private RingBuffer<Batch> batches;
    private boolean stuck;

    public OffsetTracker(final PartitionTable partitions, final PipelineFailure failure)
    {
        final long[] none = new long[partitions.capacity()];
        Arrays.fill(none, NONE);
        this.committable = new AtomicLongArray(none);
        this.partitions = partitions;
        this.failure = failure;
        // Freed only once every batch of the old partition went past apply, so nothing sets it for that one again.
        partitions.onRelease(index -> committable.set(index, NONE));
    }

    /** Called once, before the batch ring starts. */
    void track(final RingBuffer<Batch> batches)
    {
        this.batches = batches;
        batches.addGatingSequences(sequence);
    }

    /** The last batch sequence taken into account; slots up to it may be reused. */
    Sequence sequence()
    {
        return sequence;
    }

    /** Takes in every finished batch that follows the last one taken in; any writer thread may call it. */
    synchronized void advance()
    {
        long next = sequence.get() + 1;
        while (next <= batches.getCursor() && batches.get(next).isDone())
        {
            final Batch batch = batches.get(next);
            apply(batch);
            for (int i = 0, n = batch.touchedCount(); i < n; i++)
            {
                partitions.finished(batch.touchedPartition(i), batch.records(batch.touchedPartition(i)));
            }
            sequence.set(next++);
        }
    }

    private void apply(final Batch batch)
    {
        if (stuck || failure.isFailed() || !batch.isAcknowledged())
        {
            stuck = true;
            return;
        }
        for (int i = 0, n = batch.touchedCount(); i < n; i++)
        {
            final int partition = batch.touchedPartition(i);
            final long next = batch.maxOffset(partition) + 1;
            if (next > committable.get(partition))
            {
                committable.set(partition, next);
            }
        }
    }

    /** The next offset to commit for the partition with this index (Kafka's convention), or {@link #NONE}. */
    public long committable(final int partitionIndex)
    {
        return committable.get(partitionIndex);
    }
}
