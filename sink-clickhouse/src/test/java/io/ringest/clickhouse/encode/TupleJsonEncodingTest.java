package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Tuple from JSON arrays and objects, JSON columns as the object's text, byte for byte, and what they refuse. */
class TupleJsonEncodingTest
{
    private final JsonRowEncoder encoder = Rows.encoder(List.of(
        Rows.column("t", "Tuple(UInt8, String)"),
        Rows.column("n", "Tuple(\n    status UInt16,\n    note Nullable(String),\n    tags Array(LowCardinality(String)))"),
        Rows.column("j", "JSON"),
        Rows.column("nj", "Nullable(JSON(max_dynamic_paths=8, a.b UInt32))")));

    private final JsonRowEncoder nested = Rows.encoder(List.of(
        Rows.column("a", "Array(Tuple(\n    id UInt8,\n    inner Tuple(Nullable(Int8), Array(Array(UInt8)))))"),
        Rows.column("m", "Map(String, Tuple(x UInt8))")));

    @Test
    void shouldWriteElementsBackToBackFromArraysAndByNameFromObjects()
    {
        final String j = "{\"a\" : [1, {\"b\":null}], \"c\u00e9\":\"\\u00e9\"}";
        final byte[] row = Rows.encode(encoder, "{\"t\":[7,\"ab\"],\"n\":{\"extra\":{\"x\":[1]},\"tags\":[\"x\"],"
            + "\"st\\u0061tus\":404,\"status\":503},\"j\":" + j + ",\"nj\":null}");
        assertArrayEquals(concat(
            Rows.bytes(7, 2, 'a', 'b'),
            Rows.bytes(0xF7, 0x01, 1, 1, 1, 'x'),
            text(j),
            Rows.bytes(1)), row, () -> HexFormat.of().formatHex(row));
    }

    @Test
    void shouldTakeANamedTupleFromAnArrayAndWriteZerosWhereAbsent()
    {
        assertArrayEquals(concat(Rows.bytes(0, 0), Rows.bytes(1, 0, 1, 0), text("{}"), Rows.bytes(0), text("{\"a\":{}}")),
            Rows.encode(encoder, "{\"n\":[1, null, []],\"j\":{},\"nj\":{\"a\":{}}}"));
        final byte[] zeros = concat(Rows.bytes(0, 0), Rows.bytes(0, 0, 1, 0), text("{}"), Rows.bytes(1));
        assertArrayEquals(zeros, Rows.encode(encoder, "{}"));
        assertArrayEquals(zeros, Rows.encode(encoder, "{\"t\":null,\"n\":null,\"j\":null,\"nj\":null}"));
        assertArrayEquals(zeros, Rows.encode(encoder, "{\"n\":{\"note\":null,\"Status\":1}}"));
    }

    @Test
    void shouldNestTuplesArraysAndMaps()
    {
        final byte[] row = Rows.encode(nested, "{\"a\":[{\"id\":1,\"inner\":[-1,[[1,2],[]]]},{\"inner\":[null,[]]},"
            + "[3,[4,[[5]]]]],\"m\":{\"k\":{\"x\":9},\"e\":{}}}");
        assertArrayEquals(Rows.bytes(
            3,
            1, 0, 0xFF, 2, 2, 1, 2, 0,
            0, 1, 0,
            3, 0, 4, 1, 1, 5,
            2, 1, 'k', 9, 1, 'e', 0), row, () -> HexFormat.of().formatHex(row));
    }

    @Test
    void shouldRefuseWhatTheTupleCannotTakeNamingTheElement()
    {
        assertRefused(encoder, "{\"t\":[1]}", "field 't': expected an array of 2 elements for Tuple(UInt8, String), found 1");
        assertRefused(encoder, "{\"t\":[1,\"a\",[3]]}", "field 't': expected an array of 2 elements for Tuple(UInt8, String), found 3");
        assertRefused(encoder, "{\"t\":{\"a\":1}}", "field 't': expected an array for Tuple(UInt8, String), found an object");
        assertRefused(encoder, "{\"n\":\"x\"}", "field 'n': expected an array or an object for "
            + "Tuple(status UInt16, note Nullable(String), tags Array(String)), found string \"x\"");
        assertRefused(encoder, "{\"t\":[256,\"a\"]}", "field 't': element 1: 256 out of range for UInt8");
        assertRefused(encoder, "{\"t\":[1,\"a\\x\"]}", "field 't': element 2: invalid escape sequence in a string");
        assertRefused(encoder, "{\"n\":{\"st\\x\":1}}", "field 'n': key \"st\\x\": invalid escape sequence in a string");
        assertRefused(encoder, "{\"n\":{\"status\":-1}}", "field 'n': element 'status': -1 out of range for UInt16");
        assertRefused(encoder, "{\"n\":[\"1\",\"x\",[]]}",
            "field 'n': element 'status': expected an integer for UInt16, found string \"1\"");
        assertRefused(encoder, "{\"t\":[1 \"a\"]}", "not a JSON object: expected ',' or ']' at byte 8, found '\"'");
        assertRefused(nested, "{\"a\":[{\"inner\":[1,[[1],[300]]]}]}",
            "field 'a': element 0: element 'inner': element 2: element 1: element 0: 300 out of range for UInt8");
        assertRefused(nested, "{\"m\":{\"k\":[1, 2]}}", "field 'm': key \"k\": expected an array of 1 element for Tuple(x UInt8), found 2");
    }

    @Test
    void shouldRefuseAJsonValueThatIsNotAnObject()
    {
        assertRefused(encoder, "{\"j\":[1]}", "field 'j': expected an object for JSON, found an array");
        assertRefused(encoder, "{\"j\":\"{}\"}", "field 'j': expected an object for JSON, found string \"{}\"");
        assertRefused(encoder, "{\"nj\":1.5}", "field 'nj': expected an object for Nullable(JSON), found number 1.5");
        assertRefused(encoder, "{\"j\":true}", "field 'j': expected an object for JSON, found true");
    }

    private static void assertRefused(final JsonRowEncoder encoder, final String json, final String reason)
    {
        assertFalse(encoder.encode(Rows.event(json), new RowBuffer(16)), json);
        assertEquals(reason, encoder.failure());
    }

    /** A String in RowBinary: its length (under 128 here) and its UTF-8. */
    private static byte[] text(final String value)
    {
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return concat(Rows.bytes(utf8.length), utf8);
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
