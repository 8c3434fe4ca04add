package io.ringest.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One of {@code n} writers on the batch ring: takes every n-th batch, stores its dead letters, inserts its
 * rows, retries transient failures with backoff, splits a batch the table refuses until the refused rows are found and
 * dead-lettered, and marks the batch acknowledged only when all of it is stored.
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
    private final PartitionTable partitions;
    private final Backoff backoff;
    private Sequence sequence;
    /** Rows of the current batch sent to the dead-letter sink because the table refused them. */
    private int rejected;
    /** Per partition index, the lowest and highest offset among the rows being inserted; see {@link #token}. */
    private final long[] lowest;
    private final long[] highest;

    WriterHandler(
        final int ordinal, final int writers, final BatchSink sink, final DeadLetterSink deadLetters,
        final PipelineMetrics metrics, final PipelineFailure failure, final OffsetTracker offsets, final PartitionTable partitions,
        final long retryMaxNanos)
    {
        this.partitions = partitions;
        this.lowest = new long[partitions.capacity()];
        this.highest = new long[partitions.capacity()];
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
        rejected = 0;
        if (!insertRange(batch, 0, batch.rowCount()))
        {
            return false;
        }
        recordLatency(batch);
        return true;
    }

    /**
     * Inserts rows {@code [first, end)} of the batch, retrying transient failures. When the table refuses the rows
     * themselves, the range is halved and each half inserted, down to single rows: each refused row goes, as its original
     * record, to the dead-letter sink with the server's error, and every other row is stored. False if the pipeline must stop.
     */
    private boolean insertRange(final Batch batch, final int first, final int end)
    {
        final int count = end - first;
        final String token = token(batch, first, end);
        backoff.reset();
        while (true)
        {
            final InsertOutcome outcome = sink.insert(batch.rows(), batch.rowStart(first), batch.rowEnd(end - 1), count, token);
            switch (outcome)
            {
                case ACKNOWLEDGED ->
                {
                    return true;
                }
                case RETRY ->
                {
                    metrics.insertRetries.incrementAndGet();
                    failure.warn("insert of " + count + " rows failed, retrying: " + sink.failure());
                    if (!pause())
                    {
                        return false;
                    }
                }
                case REJECTED_DATA ->
                {
                    if (count == 1)
                    {
                        return deadLetterRow(batch, first, sink.failure());
                    }
                    metrics.insertSplits.incrementAndGet();
                    final int middle = first + count / 2;
                    return insertRange(batch, first, middle) && insertRange(batch, middle, end);
                }
                default ->
                {
                    failure.fail("insert of " + count + " rows " + outcome + ": " + sink.failure());
                    return false;
                }
            }
        }
    }

    /**
     * Names the source records of rows {@code [first, end)}: {@code topic-partition:lowest-highest} for each partition,
     * space-separated. Equal for every attempt at the same rows, different for any other rows (a record is in one row).
     */
    private String token(final Batch batch, final int first, final int end)
    {
        for (int t = 0; t < batch.touchedCount(); t++)
        {
            lowest[batch.touchedPartition(t)] = Long.MAX_VALUE;
            highest[batch.touchedPartition(t)] = -1;
        }
        for (int row = first; row < end; row++)
        {
            final int p = batch.rowPartition(row);
            lowest[p] = Math.min(lowest[p], batch.rowOffset(row));
            highest[p] = Math.max(highest[p], batch.rowOffset(row));
        }
        final StringBuilder token = new StringBuilder();
        for (int t = 0; t < batch.touchedCount(); t++)
        {
            final int p = batch.touchedPartition(t);
            if (highest[p] >= 0)
            {
                token.append(token.length() == 0 ? "" : " ").append(partitions.topic(p)).append('-')
                    .append(partitions.partition(p)).append(':').append(lowest[p]).append('-').append(highest[p]);
            }
        }
        return token.toString();
    }

    /** Sends the original record of a row the table refused to the dead-letter sink, retrying until it is stored. */
    private boolean deadLetterRow(final Batch batch, final int row, final String reason)
    {
        final int index = batch.rowPartition(row);
        final String topic = partitions.topic(index);
        final int partition = partitions.partition(index);
        final long offset = batch.rowOffset(row);
        backoff.reset();
        byte[] value;
        while ((value = deadLetters.original(topic, partition, offset)) == null)
        {
            failure.warn("cannot read back " + topic + "-" + partition + "@" + offset + " to dead-letter it, retrying");
            if (!pause())
            {
                return false;
            }
        }
        final String why = "ClickHouse refused the row: " + reason + (value.length == 0 ? " (the record is no longer in Kafka)" : "");
        final List<DeadLetter> letter = List.of(new DeadLetter(topic, partition, offset, value, why));
        backoff.reset();
        while (!deadLetters.send(letter))
        {
            if (!pause())
            {
                return false;
            }
        }
        metrics.deadLetters.incrementAndGet();
        rejected++;
        return true;
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
        metrics.rowsInserted.addAndGet(rows - rejected);
    }
}
