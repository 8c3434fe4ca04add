package io.ringest.clickhouse;

import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code _key} and {@code _headers} columns in a ClickHouse 26 engine (chdb): the table is created there, its
 * columns read with DESCRIBE TABLE as ringest reads them, records with random keys (null, empty, not UTF-8) and
 * headers (duplicate keys, non-ASCII keys, null and binary values) are encoded and inserted as RowBinary, and what the
 * table holds, as hex, is compared with the bytes each record was made of.
 */
class RecordPartsChdbIT
{
    private static final String[] HEADER_KEYS = {"trace", "a", "caf\u00e9", "\u4e16\ud83d\ude00", ""};

    @TempDir
    Path dir;

    /** One record: its key (null for none) and its headers as key, value pairs (a value may be null). */
    private record Produced(byte[] key, List<String> headerKeys, List<byte[]> headerValues)
    {
    }

    @Test
    void shouldStoreKeysAndHeadersAsAMapOfLowCardinalityKeys() throws Exception
    {
        final String ddl = "CREATE TABLE t (id UInt32, _key Nullable(String), "
            + "_headers Map(LowCardinality(String), String)) ENGINE = Memory;\n";
        final List<Produced> records = records(new Random(5), 300);
        final String stored = insertAndSelect(ddl, records, "hex(assumeNotNull(_key)), isNull(_key), "
            + "arrayMap(k -> hex(k), mapKeys(_headers)), arrayMap(v -> hex(v), mapValues(_headers))");
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < records.size(); i++)
        {
            final Produced r = records.get(i);
            expected.add(i + "\t" + hex(r.key()) + "\t" + (r.key() == null ? 1 : 0) + "\t" + hexArray(keyBytes(r))
                + "\t" + hexArray(r.headerValues()));
        }
        assertEquals(String.join("\n", expected), stored);
    }

    @Test
    void shouldStoreHeadersAsANestedColumnWithNullableValues() throws Exception
    {
        final String ddl = "CREATE TABLE t (id UInt32, _key String, "
            + "_headers Nested(key LowCardinality(String), value Nullable(String))) ENGINE = Memory;\n";
        final List<Produced> records = records(new Random(6), 300);
        final String stored = insertAndSelect(ddl, records, "hex(_key), arrayMap(k -> hex(k), `_headers.key`), "
            + "arrayMap(v -> if(isNull(v), 'NULL', hex(v)), `_headers.value`)");
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < records.size(); i++)
        {
            final Produced r = records.get(i);
            final StringJoiner values = new StringJoiner("','", "['", "']").setEmptyValue("[]");
            r.headerValues().forEach(v -> values.add(v == null ? "NULL" : hex(v)));
            expected.add(i + "\t" + hex(r.key()) + "\t" + hexArray(keyBytes(r)) + "\t" + values);
        }
        assertEquals(String.join("\n", expected), stored);
    }

    private String insertAndSelect(final String ddl, final List<Produced> records, final String select) throws Exception
    {
        final List<Column> columns = new ArrayList<>();
        for (final String line : ChdbSession.run(dir, ddl + "DESCRIBE TABLE t;").split("\n"))
        {
            final String[] cells = line.split("\t", -1);
            columns.add(new Column(cells[0], cells[1], cells[2], cells[3]));
        }
        final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(columns, java.util.Map.of(), false));
        final RowBuffer out = new RowBuffer(1 << 16);
        for (int i = 0; i < records.size(); i++)
        {
            assertTrue(encoder.encode(event(i, records.get(i)), out), encoder::failure);
        }
        final Path rows = dir.resolve("rows.bin");
        try (OutputStream stream = Files.newOutputStream(rows))
        {
            out.writeTo(stream);
        }
        return ChdbSession.run(dir, ddl + "INSERT INTO t FROM INFILE '" + rows + "' FORMAT RowBinary;\n"
            + "SELECT id, " + select + " FROM t ORDER BY id FORMAT TabSeparated;").replaceFirst("\n+$", "");
    }

    private static LogEvent event(final int id, final Produced record)
    {
        final LogEvent event = new LogEvent(64);
        event.set("logs", 0, 0, id, 0L, ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8));
        event.copyKey(record.key() == null ? null : ByteBuffer.wrap(record.key()));
        for (int h = 0; h < record.headerKeys().size(); h++)
        {
            event.headers().add(record.headerKeys().get(h), record.headerValues().get(h));
        }
        return event;
    }

    private static List<Produced> records(final Random random, final int count)
    {
        final List<Produced> records = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final byte[] key = i % 5 == 0 ? null : bytes(random, i % 5 == 1 ? 0 : 1 + random.nextInt(100));
            final List<String> keys = new ArrayList<>();
            final List<byte[]> values = new ArrayList<>();
            for (int h = random.nextInt(6); h > 0; h--)
            {
                keys.add(HEADER_KEYS[random.nextInt(HEADER_KEYS.length)]);
                values.add(random.nextInt(6) == 0 ? null : bytes(random, random.nextInt(80)));
            }
            records.add(new Produced(key, keys, values));
        }
        return records;
    }

    /** Random bytes, often text, sometimes not UTF-8 at all. */
    private static byte[] bytes(final Random random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (random.nextBoolean())
        {
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)('a' + (bytes[i] & 15));
            }
        }
        return bytes;
    }

    private static List<byte[]> keyBytes(final Produced record)
    {
        return record.headerKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Upper-case hex, as ClickHouse's hex() gives it; empty for null, which a String column stores as ''. */
    private static String hex(final byte[] bytes)
    {
        return bytes == null ? "" : HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** An array of hex strings as TabSeparated prints Array(String): ['A1','B2'], or []. */
    private static String hexArray(final List<byte[]> values)
    {
        final StringJoiner array = new StringJoiner("','", "['", "']").setEmptyValue("[]");
        values.forEach(v -> array.add(hex(v)));
        return array.toString();
    }
}
