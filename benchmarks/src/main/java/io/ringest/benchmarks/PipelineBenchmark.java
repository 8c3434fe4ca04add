package io.ringest.benchmarks;

import io.ringest.engine.WaitMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Logs/s from in-memory records to discarding writers. An invocation sends {@link #records} logs, at least
 * {@value #MIN_RECORDS} and a whole number of batches, so that it ends on a full batch and needs no linger; the
 * {@code logs} counter (a JMH secondary result in logs/s) is the score to read, the primary one counts invocations.
 * {@code gc.alloc.rate.norm} is per invocation: divide by the logs per invocation ({@code logs / primary score}).
 * <pre>
 *  ringest: the real Pipeline (modern schema), running for the whole trial
 *
 *                       tryNext, LogEvent.set, publish
 *  kafka-poller-0 ──┐   ring full: park fullRingPause                                        ┌─▶ discarding-writer-0 ──┐
 *                   ├─▶ [ record ring, ringSize ] ──▶ ring-batcher ──▶ [ batch ring, 4 ] ──┤                         ├─▶ OffsetTracker
 *  kafka-poller-1 ──┘     LogEvent slots              JSON ─▶ RowBinary   Batch slots        └─▶ discarding-writer-1 ──┘   committable(p)
 *  (pollers 1 or 2,                                   (JsonRowEncoder)                           (count the rows)          reaches the end
 *   one partition each)
 *
 *  baseline: the Go seed's channel design, with Jackson and client-v2
 *
 *                       new String(bytes), put                   Jackson readValue,                client-v2 serializeData per column
 *  queue-producer-0 ──┐                                           collect a List                    into a ByteArrayOutputStream (reset)
 *                     ├─▶ [ ArrayBlockingQueue of String ] ──▶ queue-batcher ──▶ [ ArrayBlockingQueue ] ──▶ queue-writer
 *  queue-producer-1 ──┘        queueSize                        of LogRecord POJOs   of batches, 2
 * </pre>
 * The ringest pipeline lives for the whole trial; its producers continue the partitions' offsets from invocation
 * to invocation, and an invocation returns once {@code OffsetTracker.committable} of every partition reaches its end.
 * The baseline starts its threads per invocation and returns once its writer has serialized the last row.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"})
public class PipelineBenchmark
{
    static final int MIN_RECORDS = 600_000;
    static final byte[][] PAYLOADS = LogPayloads.pool(4096, 42);

    /** The real pipeline and its parameters. */
    @State(Scope.Benchmark)
    public static class Ring
    {
        @Param({"1024", "16384", "65536"})
        public int ringSize;

        /**
         * {@code pipeline.slot.bytes}: a record larger than a slot is copied into an array of its own, the only
         * allocation per record; 1 in 20 payloads here has a long message, and some of those pass 2 KiB.
         */
        @Param({"2048"})
        public int slotBytes;

        @Param({"4000", "40000", "100000", "150000", "300000", "500000", "600000"})
        public int batchRows;

        @Param({"1", "2"})
        public int pollers;

        /** How long a producer waits when the ring is full: 10ms is the KafkaPoller's paused poll; 0 yields. */
        @Param({"10ms"})
        public String fullRingPause;

        /** How the batcher waits for records: {@code pipeline.wait.strategy}. */
        @Param({"blocking", "yielding", "busy-spin"})
        public String waitStrategy;

        RingHarness harness;

        @Setup(Level.Trial)
        public void setUp()
        {
            harness = new RingHarness(PAYLOADS, LogsSchema.MODERN, ringSize, slotBytes, batchRows, pollers, nanos(fullRingPause),
                WaitMode.parse("waitStrategy", waitStrategy));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException
        {
            harness.close();
        }
    }

    /** The ArrayBlockingQueue baseline and its parameters. */
    @State(Scope.Benchmark)
    public static class Queue
    {
        @Param({"16384"})
        public int queueSize;

        @Param({"4000", "40000", "100000", "150000", "300000", "500000", "600000"})
        public int batchRows;

        @Param({"1", "2"})
        public int pollers;

        QueuePipeline pipeline;

        @Setup(Level.Trial)
        public void setUp()
        {
            pipeline = new QueuePipeline(PAYLOADS, LogsSchema.MODERN, queueSize, batchRows, pollers);
        }
    }


    @Benchmark
    public void ringest(final Ring ring, final LogCounter stored) throws InterruptedException
    {
        stored.logs += ring.harness.run(records(ring.batchRows));
    }

    @Benchmark
    public void arrayBlockingQueue(final Queue queue, final LogCounter stored) throws InterruptedException
    {
        stored.logs += queue.pipeline.run(records(queue.batchRows));
    }

    /** Logs per invocation: a whole number of batches, even, and at least {@value #MIN_RECORDS}. */
    static long records(final int batchRows)
    {
        final long batches = (MIN_RECORDS + batchRows - 1) / batchRows;
        final long records = batches * batchRows;
        if (records % 2 != 0)
        {
            throw new IllegalArgumentException("batchRows must be even so that two pollers share a run, got " + batchRows);
        }
        return records;
    }

    static long nanos(final String duration)
    {
        final String d = duration.trim();
        if (d.endsWith("ms"))
        {
            return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(d.substring(0, d.length() - 2)));
        }
        if (d.endsWith("us"))
        {
            return TimeUnit.MICROSECONDS.toNanos(Long.parseLong(d.substring(0, d.length() - 2)));
        }
        if (d.equals("0"))
        {
            return 0;
        }
        throw new IllegalArgumentException("fullRingPause must be like 10ms, 50us or 0 (yield), got " + duration);
    }
}
