package io.ringest.clickhouse;

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
        final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(columns, Map.of(), false));
        final LogEvent event = Rows.event(JSON.getBytes(StandardCharsets.UTF_8));
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
