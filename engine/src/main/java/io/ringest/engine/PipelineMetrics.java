package io.ringest.engine;

import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters and latency recorders, updated by the writers once per batch or insert (never per record) and read by
 * the progress reporter and the metrics endpoint. End-to-end latency is in milliseconds, from the Kafka record
 * timestamp to the server's acknowledgement of its row, so a stall anywhere shows up in it; insert duration is in
 * microseconds per insert request, retries and the halves of a split each counted as one.
 */
public final class PipelineMetrics
{
    public final AtomicLong rowsInserted = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    public final AtomicLong insertRetries = new AtomicLong();
    /** Times a batch, or part of one, the table refused was split in two to find the rows at fault. */
    public final AtomicLong insertSplits = new AtomicLong();
    /** Insert requests the server acknowledged. */
    public final AtomicLong insertsAcknowledged = new AtomicLong();
    /** Rows the table refused one by one, each sent to the dead-letter sink. */
    public final AtomicLong refusedRows = new AtomicLong();
    /** Time the writers spent waiting between attempts (insert retries, dead-letter sends). */
    public final AtomicLong backoffNanos = new AtomicLong();
    /** RowBinary bytes in insert requests, every attempt counted. */
    public final AtomicLong bytesSent = new AtomicLong();
    /** Per route index, rows stored and dead letters naming the route. */
    public final AtomicLongArray storedByRoute;
    public final AtomicLongArray deadLettersByRoute;
    /** Per partition, rows stored and records dead-lettered. */
    public final PartitionCounter storedByPartition;
    public final PartitionCounter deadLettersByPartition;
    public final Recorder latencyMs = new Recorder(3);
    public final Recorder insertMicros = new Recorder(3);

    public PipelineMetrics(final int routes, final PartitionTable partitions)
    {
        storedByRoute = new AtomicLongArray(routes);
        deadLettersByRoute = new AtomicLongArray(routes);
        storedByPartition = new PartitionCounter(partitions);
        deadLettersByPartition = new PartitionCounter(partitions);
    }
}
