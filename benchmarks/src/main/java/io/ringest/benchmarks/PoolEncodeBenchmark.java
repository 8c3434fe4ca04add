package io.ringest.benchmarks;

import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The mix of logs the pipeline benchmark and the load generator send ({@link LogPayloads#pool}: 4,096 logs, messages of
 * varied length, some with escapes, 1 in 20 long), each encoded in turn on the benchmark thread, where
 * {@link EncodeBenchmark} repeats one log: long messages and their escapes weigh here as they do in a real drain.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class PoolEncodeBenchmark
{
    @Param({"MODERN", "V18_16"})
    public LogsSchema schema;

    private final LogEvent[] events = new LogEvent[PipelineBenchmark.PAYLOADS.length];
    private final RowBuffer rows = new RowBuffer(EncodeBenchmark.CLEAR_AT + 64 * 1024);
    private JsonRowEncoder encoder;
    private int next;

    @Setup
    public void setUp()
    {
        encoder = new JsonRowEncoder(schema.plan());
        for (int i = 0; i < events.length; i++)
        {
            events[i] = new LogEvent(2048);
            events[i].set("logs", 0, 0, i, 0, PipelineBenchmark.PAYLOADS[i]);
            rows.clear();
            if (!encoder.encode(events[i], rows))
            {
                throw new IllegalStateException("payload " + i + " does not encode: " + encoder.failure());
            }
        }
        rows.clear();
    }

    @Benchmark
    public int ringest()
    {
        if (rows.size() >= EncodeBenchmark.CLEAR_AT)
        {
            rows.clear();
        }
        if (!encoder.encode(events[next], rows))
        {
            throw new IllegalStateException(encoder.failure());
        }
        next = (next + 1) & (events.length - 1);
        return rows.size();
    }
}
