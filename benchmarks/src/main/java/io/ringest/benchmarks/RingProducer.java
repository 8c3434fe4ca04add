package io.ringest.benchmarks;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.ringest.engine.LogEvent;

import java.util.concurrent.locks.LockSupport;

/**
 * Stands in for a {@code kafka-poller-N} thread: publishes one partition's records the way {@code KafkaPoller}
 * does (claim with {@code tryNext()}, {@code LogEvent.set}, {@code publish}), and when the ring is full waits
 * {@code fullRingPauseNanos} as the poller's paused {@code poll(10 ms)} would, or yields if it is 0.
 */
final class RingProducer implements Runnable
{
    static final String TOPIC = "logs";

    private final RingBuffer<LogEvent> ring;
    private final byte[][] payloads;
    private final int partition;
    private final int partitionIndex;
    private final long firstOffset;
    private final long count;
    private final long fullRingPauseNanos;
    long fullRingWaits;

    RingProducer(
        final RingBuffer<LogEvent> ring, final byte[][] payloads, final int partition, final int partitionIndex,
        final long firstOffset, final long count, final long fullRingPauseNanos)
    {
        this.ring = ring;
        this.payloads = payloads;
        this.partition = partition;
        this.partitionIndex = partitionIndex;
        this.firstOffset = firstOffset;
        this.count = count;
        this.fullRingPauseNanos = fullRingPauseNanos;
    }

    @Override
    public void run()
    {
        final int mask = payloads.length - 1;
        final int shift = partition * 977;
        final long timestampMs = System.currentTimeMillis();
        for (long offset = firstOffset, end = firstOffset + count; offset < end; offset++)
        {
            final long sequence = claim();
            ring.get(sequence).set(TOPIC, partition, partitionIndex, offset, timestampMs,
                payloads[(int)(offset + shift) & mask]);
            ring.publish(sequence);
        }
    }

    private long claim()
    {
        while (true)
        {
            try
            {
                return ring.tryNext();
            }
            catch (final InsufficientCapacityException full)
            {
                fullRingWaits++;
                if (fullRingPauseNanos > 0)
                {
                    LockSupport.parkNanos(fullRingPauseNanos);
                }
                else
                {
                    Thread.yield();
                }
            }
        }
    }
}
