package io.ringest.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How the batching thread waits for records ({@code pipeline.wait.strategy}). Every mode wakes the batcher at least
 * once per tick even when no record comes, so a lingering batch is flushed on time.
 * <ul>
 *   <li>{@code blocking} (default): sleeps on a lock; costs no CPU while idle and a wake-up per burst. The right
 *   choice when the ingestor shares its cores with Kafka and ClickHouse.</li>
 *   <li>{@code yielding}: spins with {@link Thread#yield()}; lower hand-off latency, one core busy while idle.</li>
 *   <li>{@code busy-spin}: spins with {@link Thread#onSpinWait()}; lowest latency, needs a core of its own.</li>
 * </ul>
 */
public enum WaitMode
{
    BLOCKING, YIELDING, BUSY_SPIN;

    public static WaitMode parse(final String key, final String value)
    {
        for (final WaitMode mode : values())
        {
            if (mode.label().equals(value))
            {
                return mode;
            }
        }
        throw new ConfigException(key + " must be one of " + Arrays.stream(values()).map(WaitMode::label).toList()
            + ", got '" + value + "'");
    }

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    WaitStrategy strategy(final long tickNanos)
    {
        return this == BLOCKING
            ? new LiteTimeoutBlockingWaitStrategy(tickNanos, TimeUnit.NANOSECONDS)
            : new Spinning(this == YIELDING, tickNanos);
    }

    /** Spins (or yields) until the sequence is available, and times out after a tick like the blocking mode. */
    private static final class Spinning implements WaitStrategy
    {
        private final boolean yield;
        private final long tickNanos;

        Spinning(final boolean yield, final long tickNanos)
        {
            this.yield = yield;
            this.tickNanos = tickNanos;
        }

        @Override
        public long waitFor(
            final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
            throws AlertException, TimeoutException
        {
            final long deadline = System.nanoTime() + tickNanos;
            long available;
            while ((available = dependentSequence.get()) < sequence)
            {
                barrier.checkAlert();
                if (yield)
                {
                    Thread.yield();
                }
                else
                {
                    Thread.onSpinWait();
                }
                if (System.nanoTime() - deadline > 0)
                {
                    throw TimeoutException.INSTANCE;
                }
            }
            return available;
        }

        @Override
        public void signalAllWhenBlocking()
        {
        }
    }
}
