package io.ringest.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The two rings and their stages:
 * <pre>
 *  poller 0 ─┐                                    ┌─▶ writer 0 ─┐
 *  poller 1 ─┼─▶ [ record ring ] ─▶ batcher ─▶ [ batch ring ] ─┼─▶ writer 1 ─┼─▶ offset tracker
 *  poller n ─┘   LogEvent slots     route and     Batch slots  └─▶ writer w ─┘   (in batch order, called by writers)
 *                                   encode rows   (a segment per route; a writer inserts each with its route's sink)
 * </pre>
 * Producers publish into {@link #ring()} from their own threads. A batch slot, and so its buffer, is reused
 * only after its writer and the tracker are done with it. Shutdown order: producers stop publishing, then
 * {@link #drain} flushes the record ring and waits for the inserts, then producers commit, then {@link #close}.
 */
public final class Pipeline implements AutoCloseable
{
    private final PipelineConfig config;
    private final List<Route> routes;
    private final DeadLetterSink deadLetters;
    private final PipelineFailure failure;
    private final PipelineMetrics metrics;
    private final PartitionTable partitions;
    private final OffsetTracker offsets;
    private final Backlog backlog = new Backlog();
    private final Disruptor<LogEvent> records;
    private final Disruptor<Batch> batches;
    private final BatchingHandler batcher;
    private final RoleThreadFactory recordThreads;
    private final RoleThreadFactory batchThreads;
    private final RefusedRowBreaker[] breakers;

    /** A pipeline with one route: every record is encoded by {@code encoder} and inserted through {@code sinks}, one per writer. */
    public Pipeline(
        final PipelineConfig config, final RowEncoder encoder, final List<BatchSink> sinks,
        final DeadLetterSink deadLetters, final PipelineFailure failure, final String writerRole)
    {
        this(config, Router.SINGLE, List.of(new Route(Route.DEFAULT, encoder, sinks)), deadLetters, failure, writerRole);
    }

    /**
     * A pipeline with several routes sharing the rings and the writer threads: {@code router} picks each record's route
     * (an index into {@code routes}), whose encoder writes it into the route's segment of the batch; each writer inserts
     * every non-empty segment with its own sink of that route.
     */
    public Pipeline(
        final PipelineConfig config, final Router router, final List<Route> routes,
        final DeadLetterSink deadLetters, final PipelineFailure failure, final String writerRole)
    {
        for (final Route route : routes)
        {
            if (route.sinks().size() != config.writers())
            {
                throw new IllegalArgumentException("route " + route.name() + ": one sink per writer: " + route.sinks().size()
                    + " != " + config.writers());
            }
        }
        this.config = config;
        this.routes = List.copyOf(routes);
        this.deadLetters = deadLetters;
        this.failure = failure;
        this.partitions = new PartitionTable(config.maxPartitions());
        this.offsets = new OffsetTracker(partitions, failure);
        this.metrics = new PipelineMetrics(routes.size(), partitions);

        final List<String> batchRoles = new ArrayList<>();
        for (int i = 0; i < config.writers(); i++)
        {
            batchRoles.add(writerRole + "-" + i);
        }
        batchThreads = new RoleThreadFactory(batchRoles);
        // One route's segment starts as large as a full batch; several share that room to begin with, each growing as
        // its rows need (up to a full batch each).
        final int segments = routes.size();
        final int initialBytes = (int)Math.min(config.batchBytes() / segments + config.slotBytes(), Integer.MAX_VALUE - 8);
        final int initialRows = Math.min(config.batchRows(), 1 << 16) / segments;
        batches = new Disruptor<>(
            () -> new Batch(segments, initialBytes, initialRows, config.maxPartitions()),
            config.batchSlots(), batchThreads, ProducerType.SINGLE, new BlockingWaitStrategy());
        batches.setDefaultExceptionHandler(failure);
        breakers = new RefusedRowBreaker[segments];
        for (int r = 0; r < segments; r++)
        {
            breakers[r] = new RefusedRowBreaker(config.breakerWindow(), config.breakerPercent());
        }
        final WriterHandler[] writers = new WriterHandler[config.writers()];
        for (int i = 0; i < writers.length; i++)
        {
            writers[i] = new WriterHandler(i, writers.length, routes, breakers, deadLetters, metrics, failure, offsets, partitions,
                config.retryMaxNanos());
        }
        batches.handleEventsWith(writers);
        offsets.track(batches.getRingBuffer());

        recordThreads = new RoleThreadFactory(List.of("ring-batcher"));
        final long tickNanos = Math.min(100_000_000L, Math.max(1_000_000L, config.lingerNanos() / 4));
        records = new Disruptor<>(
            () -> new LogEvent(config.slotBytes()), config.ringSize(), recordThreads, ProducerType.MULTI,
            config.waitMode().strategy(tickNanos));
        records.setDefaultExceptionHandler(failure);
        batcher = new BatchingHandler(router, routes, batches.getRingBuffer(), backlog, config, failure);
        records.handleEventsWith(batcher);
    }

    public void start()
    {
        batches.start();
        records.start();
    }

    /** Where producers claim slots and publish records. */
    public RingBuffer<LogEvent> ring()
    {
        return records.getRingBuffer();
    }

    public PartitionTable partitions()
    {
        return partitions;
    }

    /** Where pollers report how many records wait upstream; see {@link Backlog}. */
    public Backlog backlog()
    {
        return backlog;
    }

    public OffsetTracker offsets()
    {
        return offsets;
    }

    public PipelineMetrics metrics()
    {
        return metrics;
    }

    public PipelineConfig config()
    {
        return config;
    }

    /**
     * Rows the table of route {@code route} (in route order) refused among the last {@code dlq.breaker.window} sent
     * to it; its refused-row breaker trips, and the pipeline fails, above {@code dlq.breaker.percent} of the window.
     */
    public int refusedInBreakerWindow(final int route)
    {
        return breakers[route].refusedInWindow();
    }

    /** Records published but not yet taken into a batch. */
    public long ringFill()
    {
        final RingBuffer<LogEvent> ring = records.getRingBuffer();
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    /** Batches published to the writers and not yet through the offset tracker. */
    public long batchesInFlight()
    {
        return batches.getCursor() - offsets.sequence().get();
    }

    /**
     * Flushes what producers published and waits for it to be stored; call once producers have stopped.
     * @return true if everything was stored within the timeout; false if the stop gave up waiting, in which
     * case what was not stored is simply not committed and will be read again on restart.
     */
    public boolean drain(final long timeoutNanos) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        final boolean drained = consumed(records, () -> records.getSequenceValueFor(batcher), deadline)
            && stopBatcher(deadline) && consumed(batches, offsets.sequence()::get, deadline);
        if (!drained)
        {
            failure.warn("stop timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms; unstored records will be read again");
        }
        abort();
        return drained && !failure.isFailed();
    }

    /**
     * Waits until the stage behind {@code last} has consumed everything published to {@code ring}. Unlike {@code Disruptor.shutdown}
     * this also waits for a stage whose thread has not started running yet.
     */
    private static <T> boolean consumed(final Disruptor<T> ring, final LongSupplier last, final long deadline)
    {
        while (last.getAsLong() < ring.getCursor())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /** Halts the batcher, which then publishes its partial batch. */
    private boolean stopBatcher(final long deadline) throws InterruptedException
    {
        records.halt();
        return batcher.awaitStopped(Math.max(0, deadline - System.nanoTime()));
    }

    /** True once the batcher has taken every record published so far; lets tests order their steps after it. */
    boolean batcherCaughtUp()
    {
        return records.getSequenceValueFor(batcher) >= records.getCursor();
    }

    /** Stops every stage without waiting for the backlog: what was not stored is not committed. */
    public void abort()
    {
        failure.abort();
        records.halt();
        batches.halt();
    }

    @Override
    public void close() throws InterruptedException
    {
        abort();
        recordThreads.join(config.shutdownNanos() / 1_000_000 + 1_000);
        batchThreads.join(config.shutdownNanos() / 1_000_000 + 1_000);
        final List<AutoCloseable> resources = new ArrayList<>();
        routes.forEach(route -> resources.addAll(route.sinks()));
        resources.add(deadLetters);
        Resources.closeAll(resources);
    }
}
