package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cancels an insert still running when its deadline passes, closing its connection. The socket timeout alone bounds
 * each read, not the insert: an answer trickling in a byte at a time, or a body client-v2 drains on close, would hold a
 * writer, and with it every partition behind its batch, for ever. One daemon thread, {@code clickhouse-watchdog},
 * serves every writer; thread-safe.
 */
final class InsertWatchdog
{
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private InsertWatchdog()
    {
    }

    /** Cancels the insert with this query id after {@code deadlineMillis} unless the returned future is cancelled first. */
    static Future<?> watch(final Client client, final String queryId, final long deadlineMillis, final Runnable onCancel)
    {
        return TIMER.schedule(() ->
        {
            onCancel.run();
            client.cancelTransportRequest(queryId);
        }, deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private static ScheduledThreadPoolExecutor timer()
    {
        final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "clickhouse-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
