package io.ringest.benchmarks;

import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.engine.LogEvent;
import io.ringest.engine.OffsetTracker;
import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineConfig;
import io.ringest.engine.PipelineFailure;
import io.ringest.engine.RowBuffer;
import io.ringest.engine.WaitMode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The real {@link Pipeline} with discarding writers, kept running across invocations; each {@link #run} publishes
 * the next offsets of every partition and returns once the {@link OffsetTracker} says all of them are stored.
 * Linger is set to its maximum so that only {@code batchRows} cuts batches: a run is a whole number of batches.
 */
final class RingHarness implements AutoCloseable
{
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final byte[][] payloads;
    private final int producers;
    private final long fullRingPauseNanos;
    private final Pipeline pipeline;
    private final NoDeadLetters deadLetters = new NoDeadLetters();
    private final List<DiscardingSink> sinks = List.of(new DiscardingSink(), new DiscardingSink());
    private final int[] partitionIndex;
    private long nextOffset;

    RingHarness(
        final byte[][] payloads, final LogsSchema schema, final int ringSize, final int slotBytes, final int batchRows,
        final int producers, final long fullRingPauseNanos, final WaitMode waitMode)
    {
        this.payloads = payloads;
        this.producers = producers;
        this.fullRingPauseNanos = fullRingPauseNanos;
        final PipelineConfig config = new PipelineConfig(ringSize, slotBytes, sinks.size(), batchRows,
            batchBytes(payloads, schema, batchRows), TimeUnit.SECONDS.toNanos(600), 16, TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(30), waitMode, 1000, 100);
        pipeline = new Pipeline(config, new JsonRowEncoder(schema.plan()), List.copyOf(sinks), deadLetters,
            new PipelineFailure(System.err::println), "discarding-writer");
        partitionIndex = new int[producers];
        for (int p = 0; p < producers; p++)
        {
            partitionIndex[p] = pipeline.partitions().acquire(RingProducer.TOPIC, p);
        }
        pipeline.start();
    }

    /**
     * Enough bytes that {@code batchRows}, not the byte limit, always cuts a batch: the mean encoded row with a
     * quarter to spare (many standard deviations for any batch of thousands of rows) plus room for the largest rows.
     */
    private static long batchBytes(final byte[][] payloads, final LogsSchema schema, final int batchRows)
    {
        final JsonRowEncoder encoder = new JsonRowEncoder(schema.plan());
        final RowBuffer rows = new RowBuffer(1 << 20);
        final LogEvent event = new LogEvent(2048);
        long total = 0;
        int largest = 0;
        for (final byte[] payload : payloads)
        {
            event.set(RingProducer.TOPIC, 0, 0, 0, 0, payload);
            rows.clear();
            if (!encoder.encode(event, rows))
            {
                throw new IllegalStateException("payload does not encode: " + encoder.failure());
            }
            total += rows.size();
            largest = Math.max(largest, rows.size());
        }
        return batchRows * (total / payloads.length) * 5 / 4 + 64L * largest;
    }

    /** Publishes {@code records} records split evenly over the partitions and waits until every one is stored. */
    long run(final long records) throws InterruptedException
    {
        final long perProducer = records / producers;
        final long end = nextOffset + perProducer;
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++)
        {
            final RingProducer producer = new RingProducer(
                pipeline.ring(), payloads, p, partitionIndex[p], nextOffset, perProducer, fullRingPauseNanos);
            threads.add(new Thread(producer, "kafka-poller-" + p));
        }
        threads.forEach(Thread::start);
        for (final Thread thread : threads)
        {
            thread.join();
        }
        awaitStored(end);
        nextOffset = end;
        return perProducer * producers;
    }

    private void awaitStored(final long end)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        for (int p = 0; p < producers; p++)
        {
            while (pipeline.offsets().committable(partitionIndex[p]) < end)
            {
                if (System.nanoTime() - deadline > 0 || deadLetters.count.get() > 0)
                {
                    throw new IllegalStateException("partition " + p + " stored up to " + pipeline.offsets()
                        .committable(partitionIndex[p]) + " of " + end + ", ring fill " + pipeline.ringFill()
                        + ", batches in flight " + pipeline.batchesInFlight() + ", dead letters " + deadLetters.count);
                }
                LockSupport.parkNanos(20_000);
            }
        }
    }

    long rowsStored()
    {
        return sinks.stream().mapToLong(DiscardingSink::rows).sum();
    }

    @Override
    public void close() throws InterruptedException
    {
        pipeline.drain(TimeUnit.SECONDS.toNanos(30));
        pipeline.close();
    }
}
