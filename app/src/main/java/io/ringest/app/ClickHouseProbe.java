package io.ringest.app;

import io.ringest.engine.PipelineMetrics;

import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * Whether ClickHouse answers, for readiness, without a query per probe: the answer is kept for {@code intervalNanos};
 * then, if the writers had an insert acknowledged since the last look, it answers; if they only retried, it does not;
 * if they sent nothing (idle), one ping with a short timeout tells. Called by the HTTP server's threads.
 */
final class ClickHouseProbe
{
    static final long INTERVAL_NANOS = 5_000_000_000L;
    static final long PING_TIMEOUT_MILLIS = 2_000;
    private final PipelineMetrics metrics;
    private final LongPredicate ping;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private boolean checked;
    private long checkedAt;
    private long acknowledged;
    private long retries;
    private String problem;

    /** {@code ping}: given a timeout in milliseconds, true if the server answered within it. */
    ClickHouseProbe(final PipelineMetrics metrics, final LongPredicate ping, final LongSupplier nanoClock, final long intervalNanos)
    {
        this.metrics = metrics;
        this.ping = ping;
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
    }

    /** Why ClickHouse does not answer, or null if it does; at most one look per interval. */
    synchronized String problem()
    {
        final long now = nanoClock.getAsLong();
        if (checked && now - checkedAt < intervalNanos)
        {
            return problem;
        }
        final long nowAcknowledged = metrics.insertsAcknowledged.get();
        final long nowRetries = metrics.insertRetries.get();
        if (checked && nowAcknowledged > acknowledged)
        {
            problem = null;
        }
        else if (checked && nowRetries > retries)
        {
            problem = "ClickHouse inserts failing: " + (nowRetries - retries) + " retried and none acknowledged in the last "
                + (now - checkedAt) / 1_000_000_000 + " s";
        }
        else
        {
            problem = ping.test(PING_TIMEOUT_MILLIS) ? null
                : "ClickHouse does not answer a ping within " + PING_TIMEOUT_MILLIS + " ms";
        }
        checked = true;
        checkedAt = now;
        acknowledged = nowAcknowledged;
        retries = nowRetries;
        return problem;
    }
}
