package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catch-all column: every field no other column reads, nested objects flattened, values as text. */
class OverflowTest
{
    private static final String LOG = "{\"level\":\"INFO\",\"http\":{\"method\":\"GET\",\"status\":200,"
        + "\"headers\":{\"x-id\":\"a\\u0062\",\"empty\":{}}},\"resource\":{\"host.name\":\"web-1\",\"pod\":\"p\"},"
        + "\"tags\":[1,\"x\"],\"caf\\u00e9\":true,\"n\":null}";

    private static ColumnPlan plan(final String overflow, final String... nameTypePairs)
    {
        return ColumnPlan.fromConfig(Rows.columns(nameTypePairs),
            Map.of("mapping.status", "http.status", "mapping.host", "resource.\"host.name\"", "encode.overflow", overflow),
            false);
    }

    /** Reads back a row of level String, status UInt16, host String, then the catch-all as pairs or as two arrays. */
    private static List<String> rest(final byte[] row, final int from, final boolean pairs)
    {
        final List<String> items = new ArrayList<>();
        final RowBinaryRows reader = new RowBinaryRows(java.util.Arrays.copyOfRange(row, from, row.length), row.length - from);
        final int count = Integer.parseInt(reader.value("UInt8"));
        for (int i = 0; i < (pairs ? 2 * count : count); i++)
        {
            items.add(reader.value("String"));
        }
        if (!pairs)
        {
            final int values = Integer.parseInt(reader.value("UInt8"));
            assertEquals(count, values);
            for (int i = 0; i < values; i++)
            {
                items.set(i, items.get(i) + "=" + reader.value("String"));
            }
        }
        return items;
    }

    @Test
    void shouldPutEveryFieldNoColumnReadsIntoTheMap()
    {
        final JsonRowEncoder encoder = new JsonRowEncoder(plan("attrs",
            "level", "String", "status", "UInt16", "host", "String", "attrs", "Map(LowCardinality(String), String)"));
        final byte[] row = Rows.encode(encoder, LOG);
        final int head = 1 + 4 + 2 + 1 + 5;
        assertEquals("INFO", new String(row, 1, 4, StandardCharsets.US_ASCII));
        assertEquals(List.of("\"http.method\"", "\"GET\"", "\"http.headers.x-id\"", "\"ab\"", "\"http.headers.empty\"", "\"{}\"",
            "\"resource.pod\"", "\"p\"", "\"tags\"", "\"[1,\\u{22}x\\u{22}]\"", "\"caf\\u{e9}\"", "\"true\"", "\"n\"", "\"null\""),
            rest(row, head, true));
    }

    @Test
    void shouldWriteKeysAndValuesAsParallelArraysForServersWithoutMap()
    {
        final JsonRowEncoder encoder = new JsonRowEncoder(plan("k, v",
            "level", "String", "k", "Array(String)", "status", "UInt16", "host", "String", "v", "Array(String)"));
        final RowBuffer out = new RowBuffer(64);
        assertTrue(encoder.encode(Rows.event(LOG), out), encoder::failure);
        final byte[] row = java.util.Arrays.copyOf(out.array(), out.size());
        final RowBinaryRows reader = new RowBinaryRows(row, row.length);
        assertEquals("\"INFO\"", reader.value("String"));
        final int keys = Integer.parseInt(reader.value("UInt8"));
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < keys; i++)
        {
            names.add(reader.value("String"));
        }
        assertEquals("200", reader.value("UInt16"));
        assertEquals("\"web-1\"", reader.value("String"));
        assertEquals(keys, Integer.parseInt(reader.value("UInt8")));
        assertEquals("\"http.method\"", names.get(0));
        assertEquals("\"GET\"", reader.value("String"));
        assertEquals(7, keys);
    }

    @Test
    void shouldRefuseACatchAllOfTheWrongTypeNamingTheKey()
    {
        for (final String[] bad : new String[][] {{"attrs", "String"}, {"attrs", "Map(String, Nullable(String))"},
            {"attrs", "Array(String)"}})
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> ColumnPlan.fromConfig(
                Rows.columns("level", "String", bad[0], bad[1]), Map.of("encode.overflow", "attrs"), false));
            assertTrue(e.getMessage().startsWith("encode.overflow must name one Map(String, String) column, or two "
                + "Array(String) columns"), e.getMessage());
        }
        final ConfigException missing = assertThrows(ConfigException.class, () -> ColumnPlan.fromConfig(
            Rows.columns("level", "String"), Map.of("encode.overflow", "attrs"), false));
        assertEquals("encode.overflow names column 'attrs', which the table does not have", missing.getMessage());
    }
}
