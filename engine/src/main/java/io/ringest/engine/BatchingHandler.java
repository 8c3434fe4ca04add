package io.ringest.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one consumer of the record ring: asks the router for each record's route and encodes the record into that
 * route's segment of the batch being filled, or makes it a dead letter, and publishes the batch to the writers when
 * all its segments together reach {@code batchRows} rows or {@code batchBytes} bytes, or once its first row's record is
 * {@code linger} old (see {@link Batch#startLinger}) and its writer is free. Runs on the {@code ring-batcher} thread only.
 */
final class BatchingHandler implements EventHandler<LogEvent>
{
    /** A full batch ring means inserts take hundreds of milliseconds: checking again each millisecond costs nothing. */
    private static final long CLAIM_PAUSE_NANOS = 1_000_000;
    private final Router router;
    private final RowEncoder[] encoders;
    private final String[] names;
    /** With several routes a dead letter's reason starts with its route's name. */
    private final boolean named;
    private final RingBuffer<Batch> batches;
    private final Backlog backlog;
    private final PipelineConfig config;
    private final PipelineFailure failure;
    private final DeadLetterBreaker breaker;
    /**
     * Set once the breaker tripped or the pipeline failed while this thread waited for a batch slot: nothing more is
     * published, so nothing from there on is committed.
     */
    private boolean halted;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long sequence = -1;
    private Batch batch;

    BatchingHandler(
        final Router router, final List<Route> routes, final RingBuffer<Batch> batches, final Backlog backlog,
        final PipelineConfig config, final PipelineFailure failure)
    {
        this.failure = failure;
        this.breaker = new DeadLetterBreaker(config.breakerWindow(), config.breakerPercent());
        this.router = router;
        this.encoders = routes.stream().map(Route::encoder).toArray(RowEncoder[]::new);
        this.names = routes.stream().map(Route::name).toArray(String[]::new);
        this.named = routes.size() > 1;
        this.batches = batches;
        this.backlog = backlog;
        this.config = config;
    }

    @Override
    public void onEvent(final LogEvent event, final long ringSequence, final boolean endOfBatch)
    {
        if (batch == null && !halted)
        {
            if (claim())
            {
                batch.startLinger(ageNanos(event), config.lingerNanos());
            }
            else
            {
                halted = true;
            }
        }
        if (halted)
        {
            event.reset();
            return;
        }
        final int route = router.route(event);
        final boolean encoded = route >= 0 && event.length() >= 0 && encoders[route].encode(event, batch.segment(route).rows());
        if (encoded)
        {
            batch.addRow(route, event.partitionIndex(), event.offset(), event.timestampMs());
        }
        else
        {
            batch.addDeadLetter(deadLetter(event, route));
        }
        if (breaker.tripsOn(!encoded))
        {
            trip(event);
            return;
        }
        batch.cover(event.partitionIndex(), event.offset());
        event.reset();

        if (batch.rowCount() >= config.batchRows() || batch.bytes() >= config.batchBytes())
        {
            publish();
        }
        else if (endOfBatch)
        {
            publishIfLingered(true);
        }
    }

    /**
     * Takes the next batch slot, waiting while every slot is with the writers; false once the pipeline has failed or
     * is aborting: no batch is started then, and a stop never waits on writers that will not finish. Looked at again
     * once a slot is taken, as a writer fails the pipeline (or sees the abort) before it frees its slot: the slot may
     * come from a failure this thread has not seen yet, and is then never published.
     */
    private boolean claim()
    {
        while (!stopping())
        {
            try
            {
                final long next = batches.tryNext();
                if (stopping())
                {
                    return false;
                }
                sequence = next;
                batch = batches.get(sequence);
                batch.clear(System.nanoTime(), encoders);
                return true;
            }
            catch (final InsufficientCapacityException full)
            {
                LockSupport.parkNanos(CLAIM_PAUSE_NANOS);
            }
        }
        return false;
    }

    /** How long ago the record was produced, by its Kafka timestamp; 0 for a record without one (-1) or from the future. */
    private static long ageNanos(final LogEvent event)
    {
        final long ageMs = System.currentTimeMillis() - event.timestampMs();
        return event.timestampMs() < 0 || ageMs <= 0 ? 0 : Math.min(ageMs, Long.MAX_VALUE / 1_000_000L) * 1_000_000L;
    }

    private boolean stopping()
    {
        return failure.isFailed() || failure.isAborting();
    }

    private void trip(final LogEvent event)
    {
        final DeadLetter last = batch.deadLetters().get(batch.deadLetters().size() - 1);
        halted = true;
        event.reset();
        failure.fail("dead-letter breaker tripped: more than " + config.breakerPercent() + "% of the last " + config.breakerWindow()
            + " records could not be stored (dlq.breaker.percent, dlq.breaker.window), the latest "
            + last.topic() + "-" + last.partition() + "@" + last.offset() + ": " + last.reason()
            + ". Stopped instead of draining the topic into the dead-letter topic; nothing from this batch on is committed."
            + " Fix what produces them and restart, or set dlq.breaker.percent=100 to dead-letter them all.");
    }

    /** The letter of a record that did not become a row of {@code route} (-1: no route took it). */
    private DeadLetter deadLetter(final LogEvent event, final int route)
    {
        final String why = event.length() < 0 ? "record has a null value" : route < 0 ? router.failure() : encoders[route].failure();
        final String name = route < 0 ? null : names[route];
        final String reason = named && name != null ? "route " + name + ": " + why : why;
        final byte[] value = event.length() < 0 ? new byte[0] : Arrays.copyOf(event.value(), event.length());
        return new DeadLetter(event.topic(), event.partition(), event.offset(), value, reason, name);
    }

    @Override
    public void onTimeout(final long ringSequence)
    {
        publishIfLingered(false);
    }

    /**
     * Publishes a batch whose linger has run out, unless waiting fills it without delaying any row: while its writer
     * is still busy, or while records are arriving and more than the batch has room for already wait upstream (a
     * backlog is being drained). A tick without records flushes it regardless.
     */
    private void publishIfLingered(final boolean recordsArriving)
    {
        if (batch != null && batch.lingered(System.nanoTime()) && writerIsFree()
            && !(recordsArriving && backlog.records() >= config.batchRows() - batch.rowCount()))
        {
            publish();
        }
    }

    /**
     * True if the writer that will take the current batch is done with its previous one. While it is still busy,
     * handing a lingered batch over would not land it any sooner, so the batch keeps filling (up to the row and byte
     * limits): under load inserts grow larger and fewer, which is what ClickHouse digests best.
     */
    private boolean writerIsFree()
    {
        final long previous = sequence - config.writers();
        return previous < 0 || batches.get(previous).isDone();
    }

    private void publish()
    {
        if (halted)
        {
            return;
        }
        batch = null;
        for (final RowEncoder encoder : encoders)
        {
            encoder.batchPublished();
        }
        batches.publish(sequence);
    }

    /** Flushes the partial batch once the ring has been drained and halted. */
    @Override
    public void onShutdown()
    {
        if (batch != null)
        {
            publish();
        }
        stopped.countDown();
    }

    boolean awaitStopped(final long timeoutNanos) throws InterruptedException
    {
        return stopped.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }
}
