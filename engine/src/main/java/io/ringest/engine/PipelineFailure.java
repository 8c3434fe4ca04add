package io.ringest.engine;

import com.lmax.disruptor.ExceptionHandler;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The pipeline's one error handler: logs warnings, records the first fatal failure and wakes whoever waits
 * for it. Once failed, the offset tracker commits nothing more. It never throws; any thread may call it.
 */
public final class PipelineFailure implements ExceptionHandler<Object>
{
    private final Consumer<String> log;
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile String reason;
    private volatile boolean aborting;

    public PipelineFailure(final Consumer<String> log)
    {
        this.log = log;
    }

    public void warn(final String message)
    {
        log.accept("WARN " + message);
    }

    /** Something an operator may want to see in the log, such as a rebalance; not a problem. */
    public void info(final String message)
    {
        log.accept(message);
    }

    public synchronized void fail(final String message)
    {
        if (reason == null)
        {
            reason = message;
            log.accept("ERROR " + message + "; stopping, offsets are committed no further");
            failed.countDown();
        }
    }

    public boolean isFailed()
    {
        return reason != null;
    }

    /** The first fatal failure, or null. */
    public String reason()
    {
        return reason;
    }

    /** Blocks until the pipeline fails or the timeout passes; true if it failed. */
    public boolean await(final long millis) throws InterruptedException
    {
        return failed.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Tells writers to stop retrying because a stop has run out of time. */
    void abort()
    {
        aborting = true;
    }

    /** True once a stop has drained the pipeline or given up on it: nothing more will be stored. */
    public boolean isAborting()
    {
        return aborting;
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final Object event)
    {
        fail("unexpected " + ex + " at sequence " + sequence);
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        fail("unexpected " + ex + " on start");
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        fail("unexpected " + ex + " on shutdown");
    }
}
