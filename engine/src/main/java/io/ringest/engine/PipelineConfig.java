package io.ringest.engine;

/**
 * Sizes and timings of the ring, the batches and the writers. Memory is bounded by these numbers, never by
 * the backlog: about {@code ringSize * slotBytes + batchSlots * batchBytes}.
 *
 * @param ringSize        slots in the record ring, a power of two ({@code pipeline.ring.size})
 * @param slotBytes       value bytes each slot holds in place; a larger value gets an array of its own ({@code pipeline.slot.bytes})
 * @param writers         concurrent inserts ({@code pipeline.writers})
 * @param batchRows       a batch is flushed at this many rows ({@code pipeline.batch.rows})
 * @param batchBytes      ... or at this many encoded bytes ({@code pipeline.batch.bytes})
 * @param lingerNanos     ... or once this old and its writer is free ({@code pipeline.linger})
 * @param maxPartitions   source partitions one process may hold at once: owned, or revoked with records still being
 *                        stored ({@code pipeline.max.partitions})
 * @param retryMaxNanos   cap of the exponential backoff between retries of a failed insert ({@code pipeline.retry.backoff.max})
 * @param shutdownNanos   how long a stop may take to flush the ring and wait for inserts ({@code pipeline.shutdown.timeout})
 * @param waitMode        how the batching thread waits for records ({@code pipeline.wait.strategy})
 * @param breakerWindow   how many of the latest records the dead-letter breaker looks at, and how many of the latest
 *                        rows sent to a route's table its refused-row breaker looks at ({@code dlq.breaker.window})
 * @param breakerPercent  either breaker stops the pipeline when more than this share of its window is bad (records
 *                        that cannot be encoded, rows the table refused); 100 never ({@code dlq.breaker.percent})
 */
public record PipelineConfig(
    int ringSize,
    int slotBytes,
    int writers,
    int batchRows,
    long batchBytes,
    long lingerNanos,
    int maxPartitions,
    long retryMaxNanos,
    long shutdownNanos,
    WaitMode waitMode,
    int breakerWindow,
    int breakerPercent)
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    public PipelineConfig
    {
        if (Integer.bitCount(ringSize) != 1 || ringSize < 64)
        {
            throw new ConfigException("pipeline.ring.size must be a power of two of at least 64, got " + ringSize);
        }
    }

    public static PipelineConfig from(final Settings s)
    {
        return new PipelineConfig(
            s.integer("pipeline.ring.size", 16_384, 64, 1 << 24),
            (int)s.size("pipeline.slot.bytes", 2048, 64, 1 << 20),
            s.integer("pipeline.writers", 2, 1, 64),
            // At most ClickHouse's default max_insert_block_size: an insert of one block is stored whole or not at all,
            // which splitting a refused batch relies on.
            s.integer("pipeline.batch.rows", 100_000, 1, 1_048_576),
            s.size("pipeline.batch.bytes", 32 << 20, 1024, 1L << 30),
            s.durationNanos("pipeline.linger", 500 * MS, MS, 600 * S),
            s.integer("pipeline.max.partitions", 1024, 1, 1 << 20),
            s.durationNanos("pipeline.retry.backoff.max", 10 * S, MS, 600 * S),
            s.durationNanos("pipeline.shutdown.timeout", 60 * S, 0, 3600 * S),
            WaitMode.parse("pipeline.wait.strategy", s.string("pipeline.wait.strategy", WaitMode.BLOCKING.label())),
            s.integer("dlq.breaker.window", 1000, 10, 1_000_000),
            s.integer("dlq.breaker.percent", 50, 1, 100));
    }

    /** Batch slots: enough for every writer to have one in flight while the next ones fill. */
    public int batchSlots()
    {
        return Integer.highestOneBit(writers * 2 - 1) << 1;
    }
}
