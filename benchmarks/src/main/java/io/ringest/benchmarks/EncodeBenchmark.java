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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One ~300-byte JSON log ({@link LogPayloads#TYPICAL}, or {@link LogPayloads#METRIC} with a 17-digit float) to one
 * RowBinary row, on the benchmark thread, with nothing else running:
 * <pre>
 *  ringest:   byte[] JSON ──▶ JsonRowEncoder (dsl-json reader, compiled ColumnPlan) ──▶ RowBuffer (reused)
 *
 *  baseline:  byte[] JSON ──▶ Jackson ObjectMapper.readValue ──▶ LogRecord POJO
 *                         ──▶ client-v2 SerializerUtils.serializeData per column (boxed) ──▶ ByteArrayOutputStream (reset)
 * </pre>
 * Both outputs are emptied once they pass {@value #CLEAR_AT} bytes, so neither grows. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per row. Scores are per row, in microseconds; {@code scripts/jmh.sh}
 * prints them as ns/op and rows/s.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class EncodeBenchmark
{
    static final int CLEAR_AT = 64 * 1024;

    @Param({"MODERN", "V18_16"})
    public LogsSchema schema;

    /** TYPICAL: durationMs 12.5; METRIC: a 17-digit durationMs, the shape that was stored wrong before issue 9. */
    @Param({"TYPICAL", "METRIC"})
    public String payload;

    private final LogEvent event = new LogEvent(2048);
    private final RowBuffer rows = new RowBuffer(CLEAR_AT + 4096);
    private final ByteArrayOutputStream stream = new ByteArrayOutputStream(CLEAR_AT + 4096);
    private byte[] json;
    private JsonRowEncoder encoder;
    private ClientV2RowEncoder baseline;

    @Setup
    public void setUp() throws IOException
    {
        json = (payload.equals("METRIC") ? LogPayloads.METRIC : LogPayloads.TYPICAL).getBytes(StandardCharsets.UTF_8);
        event.set("logs", 0, 0, 0, 0, json);
        encoder = new JsonRowEncoder(schema.plan());
        baseline = new ClientV2RowEncoder(schema);
        if (!encoder.encode(event, rows))
        {
            throw new IllegalStateException("the payload does not encode: " + encoder.failure());
        }
        baseline.write(baseline.parse(json), stream);
        if (!Arrays.equals(stream.toByteArray(), Arrays.copyOf(rows.array(), rows.size())))
        {
            throw new IllegalStateException("rows differ: client-v2 wrote " + stream.size() + " bytes, ringest " + rows.size());
        }
        rows.clear();
        stream.reset();
    }

    @Benchmark
    public int ringest()
    {
        if (rows.size() >= CLEAR_AT)
        {
            rows.clear();
        }
        if (!encoder.encode(event, rows))
        {
            throw new IllegalStateException(encoder.failure());
        }
        return rows.size();
    }

    @Benchmark
    public int jacksonClientV2() throws IOException
    {
        if (stream.size() >= CLEAR_AT)
        {
            stream.reset();
        }
        baseline.write(baseline.parse(json), stream);
        return stream.size();
    }
}
