package io.ringest.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tuples (named, unnamed, Nullable, nested, in arrays and maps), arrays of arrays and JSON columns inside a ClickHouse
 * 26 engine (chdb): the columns are read with DESCRIBE TABLE as ringest reads them, ringest's encoder writes seeded
 * random logs, the table takes them with {@code INSERT ... SETTINGS input_format_binary_read_json_as_string=1 FORMAT
 * RowBinary}, and every stored row is compared with what Jackson reads in the log: tuple elements by position or by
 * name, the element's zero where absent, and the JSON column as the JSON type stores an object (members that are null,
 * or objects left empty, are not paths, so they are dropped; inside arrays objects stay). Needs node and chdb.
 */
class TupleJsonChdbIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);
    private static final String[] TEXT = {"a", "b", "z", "\u00e9", "\u6e21", "\ud83d\ude00", "\"", "\\", "\n", " ", "/"};
    private static final String[] KEYS = {"a", "b", "user", "id", "msg", "n", "x_y", "\u00e9", "k k"};

    private static final String DDL = "SET enable_nullable_tuple_type = 1;\n"
        + "CREATE TABLE tuples (id UInt32, t Tuple(UInt8, String),"
        + " n Tuple(status UInt16, note Nullable(String), tags Array(LowCardinality(String)), ts DateTime64(3, 'UTC')),"
        + " at Array(Tuple(k String, v Nullable(Float64))),"
        + " deep Tuple(a Tuple(x Int32, y Array(Array(UInt8))), m Map(String, Tuple(UInt8, Bool))),"
        + " aa Array(Array(Nullable(Int16))), ms Map(String, Array(String)), nt Nullable(Tuple(a UInt8, `b c` String)),"
        + " j JSON, nj Nullable(JSON(max_dynamic_paths = 16)), tj Tuple(doc JSON, n UInt8)"
        + ") ENGINE = MergeTree ORDER BY id;";

    @TempDir
    Path dir;

    @Test
    void shouldStoreEveryTupleAndJsonValueAsTheLogSays() throws Exception
    {
        final List<Column> columns = ChdbSession.describe(dir, DDL, "tuples");
        assertTrue(columns.get(2).type().contains("\n"), "ClickHouse 26 prints named tuples over several lines: " + columns);
        final JsonRowEncoder encoder = Rows.encoder(columns);
        final Random random = new Random(11);
        final List<String> logs = new ArrayList<>();
        final List<JsonNode> expected = new ArrayList<>();
        final RowBuffer out = new RowBuffer(1 << 16);
        for (int i = 0; i < 400; i++)
        {
            final ObjectNode log = log(random, i);
            String text = JSON.writeValueAsString(log);
            if (random.nextInt(4) == 0)
            {
                text = text.replace("\"status\":", "\"st\\u0061tus\":");
            }
            logs.add(text);
            expected.add(normalize(expectedRow(log)));
            final String record = text;
            assertTrue(encoder.encode(Rows.event(record), out), () -> record + ": " + encoder.failure());
        }
        final Path rows = dir.resolve("tuples.bin");
        try (OutputStream stream = Files.newOutputStream(rows))
        {
            out.writeTo(stream);
        }
        final String stored = ChdbSession.run(dir, DDL + "\nINSERT INTO tuples FROM INFILE '" + rows + "' SETTINGS "
            + ClickHouseWriter.JSON_AS_STRING + " = 1 FORMAT RowBinary;\nSELECT * FROM tuples ORDER BY id FORMAT JSONEachRow "
            + "SETTINGS date_time_output_format = 'iso', output_format_json_quote_64bit_integers = 0;");
        final String[] lines = stored.strip().split("\n");
        assertEquals(logs.size(), lines.length, stored);
        for (int i = 0; i < lines.length; i++)
        {
            assertEquals(expected.get(i), normalize(JSON.readTree(lines[i])), "row " + i + " from " + logs.get(i));
        }
    }

    /** A log whose fields come as arrays, objects in any order with unknown members, nulls, or not at all. */
    private static ObjectNode log(final Random r, final int id)
    {
        final ObjectNode log = NODES.objectNode();
        log.put("id", id);
        maybe(r, log, "t", NODES.arrayNode().add(r.nextInt(256)).add(text(r)));
        final ObjectNode n = NODES.objectNode().put("status", r.nextInt(65_536)).put("note", r.nextBoolean() ? text(r) : null);
        n.set("tags", strings(r));
        n.put("ts", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
            Instant.ofEpochMilli((long)(r.nextDouble() * 4_102_444_800_000L)).atOffset(ZoneOffset.ofHours(r.nextInt(25) - 12))));
        maybe(r, log, "n", r.nextInt(3) == 0 ? values(n) : members(r, n));
        final ArrayNode at = NODES.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--)
        {
            final ObjectNode kv = NODES.objectNode().put("k", text(r));
            kv.set("v", r.nextInt(4) == 0 ? NODES.nullNode() : NODES.numberNode((r.nextInt(2001) - 1000) / 8.0));
            at.add(r.nextBoolean() ? values(kv) : members(r, kv));
        }
        maybe(r, log, "at", at);
        final ObjectNode a = NODES.objectNode().put("x", r.nextInt());
        a.set("y", arrays(r, false));
        final ObjectNode m = NODES.objectNode();
        for (int i = r.nextInt(3); i > 0; i--)
        {
            m.set(KEYS[r.nextInt(KEYS.length)], NODES.arrayNode().add(r.nextInt(256)).add(r.nextBoolean()));
        }
        maybe(r, log, "deep", members(r, NODES.objectNode().<ObjectNode>set("a", r.nextBoolean() ? values(a) : a).set("m", m)));
        maybe(r, log, "aa", arrays(r, true));
        final ObjectNode ms = NODES.objectNode();
        for (int i = r.nextInt(3); i > 0; i--)
        {
            ms.set(text(r), strings(r));
        }
        maybe(r, log, "ms", ms);
        maybe(r, log, "nt", NODES.objectNode().put("a", r.nextInt(256)).put("b c", text(r)));
        maybe(r, log, "j", object(r, 0));
        maybe(r, log, "nj", object(r, 0));
        final ObjectNode tj = NODES.objectNode().<ObjectNode>set("doc", object(r, 0)).put("n", r.nextInt(256));
        maybe(r, log, "tj", r.nextBoolean() ? values(tj) : members(r, tj));
        return log;
    }

    /** The row as ClickHouse prints it: each element, by name, of what the log holds, else the element's zero. */
    private static ObjectNode expectedRow(final ObjectNode log)
    {
        final ObjectNode row = NODES.objectNode();
        row.set("id", log.get("id"));
        final JsonNode t = log.path("t");
        row.set("t", NODES.arrayNode().add(element(t, 0, null).asInt(0)).add(element(t, 1, null).asText("")));
        final JsonNode n = log.path("n");
        final ObjectNode nRow = row.putObject("n").put("status", element(n, 0, "status").asInt(0));
        nRow.set("note", element(n, 1, "note").isTextual() ? element(n, 1, "note") : NODES.nullNode());
        nRow.set("tags", element(n, 2, "tags").isArray() ? element(n, 2, "tags") : NODES.arrayNode());
        final JsonNode ts = element(n, 3, "ts");
        nRow.put("ts", MILLIS.format(ts.isTextual() ? java.time.OffsetDateTime.parse(ts.asText()).toInstant() : Instant.EPOCH));
        final ArrayNode at = row.putArray("at");
        for (final JsonNode kv : log.path("at"))
        {
            final ObjectNode kvRow = at.addObject().put("k", element(kv, 0, "k").asText(""));
            kvRow.set("v", element(kv, 1, "v").isNumber() ? element(kv, 1, "v") : NODES.nullNode());
        }
        final JsonNode a = element(log.path("deep"), 0, "a");
        final ObjectNode deep = row.putObject("deep");
        deep.putObject("a").put("x", element(a, 0, "x").asInt(0))
            .set("y", element(a, 1, "y").isArray() ? element(a, 1, "y") : NODES.arrayNode());
        deep.set("m", element(log.path("deep"), 1, "m").isObject() ? element(log.path("deep"), 1, "m") : NODES.objectNode());
        row.set("aa", log.path("aa").isArray() ? log.get("aa") : NODES.arrayNode());
        row.set("ms", log.path("ms").isObject() ? log.get("ms") : NODES.objectNode());
        row.set("nt", log.path("nt").isObject() ? log.get("nt") : NODES.nullNode());
        row.set("j", stored(log.path("j")));
        row.set("nj", log.path("nj").isObject() ? stored(log.get("nj")) : NODES.nullNode());
        final JsonNode tj = log.path("tj");
        row.putObject("tj").<ObjectNode>set("doc", stored(element(tj, 0, "doc"))).put("n", element(tj, 1, "n").asInt(0));
        return row;
    }

    /** A tuple element of {@code tuple}, given as an array (by position) or an object (by name); missing if absent or null. */
    private static JsonNode element(final JsonNode tuple, final int index, final String name)
    {
        final JsonNode value = tuple.isArray() ? tuple.path(index) : name != null ? tuple.path(name) : NODES.missingNode();
        return value.isNull() ? NODES.missingNode() : value;
    }

    /** An object as the JSON type keeps it: null members and objects with no path left are dropped; {} if not an object. */
    private static ObjectNode stored(final JsonNode object)
    {
        final ObjectNode kept = NODES.objectNode();
        for (final Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); )
        {
            final Map.Entry<String, JsonNode> member = it.next();
            final JsonNode value = member.getValue().isObject() ? stored(member.getValue())
                : member.getValue().isArray() ? storedArray(member.getValue()) : member.getValue();
            if (!value.isNull() && !(value.isObject() && value.isEmpty()))
            {
                kept.set(member.getKey(), value);
            }
        }
        return kept;
    }

    private static ArrayNode storedArray(final JsonNode array)
    {
        final ArrayNode kept = NODES.arrayNode();
        array.forEach(e -> kept.add(e.isObject() ? stored(e) : e.isArray() ? storedArray(e) : e));
        return kept;
    }

    /** Numbers compared by value, whatever their JSON spelling ({@code 2}, {@code 2.0}). */
    private static JsonNode normalize(final JsonNode node)
    {
        if (node.isNumber())
        {
            return DecimalNode.valueOf(node.decimalValue().stripTrailingZeros());
        }
        if (node.isObject())
        {
            final ObjectNode copy = NODES.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), normalize(e.getValue())));
            return copy;
        }
        if (node.isArray())
        {
            final ArrayNode copy = NODES.arrayNode();
            node.forEach(e -> copy.add(normalize(e)));
            return copy;
        }
        return node;
    }

    private static ObjectNode object(final Random r, final int depth)
    {
        final ObjectNode object = NODES.objectNode();
        for (int i = r.nextInt(5); i > 0; i--)
        {
            final String key = KEYS[r.nextInt(KEYS.length)];
            switch (r.nextInt(depth < 2 ? 8 : 6))
            {
                case 0 -> object.put(key, r.nextInt(2001) - 1000);
                case 1 -> object.put(key, (r.nextInt(2001) - 1000) / 8.0);
                case 2 -> object.put(key, text(r));
                case 3 -> object.put(key, r.nextBoolean());
                case 4 -> object.putNull(key);
                case 5 -> object.set(key, NODES.arrayNode().add(r.nextInt(100)).add(r.nextInt(100)));
                default -> object.set(key, object(r, depth + 1));
            }
        }
        return object;
    }

    private static void maybe(final Random r, final ObjectNode log, final String field, final JsonNode value)
    {
        switch (r.nextInt(10))
        {
            case 0 -> { }
            case 1 -> log.putNull(field);
            default -> log.set(field, value);
        }
    }

    /** The members of {@code object} in a random order, one of them now and then left out, and an unknown one added. */
    private static ObjectNode members(final Random r, final ObjectNode object)
    {
        final List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        Collections.shuffle(names, r);
        final ObjectNode shuffled = NODES.objectNode();
        for (final String name : names)
        {
            if (r.nextInt(6) != 0)
            {
                shuffled.set(name, object.get(name));
            }
            if (r.nextInt(5) == 0)
            {
                shuffled.set("unknown", NODES.objectNode().set("deep", NODES.arrayNode().add(1).addNull()));
            }
        }
        return shuffled;
    }

    private static ArrayNode values(final ObjectNode object)
    {
        final ArrayNode values = NODES.arrayNode();
        object.elements().forEachRemaining(values::add);
        return values;
    }

    private static ArrayNode arrays(final Random r, final boolean nulls)
    {
        final ArrayNode outer = NODES.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--)
        {
            final ArrayNode inner = outer.addArray();
            for (int j = r.nextInt(4); j > 0; j--)
            {
                if (nulls && r.nextInt(4) == 0)
                {
                    inner.addNull();
                }
                else
                {
                    inner.add(nulls ? r.nextInt(65_536) - 32_768 : r.nextInt(256));
                }
            }
        }
        return outer;
    }

    private static ArrayNode strings(final Random r)
    {
        final ArrayNode strings = NODES.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--)
        {
            strings.add(text(r));
        }
        return strings;
    }

    private static String text(final Random r)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--)
        {
            text.append(TEXT[r.nextInt(TEXT.length)]);
        }
        return text.toString();
    }
}
