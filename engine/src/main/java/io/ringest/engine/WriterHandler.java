package io.ringest.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;

import java.util.concurrent.locks.LockSupport;

/**
 * One of {@code n} writers on the batch ring: takes every n-th batch, stores its dead letters, inserts its
 * rows, retries transient failures with backoff, and marks the batch acknowledged only when both are stored.
 * A batch that cannot be stored is left unacknowledged and the pipeline is failed, so no offset passes it.
 */
final class WriterHandler implements EventHandler<Batch>
{
    private final int ordinal;
    private final int writers;
    private final BatchSink sink;
    private final DeadLetterSink deadLetters;
    private final PipelineMetrics metrics;
    private final PipelineFailure failure;
    private final OffsetTracker offsets;
    private final Backoff backoff;
    private Sequence sequence;

    WriterHandler(
        final int ordinal, final int writers, final BatchSink sink, final DeadLetterSink deadLetters,
        final PipelineMetrics metrics, final PipelineFailure failure, final OffsetTracker offsets, final long retryMaxNanos)
    {
        this.offsets = offsets;
        this.ordinal = ordinal;
        this.writers = writers;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.failure = failure;
        this.backoff = new Backoff(retryMaxNanos);
    }

    @Override
    public void setSequenceCallback(final Sequence sequence)
    {
        this.sequence = sequence;
    }

    @Override
    public void onEvent(final Batch batch, final long batchSequence, final boolean endOfBatch)
    {
        if (batchSequence % writers == ordinal)
        {
            batch.finish(store(batch));
            offsets.advance();
        }
        // Release the slot now rather than at the end of the Disruptor batch.
        sequence.set(batchSequence);
    }

    private boolean store(final Batch batch)
    {
        if (!batch.deadLetters().isEmpty() && !storeDeadLetters(batch))
        {
            return false;
        }
        return batch.rowCount() == 0 || insertRows(batch);
    }

    private boolean storeDeadLetters(final Batch batch)
    {
        backoff.reset();
        while (!deadLetters.send(batch.deadLetters()))
        {
            if (!pause())
            {
                return false;
            }
        }
        metrics.deadLetters.addAndGet(batch.deadLetters().size());
        return true;
    }

    private boolean insertRows(final Batch batch)
    {
        backoff.reset();
        while (true)
        {
            final InsertOutcome outcome = sink.insert(batch.rows(), batch.rowCount());
            switch (outcome)
            {
                case ACKNOWLEDGED ->
                {
                    recordLatency(batch);
                    return true;
                }
                case RETRY ->
                {
                    metrics.insertRetries.incrementAndGet();
                    failure.warn("insert of " + batch.rowCount() + " rows failed, retrying: " + sink.failure());
                    if (!pause())
                    {
                        return false;
                    }
                }
                default ->
                {
                    failure.fail("insert of " + batch.rowCount() + " rows " + outcome + ": " + sink.failure());
                    return false;
                }
            }
        }
    }

    /** Sleeps one backoff step; false if the pipeline failed or is aborting meanwhile. */
    private boolean pause()
    {
        LockSupport.parkNanos(backoff.nextDelayNanos());
        return !failure.isFailed() && !failure.isAborting();
    }

    private void recordLatency(final Batch batch)
    {
        final long nowMs = System.currentTimeMillis();
        final int rows = batch.rowCount();
        for (int i = 0; i < rows; i++)
        {
            metrics.latencyMs.recordValue(Math.max(0, nowMs - batch.timestampMs(i)));
        }
        metrics.rowsInserted.addAndGet(rows);
    }
}
