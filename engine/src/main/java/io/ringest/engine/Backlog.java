package io.ringest.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many records are known to be waiting upstream, not yet polled (the Kafka consumer lag summed over the pollers).
 * A hint for batching: while more records than a batch needs are already waiting, a lingering batch is better filled
 * than flushed, as flushing it could not make them land sooner.
 */
public final class Backlog
{
    private final AtomicLong records = new AtomicLong();

    /** A poller reports the change of its own lag since its last report. */
    public void change(final long delta)
    {
        if (delta != 0)
        {
            records.addAndGet(delta);
        }
    }

    public long records()
    {
        return records.get();
    }
}
