package io.ringest.benchmarks;

import io.ringest.clickhouse.encode.FieldPath;
import io.ringest.clickhouse.encode.RecordRouter;
import io.ringest.engine.LogEvent;
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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What picking a record's route costs the batching thread, per record, before it is encoded ({@link LogPayloads#TYPICAL}):
 * <pre>
 *  TOPIC:  two routes, one topic each: a lookup by topic
 *  LEVEL:  one topic split by level (its second key) between two routes
 *  ABSENT: one topic split by a key the log lacks, so every key is walked before the fallback route takes it
 * </pre>
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class RouteBenchmark
{
    @Param({"TOPIC", "LEVEL", "ABSENT"})
    public String split;

    private final LogEvent event = new LogEvent(2048);
    private RecordRouter router;

    @Setup
    public void setUp()
    {
        final String field = split.equals("LEVEL") ? "level" : "kind";
        router = new RecordRouter(split.equals("TOPIC")
            ? List.of(new RecordRouter.Claim("a", List.of("logs"), null, null),
                new RecordRouter.Claim("b", List.of("other"), null, null))
            : List.of(new RecordRouter.Claim("a", List.of("logs"), null, null),
                new RecordRouter.Claim("b", List.of("logs"), FieldPath.parse("when", field), "ERROR")));
        event.set("logs", 0, 0, 0, 0, LogPayloads.TYPICAL.getBytes(StandardCharsets.UTF_8));
        if (route() != 0)
        {
            throw new IllegalStateException("the typical log goes to route a: " + router.failure());
        }
    }

    @Benchmark
    public int route()
    {
        return router.route(event);
    }
}
