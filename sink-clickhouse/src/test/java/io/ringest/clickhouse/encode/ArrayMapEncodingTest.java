package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Array(T) from JSON arrays and Map(String, V) from JSON objects, byte for byte, and what they refuse. */
class ArrayMapEncodingTest
{
    private final JsonRowEncoder encoder = Rows.encoder(List.of(
        Rows.column("tags", "Array(LowCardinality(String))"), Rows.column("codes", "Array(Nullable(Int16))"),
        Rows.column("attrs", "Map(LowCardinality(String), String)"), Rows.column("n", "Map(String, Nullable(UInt8))")));

    private void assertRefused(final String json, final String reason)
    {
        assertFalse(encoder.encode(Rows.event(json), new RowBuffer(16)), json);
        assertEquals(reason, encoder.failure());
    }

    @Test
    void shouldWriteTheCountThenEachElement()
    {
        final byte[] row = Rows.encode(encoder, "{\"tags\": [\"a\", \"b\\u0063\" ,\"\"], \"codes\": [ -1, null,7 ],"
            + " \"attrs\": {\"k\": \"v\", \"n\\u00e9\": 12.50, \"o\": {\"x\": [1]}}, \"n\": {\"a\": 1, \"b\": null}}");
        assertArrayEquals(Rows.bytes(
            3, 1, 'a', 2, 'b', 'c', 0,
            3, 0, 0xFF, 0xFF, 1, 0, 7, 0,
            3, 1, 'k', 1, 'v', 3, 'n', 0xC3, 0xA9, 5, '1', '2', '.', '5', '0', 1, 'o', 10, '{', '"', 'x', '"', ':', ' ', '[', '1', ']', '}',
            2, 1, 'a', 0, 1, 1, 'b', 1), row, () -> java.util.HexFormat.of().formatHex(row));
    }

    @Test
    void shouldWriteEmptyAndMissingAsEmpty()
    {
        assertArrayEquals(Rows.bytes(0, 0, 0, 0), Rows.encode(encoder, "{\"tags\":[],\"codes\":[ ],\"attrs\":{ }}"));
        assertArrayEquals(Rows.bytes(0, 0, 0, 0), Rows.encode(encoder, "{\"tags\":null}"));
        assertArrayEquals(Rows.bytes(1, 0, 0, 0, 0), Rows.encode(encoder, "{\"tags\":[null]}"));
    }

    @Test
    void shouldRefuseWhatTheElementTypeCannotTake()
    {
        assertRefused("{\"tags\":\"a\"}", "field 'tags': expected an array for Array(String), found string \"a\"");
        assertRefused("{\"codes\":[1,70000]}", "field 'codes': element 1: 70000 out of range for Nullable(Int16)");
        assertRefused("{\"codes\":[1,,2]}", "not a JSON object: expected a value at byte 12");
        assertRefused("{\"codes\":[1 2]}", "not a JSON object: expected ',' or ']' at byte 12, found '2'");
        assertRefused("{\"codes\":[tru]}", "not a JSON object: invalid value at byte 10");
        assertRefused("{\"codes\":[2, 01]}", "not a JSON object: invalid value at byte 13");
        assertRefused("{\"attrs\":[\"a\"]}", "field 'attrs': expected an object for Map(String, String), found an array");
        assertRefused("{\"n\":{\"a\":-1}}", "field 'n': key \"a\": -1 out of range for Nullable(UInt8)");
    }
}
