package io.ringest.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The baseline topology, the Go seed's channel design in Java: producers put one {@code String} per record into an
 * {@link ArrayBlockingQueue}; one batcher thread maps each to a {@link LogRecord} with Jackson and collects them in
 * a list; full lists go through a second queue to one writer thread, which serializes them to RowBinary with
 * client-v2 into a reused stream and discards the bytes. Threads are started per {@link #run}.
 */
final class QueuePipeline
{
    private static final long TIMEOUT_MS = 120_000;

    private final byte[][] payloads;
    private final int producers;
    private final int batchRows;
    private final BlockingQueue<String> records;
    private final BlockingQueue<List<LogRecord>> batches = new ArrayBlockingQueue<>(2);
    private final ClientV2RowEncoder encoder;
    private final ByteArrayOutputStream stream = new ByteArrayOutputStream(1 << 20);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long rowsWritten;

    QueuePipeline(final byte[][] payloads, final LogsSchema schema, final int capacity, final int batchRows, final int producers)
    {
        this.payloads = payloads;
        this.producers = producers;
        this.batchRows = batchRows;
        this.records = new ArrayBlockingQueue<>(capacity);
        this.encoder = new ClientV2RowEncoder(schema);
    }

    /** Sends {@code total} records through and returns once the writer has serialized every row. */
    long run(final long total) throws InterruptedException
    {
        final long perProducer = total / producers;
        final long count = perProducer * producers;
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++)
        {
            final int partition = p;
            threads.add(thread("queue-producer-" + p, () -> produce(partition, perProducer)));
        }
        threads.add(thread("queue-batcher", () -> batch(count)));
        threads.add(thread("queue-writer", () -> write(count)));
        threads.forEach(Thread::start);
        for (final Thread thread : threads)
        {
            thread.join(TIMEOUT_MS);
            if (thread.isAlive() || failure.get() != null)
            {
                throw new IllegalStateException(thread.getName() + " did not finish", failure.get());
            }
        }
        return rowsWritten;
    }

    private Thread thread(final String name, final Task task)
    {
        return new Thread(() ->
        {
            try
            {
                task.run();
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
            }
        }, name);
    }

    private void produce(final int partition, final long count) throws InterruptedException
    {
        final int mask = payloads.length - 1;
        final int shift = partition * 977;
        for (long offset = 0; offset < count; offset++)
        {
            records.put(new String(payloads[(int)(offset + shift) & mask], StandardCharsets.UTF_8));
        }
    }

    private void batch(final long count) throws InterruptedException, IOException
    {
        List<LogRecord> batch = new ArrayList<>(batchRows);
        for (long i = 0; i < count; i++)
        {
            final String json = records.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (json == null)
            {
                throw new IllegalStateException("no record after " + i + " of " + count);
            }
            batch.add(encoder.parse(json));
            if (batch.size() == batchRows || i == count - 1)
            {
                batches.put(batch);
                batch = new ArrayList<>(batchRows);
            }
        }
    }

    private void write(final long count) throws InterruptedException, IOException
    {
        long rows = 0;
        while (rows < count)
        {
            final List<LogRecord> batch = batches.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (batch == null)
            {
                throw new IllegalStateException("no batch after " + rows + " of " + count + " rows");
            }
            stream.reset();
            for (final LogRecord log : batch)
            {
                encoder.write(log, stream);
            }
            rows += batch.size();
        }
        rowsWritten = rows;
    }

    /** A thread body that may throw. */
    private interface Task
    {
        void run() throws Exception;
    }
}
