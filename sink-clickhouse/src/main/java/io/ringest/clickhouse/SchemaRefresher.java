package io.ringest.clickhouse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code clickhouse-schema} thread: every {@code clickhouse.schema.refresh} it re-reads the columns of each table
 * given to {@link #watch}, one after the other, so an {@code ALTER TABLE ... ADD COLUMN} is taken up without a restart.
 * A read that fails is logged (once until one succeeds again) and tried at the next tick. Started with the first table
 * watched; {@link #close} stops and joins it.
 */
final class SchemaRefresher implements AutoCloseable
{
    static final String THREAD_NAME = "clickhouse-schema";

    private final long intervalNanos;
    private final Consumer<String> log;
    private final List<TableSchema> schemas = new CopyOnWriteArrayList<>();
    private Thread thread;
    private volatile boolean closed;
    private boolean failing;

    /** @param intervalNanos time between two rounds of reads; 0 starts no thread */
    SchemaRefresher(final long intervalNanos, final Consumer<String> log)
    {
        this.intervalNanos = intervalNanos;
        this.log = log;
    }

    /** Re-reads {@code schema} from the next round on; starts the thread with the first one. */
    synchronized void watch(final TableSchema schema)
    {
        schemas.add(schema);
        if (thread == null && intervalNanos > 0 && !closed)
        {
            thread = new Thread(this::run, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run()
    {
        while (!closed)
        {
            final long deadline = System.nanoTime() + intervalNanos;
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0)
            {
                try
                {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
                catch (final InterruptedException e)
                {
                    return;
                }
            }
            for (final TableSchema schema : schemas)
            {
                if (!closed)
                {
                    refresh(schema);
                }
            }
        }
    }

    private void refresh(final TableSchema schema)
    {
        try
        {
            schema.refresh();
            failing = false;
        }
        catch (final RuntimeException e)
        {
            if (!failing && !closed)
            {
                log.accept("WARN cannot re-read the columns of " + schema.table() + ", trying again in "
                    + TimeUnit.NANOSECONDS.toMillis(intervalNanos) + " ms: " + e.getMessage());
            }
            failing = true;
        }
    }

    @Override
    public void close()
    {
        final Thread running;
        synchronized (this)
        {
            closed = true;
            running = thread;
        }
        if (running != null)
        {
            running.interrupt();
            try
            {
                running.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
