package io.ringest.engine;

import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with full jitter: 50 ms, 100 ms, ... up to the cap, each drawn in [half, full]. */
final class Backoff
{
    private static final long FIRST_NANOS = 50_000_000L;

    private final long maxNanos;
    private long currentNanos = FIRST_NANOS;

    Backoff(final long maxNanos)
    {
        this.maxNanos = maxNanos;
    }

    long nextDelayNanos()
    {
        final long ceiling = Math.min(currentNanos, maxNanos);
        currentNanos = Math.min(currentNanos * 2, maxNanos);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    void reset()
    {
        currentNanos = FIRST_NANOS;
    }
}
