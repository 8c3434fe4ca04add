package io.ringest.engine;

import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and the end-to-end latency recorder, updated once per batch (never per record) by the writers
 * and read by the progress reporter. Latency is in milliseconds, from the Kafka record timestamp to the
 * server's acknowledgement of its row, so a stall anywhere shows up in it.
 */
public final class PipelineMetrics
{
    public final AtomicLong rowsInserted = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    public final AtomicLong insertRetries = new AtomicLong();
    /** Times a batch, or part of one, the table refused was split in two to find the rows at fault. */
    public final AtomicLong insertSplits = new AtomicLong();
    public final Recorder latencyMs = new Recorder(3);
}
