package io.ringest.clickhouse.encode;

import io.ringest.benchmarks.OtelEncodeBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The floor under {@link OtelEncodeBenchmark}: only checking that the OpenTelemetry log is well-formed JSON and finding
 * its end, with the encoder's own walker ({@link JsonSkipper}: strings eight bytes at a time, everything else byte by
 * byte), writing nothing. In this package because the walker is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class WalkFloorBenchmark
{
    private final byte[] json = OtelEncodeBenchmark.LOG.getBytes(StandardCharsets.UTF_8);
    private final JsonSkipper walker = new JsonSkipper();

    @Setup
    public void setUp()
    {
        if (walker.skip(json, 0, json.length) != json.length)
        {
            throw new IllegalStateException("the payload is not one JSON object: " + walker.error());
        }
    }

    @Benchmark
    public int walk()
    {
        return walker.skip(json, 0, json.length);
    }
}
