package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RecordParts;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code _key} and {@code _headers} metadata columns, written by the encoder and read back by {@link RowBinaryRows}. */
class RecordPartsEncodingTest
{
    private static final byte[] NOT_UTF8 = {(byte)0xff, (byte)0xfe, 'x'};

    /** A record whose key is {@code key} (null: a null key) with the headers a=1, é=(not UTF-8), a=null, ""="". */
    private static LogEvent event(final String key)
    {
        final LogEvent event = new LogEvent(64);
        event.set("logs", 0, 0, 0L, 0L, "{\"msg\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
        event.copyKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
        event.headers().add("a", "1".getBytes(StandardCharsets.UTF_8));
        event.headers().add("\u00e9", NOT_UTF8);
        event.headers().add("a", null);
        event.headers().add("", new byte[0]);
        return event;
    }

    /** Encodes {@code event} into a table of {@code columns} (name, type pairs) and reads the row back. */
    private static List<String> row(final LogEvent event, final boolean withDefaults, final String... columns)
    {
        final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(Rows.columns(columns), Map.of(), withDefaults));
        final RowBuffer out = new RowBuffer(16);
        if (!encoder.encode(event, out))
        {
            throw new AssertionError(encoder.failure());
        }
        final RowBinaryRows rows = new RowBinaryRows(out.array(), out.size());
        final List<String> row = new java.util.ArrayList<>();
        for (int i = 0; i < columns.length; i += 2)
        {
            if (withDefaults)
            {
                row.add(rows.value("UInt8"));
            }
            final String type = columns[i + 1].replaceAll("LowCardinality\\((Nullable\\(String\\)|String)\\)", "$1");
            final boolean nullable = type.startsWith("Nullable(");
            row.addAll(rows.row(List.of(new FuzzColumn("", nullable ? type.substring(9, type.length() - 1) : type, nullable))));
        }
        assertFalse(rows.hasMore());
        return row;
    }

    private static String text(final String s)
    {
        return RowBinaryRows.renderString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteTheKeyAsItsBytesAndANullKeyAsNullOrEmpty()
    {
        assertEquals(List.of(text("hi"), text("order-\u00e9")),
            row(event("order-\u00e9"), false, "msg", "String", "_key", "String"));
        assertEquals(List.of(text("")), row(event(null), false, "_key", "String"));
        assertEquals(List.of("NULL"), row(event(null), false, "_key", "Nullable(String)"));
        assertEquals(List.of(text("k")), row(event("k"), false, "_key", "LowCardinality(Nullable(String))"));
        assertEquals(List.of(text("")), row(event(""), false, "_key", "Nullable(String)"));
        assertEquals(List.of(text("k\u0000\u0000\u0000")), row(event("k"), false, "_key", "FixedString(4)"));
        assertEquals(List.of("0", text("k")), row(event("k"), true, "_key", "String"));
    }

    @Test
    void shouldRefuseAKeyLongerThanItsFixedString()
    {
        final JsonRowEncoder encoder = Rows.encoder(Rows.columns("_key", "FixedString(2)"));
        assertFalse(encoder.encode(event("abc"), new RowBuffer(16)));
        assertEquals("field '_key': the record key has 3 bytes, more than FixedString(2) holds", encoder.failure());
    }

    @Test
    void shouldWriteEveryHeaderInOrderAsAMapWithDuplicatesAndNullValues()
    {
        final String notUtf8 = RowBinaryRows.renderString(NOT_UTF8);
        assertEquals(List.of("{" + text("a") + ": " + text("1") + ", " + text("\u00e9") + ": " + notUtf8 + ", "
                + text("a") + ": " + text("") + ", " + text("") + ": " + text("") + "}"),
            row(event("k"), false, "_headers", "Map(String, String)"));
        assertEquals(List.of("{" + text("a") + ": " + text("1") + ", " + text("\u00e9") + ": " + notUtf8 + ", "
                + text("a") + ": NULL, " + text("") + ": " + text("") + "}"),
            row(event("k"), false, "_headers", "Map(LowCardinality(String), Nullable(String))"));
    }

    @Test
    void shouldWriteTheNestedKeysAndValuesInParallel()
    {
        final String notUtf8 = RowBinaryRows.renderString(NOT_UTF8);
        assertEquals(List.of("[" + text("a") + ", " + text("\u00e9") + ", " + text("a") + ", " + text("") + "]",
                "[" + text("1") + ", " + notUtf8 + ", " + text("") + ", " + text("") + "]"),
            row(event("k"), false, "_headers.key", "Array(String)", "_headers.value", "Array(String)"));
        assertEquals(List.of("0", "[" + text("1") + ", " + notUtf8 + ", NULL, " + text("") + "]",
                "0", "[" + text("a") + ", " + text("\u00e9") + ", " + text("a") + ", " + text("") + "]"),
            row(event("k"), true, "_headers.value", "Array(Nullable(String))", "_headers.key", "Array(LowCardinality(String))"));
        final LogEvent none = new LogEvent(64);
        none.set("logs", 0, 0, 0L, 0L, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("[]", "{}"), row(none, false, "_headers.key", "Array(String)", "_headers", "Map(String, String)"));
    }

    @Test
    void shouldAskThePollersForTheRecordPartsTheColumnsRead()
    {
        assertEquals(RecordParts.NONE, plan("msg", "String", "_topic", "String").recordParts());
        assertEquals(new RecordParts(true, false), plan("_key", "String").recordParts());
        assertEquals(new RecordParts(false, true), plan("_headers", "Map(String, String)").recordParts());
        assertEquals(new RecordParts(true, true), plan("_key", "String", "_headers.value", "Array(String)").recordParts());
        assertEquals(RecordParts.NONE, ColumnPlan.fromConfig(Rows.columns("_key", "String", "_headers", "String"),
            Map.of("mapping._key", "key", "mapping._headers", "h"), false).recordParts());
    }

    @Test
    void shouldRefuseKeyAndHeadersColumnsOfTypesThatCannotHoldThem()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> plan("_key", "Int64"));
        assertEquals("column '_key' holds the Kafka record's key and must be String or FixedString(N), Nullable and "
            + "LowCardinality allowed, but is Int64; change its type, or map it to a JSON field with mapping._key", e.getMessage());
        final ConfigException h = assertThrows(ConfigException.class, () -> plan("_headers.key", "Array(Nullable(String))"));
        assertEquals("column '_headers.key' holds the Kafka record's header keys and must be Array(String), LowCardinality "
            + "allowed, but is Array(Nullable(String)); change its type, or map it to a JSON field with "
            + "mapping._headers.key", h.getMessage());
        assertThrows(ConfigException.class, () -> plan("_headers", "Map(String, Int32)"));
        assertThrows(ConfigException.class, () -> plan("_headers", "Array(String)"));
        assertThrows(ConfigException.class, () -> plan("_headers.value", "Array(Int32)"));
        assertThrows(ConfigException.class, () -> plan("_headers.value", "String"));
        assertThrows(ConfigException.class, () -> plan("_key", "Array(String)"));
    }

    private static ColumnPlan plan(final String... columns)
    {
        return ColumnPlan.fromConfig(Rows.columns(columns), Map.of(), false);
    }
}
