package io.ringest.clickhouse.encode;

import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test helpers: build columns and plans, encode JSON text or bytes, return the row's bytes. */
public final class Rows
{
    private Rows()
    {
    }

    public static Column column(final String name, final String type)
    {
        return new Column(name, type, "", "");
    }

    public static Column columnWithDefault(final String name, final String type, final String expression)
    {
        return new Column(name, type, "DEFAULT", expression);
    }

    /** Columns from alternating name, type arguments. */
    public static List<Column> columns(final String... nameTypePairs)
    {
        final List<Column> columns = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2)
        {
            columns.add(column(nameTypePairs[i], nameTypePairs[i + 1]));
        }
        return columns;
    }

    public static JsonRowEncoder encoder(final List<Column> columns)
    {
        return new JsonRowEncoder(ColumnPlan.fromConfig(columns, Map.of(), false));
    }

    public static LogEvent event(final byte[] value)
    {
        final LogEvent event = new LogEvent(1024);
        event.set("logs", 0, 0, 0L, 0L, value);
        return event;
    }

    public static LogEvent event(final String json)
    {
        return event(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes one record into a fresh buffer and returns the row, or throws with the failure. */
    public static byte[] encode(final JsonRowEncoder encoder, final String json)
    {
        return encode(encoder, json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] encode(final JsonRowEncoder encoder, final byte[] json)
    {
        final RowBuffer out = new RowBuffer(64);
        if (!encoder.encode(event(json), out))
        {
            throw new AssertionError("encode failed: " + encoder.failure());
        }
        return Arrays.copyOf(out.array(), out.size());
    }

    public static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }
}
