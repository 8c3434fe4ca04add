package io.ringest.engine;

import com.lmax.disruptor.EventHandler;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Knows, per source partition, the offset below which every record has been stored. It consumes the batch
 * ring after all writers, so it sees batches strictly in order, each only once its writer has finished with
 * it; it stops at the first batch that was not acknowledged and never moves again. Pollers read
 * {@link #committable} from their own threads and commit it.
 */
public final class OffsetTracker implements EventHandler<Batch>
{
    /** Returned by {@link #committable} for a partition nothing has been stored for. */
    public static final long NONE = -1;

    private final AtomicLongArray committable;
    private final PipelineFailure failure;
    private boolean stuck;

    public OffsetTracker(final int maxPartitions, final PipelineFailure failure)
    {
        final long[] none = new long[maxPartitions];
        Arrays.fill(none, NONE);
        this.committable = new AtomicLongArray(none);
        this.failure = failure;
    }

    @Override
    public void onEvent(final Batch batch, final long sequence, final boolean endOfBatch)
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
