package io.ringest.clickhouse.encode;

import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counts the bytes the encoding thread allocates in steady state; a count, not a timing. */
class JsonRowEncoderAllocationTest
{
    private static final String JSON = "{\"timestamp\":\"2024-05-06T07:08:09.123456789+02:00\",\"level\":\"WARN\","
        + "\"message\":\"disk \\\"/var\\\" at 91% \\u00e9\\uD83D\\uDE00 caf\u00e9\",\"resourceId\":\"r-42\",\"status\":503,"
        + "\"latency\":12.75,\"ratio\":-0.125,\"ok\":false,\"user\":null,\"trace\":{\"id\":[1,2,{\"x\":\"y\"}]},\"epoch\":1714971289123,"
        + "\"id\":\"abcdefgh\",\"bytes\":18446744073709551615}";

    @Test
    void shouldNotAllocatePerRecordInSteadyState()
    {
        final List<Column> columns = Rows.columns(
            "timestamp", "DateTime64(9, 'UTC')", "level", "LowCardinality(String)", "message", "String",
            "resourceId", "String", "status", "UInt16", "latency", "Float64", "ratio", "Float32", "ok", "Bool", "user", "Nullable(String)",
            "epoch", "DateTime", "id", "FixedString(8)", "bytes", "UInt64", "missing", "Int32");
        assertSteadyStateAllocatesNothing(columns, JSON);
    }

    @Test
    void shouldNotAllocatePerRecordForTheScalarTypesOfClickHouse20AndLater()
    {
        final String json = "{\"d\":\"2024-02-29\",\"d32\":-25567,\"u\":\"00112233-4455-6677-8899-AABBCCDDEEFF\","
            + "\"ip4\":\"10.1.2.3\",\"ip6\":\"2001:db8::8:800:200c:417a\",\"ip6m\":\"::ffff:1.2.3.4\",\"e8\":\"caf\\u00e9\","
            + "\"e16\":-2,\"dec\":\"1.239e2\",\"d64\":-12.5,\"d256\":-123456789012345678901234567890.123456789012345678901,"
            + "\"i128\":-170141183460469231731687303715884105728,\"u256\":\"115792089237316195423570985008687907853269984665640564039457584007913129639935\","
            + "\"ad\":[1.5,null,\"2\"],\"mu\":{\"k\":\"123e4567-e89b-12d3-a456-426614174000\"}}";
        final List<Column> columns = Rows.columns(
            "d", "Date", "d32", "Date32", "u", "UUID", "ip4", "IPv4", "ip6", "IPv6", "ip6m", "Nullable(IPv6)",
            "e8", "Enum8('a' = 1, 'caf\u00e9' = 2)", "e16", "Enum16('x' = -2)", "dec", "Decimal(9, 2)", "d64", "Decimal64(4)",
            "d256", "Decimal(76, 20)", "i128", "Int128", "u256", "UInt256", "ad", "Array(Nullable(Decimal(18, 3)))",
            "mu", "Map(String, UUID)", "missingEnum", "Enum8('z' = 3)", "missingDate32", "Date32");
        assertSteadyStateAllocatesNothing(columns, json);
    }

    @Test
    void shouldNotAllocatePerRecordForTuplesAndJson()
    {
        final String json = "{\"t\":[7,\"caf\\u00e9\"],\"n\":{\"extra\":[1,{\"x\":2}],\"st\\u0061tus\":503,\"tags\":[\"a\",\"b\"]},"
            + "\"a\":[{\"id\":1,\"inner\":[-1,[[1,2],[]]]},[3,[null,[[5]]]]],\"m\":{\"k\":{\"x\":9}},"
            + "\"j\":{\"user\":{\"id\":42,\"name\":\"Zo\u00eb\"},\"tags\":[\"x\"]}}";
        final List<Column> columns = Rows.columns(
            "t", "Tuple(UInt8, String)", "n", "Tuple(status UInt16, note Nullable(String), tags Array(String))",
            "a", "Array(Tuple(id UInt8, inner Tuple(Nullable(Int8), Array(Array(UInt8)))))", "m", "Map(String, Tuple(x UInt8))",
            "j", "JSON", "missingTuple", "Tuple(a Nullable(UInt8), b Date32)", "missingJson", "JSON");
        assertSteadyStateAllocatesNothing(columns, json);
    }

    @Test
    void shouldNotAllocatePerRecordForTheKeyAndHeaders()
    {
        final LogEvent event = Rows.event("{\"msg\":\"hi\"}");
        event.copyKey(java.nio.ByteBuffer.wrap("order-42".getBytes(StandardCharsets.UTF_8)));
        event.headers().add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        event.headers().add("caf\u00e9", null);
        event.headers().add("traceparent", new byte[0]);
        assertSteadyStateAllocatesNothing(Rows.columns("msg", "String", "_key", "Nullable(String)",
            "_headers", "Map(LowCardinality(String), Nullable(String))", "_headers.key", "Array(String)",
            "_headers.value", "Array(String)"), event);
    }

    private static void assertSteadyStateAllocatesNothing(final List<Column> columns, final String json)
    {
        assertSteadyStateAllocatesNothing(columns, Rows.event(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertSteadyStateAllocatesNothing(final List<Column> columns, final LogEvent event)
    {
        final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(columns, Map.of(), false));
        final RowBuffer out = new RowBuffer(1 << 20);
        run(encoder, event, out, 200_000);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        run(encoder, event, out, 100_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 100,000 records");
    }

    private static void run(final JsonRowEncoder encoder, final LogEvent event, final RowBuffer out, final int records)
    {
        for (int i = 0; i < records; i++)
        {
            if ((i & 1023) == 0)
            {
                out.clear();
            }
            if (!encoder.encode(event, out))
            {
                throw new AssertionError(encoder.failure());
            }
        }
    }
}
