package io.ringest.benchmarks;

import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.ColumnPlan;
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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One OpenTelemetry-shaped JSON log (~900 bytes: resource, scope and 10 log attributes, 3 of them nested objects) to
 * one row of the {@code otel_logs} table ({@code config/otel-logs.sql}: DateTime64(9), LowCardinality strings, three
 * {@code Map(LowCardinality(String), String)} columns, a DEFAULT column, so RowBinaryWithDefaults) with the mapping of
 * {@code config/otel-logs.properties}, on the benchmark thread. Run with {@code -prof gc}: {@code gc.alloc.rate.norm}
 * is the bytes allocated per row.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class OtelEncodeBenchmark
{
    public static final String LOG = "{\"timestamp\":\"2026-11-26T05:41:50.382243123Z\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
        + "\"span_id\":\"00f067aa0ba902b7\",\"trace_flags\":1,\"severity\":\"INFO\",\"severity_number\":9,\"service\":\"checkout\","
        + "\"body\":\"GET /api/v1/cart/items 200 user=Jos\u00e9 cache=hit upstream=inventory latency=11\","
        + "\"resource\":{\"host.name\":\"server-0459\",\"k8s.pod.name\":\"checkout-7d9f\",\"k8s.namespace.name\":\"shop\","
        + "\"service.version\":\"1.4.2\"},\"scope_name\":\"io.opentelemetry.checkout\",\"scope_version\":\"1.2.0\","
        + "\"attributes\":{\"http.method\":\"GET\",\"http.route\":\"/api/v1/cart/items\",\"http.status_code\":200,"
        + "\"user.id\":\"8f3a\",\"cache\":\"hit\",\"retry\":0,\"latency_ms\":11.5,"
        + "\"net\":{\"peer\":{\"name\":\"inventory\",\"port\":8080}},\"tags\":[\"cart\",\"read\"],"
        + "\"client\":{\"address\":\"10.1.2.3\",\"geo\":{\"country\":\"CH\"}}}}";

    private static final String MAP = "Map(LowCardinality(String), String)";
    private static final List<Column> COLUMNS = List.of(
        new Column("Timestamp", "DateTime64(9)", "", ""),
        new Column("TimestampTime", "DateTime", "DEFAULT", "toDateTime(Timestamp)"),
        new Column("TraceId", "String", "", ""), new Column("SpanId", "String", "", ""),
        new Column("TraceFlags", "UInt8", "", ""), new Column("SeverityText", "LowCardinality(String)", "", ""),
        new Column("SeverityNumber", "UInt8", "", ""), new Column("ServiceName", "LowCardinality(String)", "", ""),
        new Column("Body", "String", "", ""), new Column("ResourceSchemaUrl", "LowCardinality(String)", "", ""),
        new Column("ResourceAttributes", MAP, "", ""), new Column("ScopeSchemaUrl", "LowCardinality(String)", "", ""),
        new Column("ScopeName", "String", "", ""), new Column("ScopeVersion", "LowCardinality(String)", "", ""),
        new Column("ScopeAttributes", MAP, "", ""), new Column("LogAttributes", MAP, "", ""));
    /** As config/otel-logs.properties. */
    private static final Map<String, String> MAPPING = Map.ofEntries(
        Map.entry("mapping.Timestamp", "timestamp"), Map.entry("mapping.TraceId", "trace_id"),
        Map.entry("mapping.SpanId", "span_id"), Map.entry("mapping.TraceFlags", "trace_flags"),
        Map.entry("mapping.SeverityText", "severity"), Map.entry("mapping.SeverityNumber", "severity_number"),
        Map.entry("mapping.ServiceName", "service"), Map.entry("mapping.Body", "body"),
        Map.entry("mapping.ResourceAttributes", "resource"), Map.entry("mapping.ScopeName", "scope_name"),
        Map.entry("mapping.ScopeVersion", "scope_version"), Map.entry("mapping.ScopeAttributes", "scope_attributes"),
        Map.entry("mapping.LogAttributes", "attributes"), Map.entry("encode.required", "Timestamp,Body"),
        Map.entry("encode.epoch.unit", "ns"));

    /** A stack trace of 387 plain bytes as one more log attribute: a Map value whose length takes a two-byte prefix. */
    static final String LONG_ATTRIBUTE = LOG.replace("\"cache\":\"hit\"", "\"cache\":\"hit\",\"exception.stacktrace\":\""
        + ("java.net.SocketTimeoutException: Read timed out at io.shop.Inventory.call(Inventory.java:42)"
        + " at io.shop.Cart.items(Cart.java:117)").repeat(3) + "\"");

    /** TYPICAL: {@link #LOG}; LONG_ATTRIBUTE: {@link #LONG_ATTRIBUTE}. */
    @Param({"TYPICAL", "LONG_ATTRIBUTE"})
    public String payload;

    private final LogEvent event = new LogEvent(2048);
    private final RowBuffer rows = new RowBuffer(EncodeBenchmark.CLEAR_AT + 4096);
    private JsonRowEncoder encoder;

    @Setup
    public void setUp()
    {
        final String log = "LONG_ATTRIBUTE".equals(payload) ? LONG_ATTRIBUTE : LOG;
        event.set("otel-logs", 0, 0, 0, 0, log.getBytes(StandardCharsets.UTF_8));
        encoder = new JsonRowEncoder(ColumnPlan.fromConfig(COLUMNS, MAPPING, true));
        if (!encoder.encode(event, rows))
        {
            throw new IllegalStateException("the payload does not encode: " + encoder.failure());
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
        if (!encoder.encode(event, rows))
        {
            throw new IllegalStateException(encoder.failure());
        }
        return rows.size();
    }
}
