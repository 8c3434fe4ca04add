package io.ringest.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One of {@code n} writers on the batch ring: takes every n-th batch, stores its dead letters, inserts each route's
 * segment with that route's sink, retries transient failures with backoff, splits a segment the table refuses until
 * the refused rows are found and dead-lettered, and marks the batch acknowledged only when all of it is stored. A
 * segment once stored is never inserted again. A batch that cannot be stored, or whose split trips the route's
 * {@link RefusedRowBreaker}, is left unacknowledged and the pipeline is failed, so no offset passes it.
 */
final class WriterHandler implements EventHandler<Batch>
{
    /** The first word of a token with several routes; see {@link #token}. */
    static final String ROUTE_WORD = "route=";
    private final int ordinal;
    private final int writers;
    /** Per route, this writer's sink and the route's name. */
    private final BatchSink[] sinks;
    private final String[] names;
    /** With several routes, tokens and dead-letter reasons name the route. */
    private final boolean named;
    private final DeadLetterSink deadLetters;
    private final PipelineMetrics metrics;
    private final PipelineFailure failure;
    private final OffsetTracker offsets;
    private final PartitionTable partitions;
    private final Backoff backoff;
    /** Per route, the breaker counting the rows its table refused, shared with the other writers. */
    private final RefusedRowBreaker[] breakers;
    private Sequence sequence;
    /** Rows of the current segment sent to the dead-letter sink because the table refused them. */
    private int rejected;
    /** Per partition index, the lowest and highest offset among the rows being inserted; see {@link #token}. */
    private final long[] lowest;
    private final long[] highest;
    /** Per partition index, rows of the current segment stored so far: added to the shared counters once per segment. */
    private final long[] storedRows;

    /**
     * @param routes   every route, in route order: this writer inserts with the {@code ordinal}-th sink of each
     * @param breakers per route, in route order, the breaker every writer counts that route's stored and refused rows in
     */
    WriterHandler(
        final int ordinal, final int writers, final List<Route> routes, final RefusedRowBreaker[] breakers,
        final DeadLetterSink deadLetters, final PipelineMetrics metrics, final PipelineFailure failure,
        final OffsetTracker offsets, final PartitionTable partitions, final long retryMaxNanos)
    {
        this.breakers = breakers;
        this.partitions = partitions;
        this.lowest = new long[partitions.capacity()];
        this.highest = new long[partitions.capacity()];
        this.storedRows = new long[partitions.capacity()];
        this.offsets = offsets;
        this.ordinal = ordinal;
        this.writers = writers;
        this.sinks = routes.stream().map(route -> route.sinks().get(ordinal)).toArray(BatchSink[]::new);
        this.names = routes.stream().map(Route::name).toArray(String[]::new);
        this.named = routes.size() > 1;
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
        for (int route = 0; route < batch.segmentCount(); route++)
        {
            final Segment segment = batch.segment(route);
            if (segment.rowCount() > 0 && !segment.isStored())
            {
                if (!insertRows(batch, segment, route))
                {
                    return false;
                }
                segment.markStored();
            }
        }
        return true;
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
        for (final DeadLetter letter : batch.deadLetters())
        {
            countDeadLetter(partitions.indexOf(letter.topic(), letter.partition()), letter.route());
        }
        return true;
    }

    private boolean insertRows(final Batch batch, final Segment segment, final int route)
    {
        rejected = 0;
        for (int t = 0; t < batch.touchedCount(); t++)
        {
            storedRows[batch.touchedPartition(t)] = 0;
        }
        if (!insertRange(batch, segment, route, 0, segment.rowCount()))
        {
            return false;
        }
        recordLatency(segment);
        metrics.storedByRoute.addAndGet(route, segment.rowCount() - rejected);
        for (int t = 0; t < batch.touchedCount(); t++)
        {
            final int p = batch.touchedPartition(t);
            if (storedRows[p] != 0)
            {
                metrics.storedByPartition.add(p, storedRows[p]);
            }
        }
        return true;
    }

    /**
     * Counts a dead letter for its partition (-1: a producer published it without acquiring an index) and, when it
     * names one, its route; dead letters are rare, so per letter.
     */
    private void countDeadLetter(final int partitionIndex, final String route)
    {
        if (partitionIndex >= 0)
        {
            metrics.deadLettersByPartition.add(partitionIndex, 1);
        }
        for (int r = 0; r < names.length; r++)
        {
            if (names[r].equals(route))
            {
                metrics.deadLettersByRoute.incrementAndGet(r);
            }
        }
    }

    /**
     * Inserts rows {@code [first, end)} of the segment with its route's sink, retrying transient failures. When the table refuses the rows
     * themselves, the range is halved and each half inserted, down to single rows: each refused row goes, as its original
     * record, to the dead-letter sink with the server's error, and every other row is stored. Each refused row is counted
     * by the route's breaker as it is found, so a table that refuses nearly every row stops the pipeline within about
     * a breaker's window of rows, not after the whole segment went to the dead letters. False if the pipeline must stop.
     */
    private boolean insertRange(final Batch batch, final Segment segment, final int route, final int first, final int end)
    {
        final BatchSink sink = sinks[route];
        final int count = end - first;
        final String token = token(batch, segment, route, first, end);
        backoff.reset();
        while (true)
        {
            final int from = segment.rowStart(first);
            final int to = segment.rowEnd(end - 1);
            final long started = System.nanoTime();
            final InsertOutcome outcome = sink.insert(segment.rows(), from, to, count, token, segment.layout());
            metrics.insertMicros.recordValue((System.nanoTime() - started) / 1000);
            metrics.bytesSent.addAndGet(to - from);
            switch (outcome)
            {
                case ACKNOWLEDGED ->
                {
                    breakers[route].stored(count);
                    metrics.insertsAcknowledged.incrementAndGet();
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
                        return !tripsOnRefused(route, sink) && deadLetterRow(segment, route, first, sink.failure());
                    }
                    metrics.insertSplits.incrementAndGet();
                    final int middle = first + count / 2;
                    return insertRange(batch, segment, route, first, middle) && insertRange(batch, segment, route, middle, end);
                }
                default ->
                {
                    failure.fail(routed(route) + "insert of " + count + " rows " + outcome + ": " + sink.failure());
                    return false;
                }
            }
        }
    }

    /** Counts a row the table refused; if that trips the route's breaker, fails the pipeline saying why and what to do. */
    private boolean tripsOnRefused(final int route, final BatchSink sink)
    {
        final RefusedRowBreaker breaker = breakers[route];
        if (!breaker.tripsOnRefused())
        {
            return false;
        }
        failure.fail(routed(route) + "refused-row breaker tripped: the table refused " + breaker.share()
            + " sent to it (dlq.breaker.percent, dlq.breaker.window), the latest: " + sink.failure()
            + ". The table's columns may have changed under ringest (a column retyped): fix the table and restart; "
            + "stopped instead of dead-lettering the topic row by row, nothing from this batch on is committed.");
        return true;
    }

    /** {@code route <name>: } when there are several routes, else nothing. */
    private String routed(final int route)
    {
        return named ? "route " + names[route] + ": " : "";
    }

    /**
     * Names the source records of rows {@code [first, end)} of a segment: {@code topic-partition:lowest-highest} for
     * each partition, space-separated, after {@code route=<name>} when there are several routes. Equal for every
     * attempt at the same rows, different for any other rows (a record is in one row of one route), so two segments of
     * a batch never share one, even where a topic is split between routes into one table.
     */
    private String token(final Batch batch, final Segment segment, final int route, final int first, final int end)
    {
        for (int t = 0; t < batch.touchedCount(); t++)
        {
            lowest[batch.touchedPartition(t)] = Long.MAX_VALUE;
            highest[batch.touchedPartition(t)] = -1;
        }
        for (int row = first; row < end; row++)
        {
            final int p = segment.rowPartition(row);
            lowest[p] = Math.min(lowest[p], segment.rowOffset(row));
            highest[p] = Math.max(highest[p], segment.rowOffset(row));
        }
        final StringBuilder token = new StringBuilder();
        if (named)
        {
            token.append(ROUTE_WORD).append(names[route]);
        }
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
    private boolean deadLetterRow(final Segment segment, final int route, final int row, final String reason)
    {
        final int index = segment.rowPartition(row);
        final String topic = partitions.topic(index);
        final int partition = partitions.partition(index);
        final long offset = segment.rowOffset(row);
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
        final String why = routed(route) + "ClickHouse refused the row: " + reason
            + (value.length == 0 ? " (the record is no longer in Kafka)" : "");
        final List<DeadLetter> letter = List.of(new DeadLetter(topic, partition, offset, value, why, names[route]));
        backoff.reset();
        while (!deadLetters.send(letter))
        {
            if (!pause())
            {
                return false;
            }
        }
        metrics.deadLetters.incrementAndGet();
        metrics.refusedRows.incrementAndGet();
        countDeadLetter(index, names[route]);
        storedRows[index]--;
        rejected++;
        return true;
    }

    /** Sleeps one backoff step; false if the pipeline failed or is aborting meanwhile. */
    private boolean pause()
    {
        final long delay = backoff.nextDelayNanos();
        metrics.backoffNanos.addAndGet(delay);
        LockSupport.parkNanos(delay);
        return !failure.isFailed() && !failure.isAborting();
    }

    private void recordLatency(final Segment segment)
    {
        final long nowMs = System.currentTimeMillis();
        final int rows = segment.rowCount();
        for (int i = 0; i < rows; i++)
        {
            metrics.latencyMs.recordValue(Math.max(0, nowMs - segment.timestampMs(i)));
            storedRows[segment.rowPartition(i)]++;
        }
        metrics.rowsInserted.addAndGet(rows - rejected);
    }
}
