package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonRowEncoderTest
{
    private static final List<Column> COLUMNS = List.of(
        Rows.column("ts", "DateTime64(3)"),
        Rows.column("level", "LowCardinality(String)"),
        Rows.column("status", "UInt16"),
        Rows.column("message", "String"),
        Rows.column("user", "Nullable(String)"),
        Rows.columnWithDefault("host", "String", "hostName()"));

    private static final String ORDERED =
        "{\"ts\":\"2024-01-02T03:04:05.678Z\",\"level\":\"INFO\",\"status\":200,\"message\":\"hi\",\"user\":\"bob\",\"host\":\"h1\"}";

    private final JsonRowEncoder encoder = new JsonRowEncoder(
        ColumnPlan.fromConfig(COLUMNS, Map.of("encode.required", "ts"), false));

    /** The RowBinary of ORDERED, spelled out byte by byte. */
    private static byte[] orderedRow()
    {
        final ByteArrayOutputStream row = new ByteArrayOutputStream();
        final long ticks = 1_704_164_645_678L;
        for (int i = 0; i < 8; i++)
        {
            row.write((int)(ticks >>> (8 * i)));
        }
        row.writeBytes(Rows.bytes(4, 'I', 'N', 'F', 'O', 200, 0, 2, 'h', 'i', 0, 3, 'b', 'o', 'b', 2, 'h', '1'));
        return row.toByteArray();
    }

    private void assertMalformed(final byte[] json, final String reason)
    {
        final RowBuffer out = new RowBuffer(16);
        assertTrue(encoder.encode(Rows.event(ORDERED), out), encoder.failure());
        final byte[] before = Arrays.copyOf(out.array(), out.size());
        final byte[] input = json.clone();
        assertFalse(encoder.encode(Rows.event(json), out), () -> new String(json, StandardCharsets.UTF_8));
        assertEquals(reason, encoder.failure());
        assertArrayEquals(before, Arrays.copyOf(out.array(), out.size()), "buffer must be unchanged");
        assertArrayEquals(input, json, "input must be unchanged");
    }

    private void assertMalformed(final String json, final String reason)
    {
        assertMalformed(json.getBytes(StandardCharsets.UTF_8), reason);
    }

    @Test
    void shouldWriteColumnsInTableOrder()
    {
        assertArrayEquals(orderedRow(), Rows.encode(encoder, ORDERED));
    }

    @Test
    void shouldIgnoreFieldOrderWhitespaceAndUnknownFields()
    {
        final String shuffled = " {\n \"host\" : \"h1\", \"extra\": {\"a\": [1, {\"b\": \"}]\\\"\"}, [], {}], \"c\": null},"
            + " \"user\":\"bob\",\t\"message\":\"hi\", \"n\": -1.5e3, \"t\": true, \"arr\": [[[\"x\"]]],"
            + " \"status\" : 200 , \"level\":\"INFO\", \"ts\":\"2024-01-02T03:04:05.678Z\" } \n";
        assertArrayEquals(orderedRow(), Rows.encode(encoder, shuffled));
    }

    @Test
    void shouldLetTheLastDuplicateKeyWin()
    {
        final String json = ORDERED.replace("{\"ts\"", "{\"status\":7,\"message\":\"old\",\"ts\"");
        assertArrayEquals(orderedRow(), Rows.encode(encoder, json));
    }

    /**
     * The first pass guesses each key from the one at the same position in the previous record; a key that only starts
     * like the guess, is longer, shorter, escaped, or sits at the very end of the input must still be read as written.
     */
    @Test
    void shouldReadEveryKeyAsWrittenWhateverTheRecordBeforeIt()
    {
        final List<String> records = List.of(ORDERED, ORDERED.replace("\"level\"", "\"levels\""),
            ORDERED.replace("\"level\"", "\"leve\""), ORDERED.replace("\"level\"", "\"lev\\u0065l\""),
            ORDERED.replace("\"status\"", "\"message\"").replace("\"message\":\"hi\"", "\"status\":200"),
            "{\"status\":200}", "{\"ts\":0,\"level\":\"x\"}", "{\"ts\":0,\"lev\":1}", "{\"ts\":0,\"level\"");
        for (final String first : records)
        {
            for (final String second : records)
            {
                final JsonRowEncoder warm = Rows.encoder(COLUMNS);
                warm.encode(Rows.event(first), new RowBuffer(1024));
                final RowBuffer out = new RowBuffer(1024);
                final boolean encoded = warm.encode(Rows.event(second), out);
                final JsonRowEncoder fresh = Rows.encoder(COLUMNS);
                final RowBuffer expected = new RowBuffer(1024);
                assertEquals(fresh.encode(Rows.event(second), expected), encoded, second + " after " + first);
                assertEquals(encoded ? null : fresh.failure(), encoded ? null : warm.failure(), second + " after " + first);
                assertArrayEquals(Arrays.copyOf(expected.array(), expected.size()), Arrays.copyOf(out.array(), out.size()),
                    second + " after " + first);
            }
        }
    }

    /** A string is decoded straight into the row: its length prefix must be right where escapes make it one byte shorter. */
    @Test
    void shouldPrefixDecodedStringsWithTheirDecodedLength()
    {
        final JsonRowEncoder strings = Rows.encoder(List.of(Rows.column("s", "String")));
        for (final int decoded : new int[] {1, 126, 127, 128, 129, 16_383, 16_384, 16_385})
        {
            for (int escapes = 0; escapes <= Math.min(3, decoded / 2); escapes++)
            {
                final String text = "\u00e9".repeat(escapes) + "x".repeat(decoded - 2 * escapes);
                final String json = "{\"s\":\"" + "\\u00e9".repeat(escapes) + "x".repeat(decoded - 2 * escapes) + "\"}";
                final ByteArrayOutputStream expected = new ByteArrayOutputStream();
                final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                for (long v = utf8.length; ; v >>>= 7)
                {
                    expected.write((int)(v > 0x7F ? (v & 0x7F) | 0x80 : v));
                    if (v <= 0x7F)
                    {
                        break;
                    }
                }
                expected.writeBytes(utf8);
                assertArrayEquals(expected.toByteArray(), Rows.encode(strings, json), decoded + " bytes, " + escapes + " escapes");
            }
        }
    }

    /** A key is matched by what it decodes to, as a JSON parser (and ClickHouse's JSON input) reads it. */
    @Test
    void shouldMatchKeysWrittenWithEscapes()
    {
        final String escaped = ORDERED.replace("\"level\"", "\"\\u006cev\\u0065l\"")
            .replace("\"message\"", "\"\\u006D\\u0065ssage\"");
        assertArrayEquals(orderedRow(), Rows.encode(encoder, escaped));
        final JsonRowEncoder odd = Rows.encoder(List.of(Rows.column("a\"b\\c/d\u00e9", "String")));
        assertArrayEquals(Rows.bytes(1, 'x'), Rows.encode(odd, "{\"a\\\"b\\\\c\\/d\\u00E9\":\"x\"}"));
        assertArrayEquals(Rows.bytes(1, 'y'), Rows.encode(odd, "{\"a\\\"b\\\\c/d\u00e9\":\"y\"}"));
        assertMalformed("{\"\\x\":1}", "not a JSON object: invalid escape sequence in a string in the key at byte 1");
    }

    @Test
    void shouldFillMissingOptionalFieldsWithNullOrZero()
    {
        final byte[] row = Rows.encode(encoder, "{\"ts\":0,\"user\":null,\"status\":null}");
        assertArrayEquals(Rows.bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0), row);
    }

    @Test
    void shouldRejectMissingOrNullRequiredField()
    {
        assertMalformed("{\"level\":\"INFO\"}", "field 'ts': required but missing");
        assertMalformed("{\"ts\":null}", "field 'ts': required but null");
    }

    @Test
    void shouldWriteDefaultMarkersWhenWithDefaults()
    {
        final JsonRowEncoder withDefaults = new JsonRowEncoder(ColumnPlan.fromConfig(COLUMNS, Map.of(), true));
        final byte[] missing = Rows.encode(withDefaults, "{\"level\":\"W\"}");
        assertArrayEquals(Rows.bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'W', 0, 0, 0, 0, 0, 0, 1, 1), missing);
        final byte[] present = Rows.encode(withDefaults, "{\"host\":\"h\",\"user\":\"u\",\"ts\":1}");
        assertArrayEquals(Rows.bytes(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'u', 0, 1, 'h'), present);
        final byte[] nullHost = Rows.encode(withDefaults, "{\"host\":null,\"user\":null,\"ts\":1}");
        assertEquals(1, nullHost[nullHost.length - 1]);
        assertEquals(1, nullHost[nullHost.length - 2]);
        assertEquals(0, nullHost[nullHost.length - 3]);
    }

    @Test
    void shouldWriteRawJsonTextOfNonStringValuesIntoStringColumns()
    {
        final JsonRowEncoder strings = Rows.encoder(List.of(Rows.column("s", "String")));
        assertArrayEquals(Rows.bytes(2, '4', '2'), Rows.encode(strings, "{\"s\": 42 }"));
        assertArrayEquals(Rows.bytes(4, 't', 'r', 'u', 'e'), Rows.encode(strings, "{\"s\":true}"));
        final byte[] object = Rows.encode(strings, "{\"s\": {\"a\": [1, \"\u00e9\"]} }");
        assertEquals("{\"a\": [1, \"\u00e9\"]}", new String(object, 1, object.length - 1, StandardCharsets.UTF_8));
        assertEquals(object.length - 1, object[0]);
    }

    @Test
    void shouldMapColumnsToOtherFieldsAndNameThemInFailures()
    {
        final JsonRowEncoder mapped = new JsonRowEncoder(ColumnPlan.fromConfig(
            List.of(Rows.column("status", "UInt8")), Map.of("mapping.status", "code"), false));
        assertArrayEquals(Rows.bytes(7), Rows.encode(mapped, "{\"status\":9,\"code\":7}"));
        final RowBuffer out = new RowBuffer(16);
        assertFalse(mapped.encode(Rows.event("{\"code\":700}"), out));
        assertEquals("field 'code' (column 'status'): 700 out of range for UInt8", mapped.failure());
    }

    @Test
    void shouldRejectInvalidJson()
    {
        assertMalformed("", "not a JSON object: empty value");
        assertMalformed("[1,2]", "not a JSON object: starts with '[' at byte 0");
        assertMalformed("\"text\"", "not a JSON object: starts with '\"' at byte 0");
        assertMalformed("{", "not a JSON object: unexpected end of input at byte 1");
        assertMalformed("{\"message\":\"abc", "not a JSON object: unexpected end of input at byte 15");
        assertMalformed("{\"status\":200", "not a JSON object: unexpected end of input at byte 13");
        assertMalformed("{\"ts\":1 \"level\":\"x\"}", "not a JSON object: invalid value at byte 6");
        assertMalformed("{\"ts\" 1}", "not a JSON object: expected ':' after the key at byte 6, found '1'");
        assertMalformed("{\"ts\":1,}", "not a JSON object: expected a quoted key at byte 8");
        assertMalformed("{,}", "not a JSON object: expected a quoted key at byte 1");
        assertMalformed("{\"ts\":tru}", "not a JSON object: Invalid true constant found at byte 6");
        assertMalformed("{\"ts\":1 2}", "not a JSON object: invalid value at byte 6");
        assertMalformed("{\"ts\":abc}", "not a JSON object: invalid value at byte 6");
        assertMalformed("{\"ts\":01}", "not a JSON object: invalid value at byte 6");
        assertMalformed("{\"ts\":1]", "not a JSON object: expected ',' or '}' at byte 7, found ']'");
        assertMalformed("{\"x\":[1,2}", "not a JSON object: expected ',' or ']' at byte 9, found '}'");
        assertMalformed("{\"ts\":1} x", "not a JSON object: unexpected 'x' after the object at byte 9");
    }

    @Test
    void shouldRejectDeeplyNestedUnknownFieldsWithoutKillingTheThread()
    {
        final String deep = "{\"ts\":1,\"x\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        assertMalformed(deep, "not a JSON object: nested deeper than 1000 levels at byte 1012");
        Rows.encode(encoder, ORDERED);
    }

    @Test
    void shouldRejectNullRecordValue()
    {
        final LogEvent tombstone = Rows.event((byte[])null);
        final RowBuffer out = new RowBuffer(16);
        assertFalse(encoder.encode(tombstone, out));
        assertEquals("not a JSON object: the record value is null", encoder.failure());
        assertEquals(0, out.size());
    }

    @Test
    void shouldRejectWrongTypesAndOutOfRangeNumbers()
    {
        assertMalformed("{\"ts\":1,\"status\":70000}", "field 'status': 70000 out of range for UInt16");
        assertMalformed("{\"ts\":1,\"status\":-1}", "field 'status': -1 out of range for UInt16");
        assertMalformed("{\"ts\":1,\"status\":99999999999999999999999}",
            "field 'status': 99999999999999999999999 out of range for UInt16");
        assertMalformed("{\"ts\":1,\"status\":\"200\"}", "field 'status': expected an integer for UInt16, found string \"200\"");
        assertMalformed("{\"ts\":1,\"status\":2.5}", "field 'status': expected an integer for UInt16, found number 2.5");
        assertMalformed("{\"ts\":1,\"status\":[1]}", "field 'status': expected an integer for UInt16, found an array");
        assertMalformed("{\"ts\":true}",
            "field 'ts': expected an RFC 3339 string or an epoch number for DateTime64(3), found true");
        assertMalformed("{\"ts\":\"2024-02-30T00:00:00Z\"}",
            "field 'ts': not an RFC 3339 timestamp (no such date), found \"2024-02-30T00:00:00Z\"");
        assertMalformed("{\"ts\":99999999999999999999}", "field 'ts': epoch number out of range, found 99999999999999999999");
        final JsonRowEncoder times = Rows.encoder(List.of(Rows.column("a", "DateTime"), Rows.column("b", "DateTime64(9)")));
        Rows.encode(times, "{\"a\":\"2106-02-07T06:28:15Z\",\"b\":\"2262-04-11T23:47:16.854775807Z\"}");
        assertFalse(times.encode(Rows.event("{\"a\":\"1969-12-31T23:59:59Z\"}"), new RowBuffer(16)));
        assertEquals("field 'a': \"1969-12-31T23:59:59Z\" out of range for DateTime (1970-01-01..2106-02-07)",
            times.failure());
        assertFalse(times.encode(Rows.event("{\"b\":\"2262-04-12T00:00:00Z\"}"), new RowBuffer(16)));
        assertEquals("field 'b': \"2262-04-12T00:00:00Z\" out of range for DateTime64(9)", times.failure());
        assertFalse(times.encode(Rows.event("{\"b\":9223372036854775807}"), new RowBuffer(16)));
        assertEquals("field 'b': 9223372036854775807 out of range for DateTime64(9)", times.failure());
        final JsonRowEncoder floats = Rows.encoder(List.of(Rows.column("d", "Float64"), Rows.column("f", "Float32")));
        assertFalse(floats.encode(Rows.event("{\"d\":1e309}"), new RowBuffer(16)));
        assertEquals("field 'd': 1e309 out of range for Float64", floats.failure());
        assertFalse(floats.encode(Rows.event("{\"f\":-3.5e38}"), new RowBuffer(16)));
        assertEquals("field 'f': -3.5e38 out of range for Float32", floats.failure());
    }

    @Test
    void shouldRangeCheckEveryIntegerType()
    {
        final String[][] cases = {
            {"Int8", "-128", "127", "-129", "128"}, {"Int16", "-32768", "32767", "-32769", "32768"},
            {"Int32", "-2147483648", "2147483647", "-2147483649", "2147483648"},
            {"Int64", "-9223372036854775808", "9223372036854775807", "-9223372036854775809", "9223372036854775808"},
            {"UInt8", "0", "255", "-1", "256"}, {"UInt16", "0", "65535", "-1", "65536"},
            {"UInt32", "0", "4294967295", "-1", "4294967296"},
            {"UInt64", "0", "18446744073709551615", "-1", "18446744073709551616"}};
        for (final String[] c : cases)
        {
            final JsonRowEncoder one = Rows.encoder(List.of(Rows.column("n", c[0])));
            Rows.encode(one, "{\"n\":" + c[1] + "}");
            Rows.encode(one, "{\"n\":" + c[2] + "}");
            for (final String bad : new String[] {c[3], c[4]})
            {
                assertFalse(one.encode(Rows.event("{\"n\":" + bad + "}"), new RowBuffer(16)), c[0] + " " + bad);
                assertEquals("field 'n': " + bad + " out of range for " + c[0], one.failure());
            }
        }
    }

    @Test
    void shouldRejectInvalidUtf8AndLoneSurrogates()
    {
        final String prefix = "{\"ts\":1,\"message\":\"";
        for (final int[] bad : new int[][] {{0xC3, 0x28}, {0xC0, 0xAF}, {0xED, 0xA0, 0x80}, {0xF5, 0x80, 0x80, 0x80},
            {0xE2, 0x82}, {0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xC3}})
        {
            // Shifted along, so the bad bytes share an eight-byte word with the closing quote at every offset.
            for (int pad = 0; pad <= 8; pad++)
            {
                final ByteArrayOutputStream json = new ByteArrayOutputStream();
                json.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
                json.writeBytes("a".repeat(pad).getBytes(StandardCharsets.UTF_8));
                json.writeBytes(Rows.bytes(bad));
                json.writeBytes("\",\"other\":12345678}".getBytes(StandardCharsets.UTF_8));
                assertMalformed(json.toByteArray(), "field 'message': invalid UTF-8 in a string");
            }
        }
        assertMalformed(prefix + "\\uD800\"}", "field 'message': lone high surrogate in a string");
        assertMalformed(prefix + "\\uD800x\"}", "field 'message': lone high surrogate in a string");
        assertMalformed(prefix + "\\uD800\\u0041\"}", "field 'message': lone high surrogate in a string");
        assertMalformed(prefix + "\\uDC00\"}", "field 'message': lone low surrogate in a string");
        assertMalformed(prefix + "\\u12G4\"}", "field 'message': invalid \\u escape in a string");
        assertMalformed(prefix + "\\x\"}", "field 'message': invalid escape sequence in a string");
    }

    @Test
    void shouldRejectFixedStringLongerThanN()
    {
        final JsonRowEncoder fixed = Rows.encoder(List.of(Rows.column("id", "FixedString(2)")));
        assertArrayEquals(Rows.bytes('a', 0), Rows.encode(fixed, "{\"id\":\"a\"}"));
        assertFalse(fixed.encode(Rows.event("{\"id\":\"\u00e9\u00e9\"}"), new RowBuffer(16)));
        assertEquals("field 'id': 4 bytes do not fit FixedString(2)", fixed.failure());
        assertFalse(fixed.encode(Rows.event("{\"id\":12}"), new RowBuffer(16)));
        assertEquals("field 'id': expected a string for FixedString(2), found number 12", fixed.failure());
    }

    @Test
    void shouldReadValuesLongerThanTheSlotAndScratch()
    {
        final String longText = "\u00e9".repeat(5000) + "\\n";
        final JsonRowEncoder strings = Rows.encoder(List.of(Rows.column("s", "String"), Rows.column("f", "Float64")));
        final String longNumber = "1." + "0".repeat(100);
        final byte[] row = Rows.encode(strings, "{\"s\":\"" + longText + "\",\"f\":" + longNumber + "}");
        assertEquals(10_001 + 2 + 8, row.length);
        assertEquals(1.0d, java.nio.ByteBuffer.wrap(row, row.length - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble());
    }

    /**
     * Pass one finds a string's end eight bytes at a time and lets plain ASCII bodies be copied as they are; put an
     * escape, an escaped quote, an escaped backslash or a non-ASCII character at every position around the word
     * boundaries, in a String and a FixedString column followed by another field, and compare with Java's decoding.
     */
    @Test
    void shouldDecodeStringsWhateverWhereTheirSpecialCharactersFall()
    {
        final JsonRowEncoder encoder = Rows.encoder(List.of(
            Rows.column("s", "String"), Rows.column("f", "FixedString(40)"), Rows.column("n", "UInt8")));
        final String[][] specials = {{"\\n", "\n"}, {"\\\"", "\""}, {"\\\\", "\\"}, {"\u00e9", "\u00e9"},
            {"\ud83d\ude80", "\ud83d\ude80"}, {"x", "x"}};
        for (final String[] special : specials)
        {
            for (int length = 0; length <= 20; length++)
            {
                for (int at = 0; at <= length; at++)
                {
                    final String json = "a".repeat(at) + special[0] + "b".repeat(length - at);
                    final String text = "a".repeat(at) + special[1] + "b".repeat(length - at);
                    final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    final ByteArrayOutputStream expected = new ByteArrayOutputStream();
                    expected.write(utf8.length);
                    expected.writeBytes(utf8);
                    expected.writeBytes(Arrays.copyOf(utf8, 40));
                    expected.write(7);
                    assertArrayEquals(expected.toByteArray(), Rows.encode(encoder,
                        "{\"s\":\"" + json + "\",\"f\":\"" + json + "\",\"n\":7}"), json);
                }
            }
        }
    }
    @Test
    void shouldFillMetadataColumnsFromTheKafkaRecordUnlessMapped()
    {
        final JsonRowEncoder encoder = Rows.encoder(Rows.columns(
            "_topic", "String", "_partition", "Int32", "_offset", "UInt64", "msg", "String"));
        final LogEvent event = new LogEvent(64);
        event.set("clicks", 7, 0, 123_456_789_012L, 0L, "{\"msg\":\"hi\",\"_offset\":5}".getBytes(StandardCharsets.UTF_8));
        final RowBuffer out = new RowBuffer(64);
        assertTrue(encoder.encode(event, out), encoder.failure());
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(6);
        expected.writeBytes("clicks".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(Rows.bytes(7, 0, 0, 0));
        expected.writeBytes(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(123_456_789_012L).array());
        expected.write(2);
        expected.writeBytes("hi".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected.toByteArray(), Arrays.copyOf(out.array(), out.size()));

        final JsonRowEncoder mapped = new JsonRowEncoder(ColumnPlan.fromConfig(
            Rows.columns("_offset", "UInt64"), Map.of("mapping._offset", "_offset"), false));
        assertArrayEquals(Rows.bytes(5, 0, 0, 0, 0, 0, 0, 0), Rows.encode(mapped, "{\"_offset\":5}"));
    }

    /** _timestamp takes the Kafka record's timestamp, floored to the column's precision. */
    @Test
    void shouldFillTheTimestampColumnFromTheKafkaRecord()
    {
        final JsonRowEncoder encoder = Rows.encoder(Rows.columns("_timestamp", "DateTime64(6)"));
        final JsonRowEncoder seconds = Rows.encoder(Rows.columns("_timestamp", "DateTime"));
        final JsonRowEncoder millis = Rows.encoder(Rows.columns("_timestamp", "Int64"));
        final JsonRowEncoder tenths = Rows.encoder(Rows.columns("_timestamp", "DateTime64(1, 'UTC')"));
        final LogEvent event = new LogEvent(64);
        event.set("t", 0, 0, 0L, -1_999L, "{}".getBytes(StandardCharsets.UTF_8));
        final long[] expected = {-1_999_000L, -2L, -1_999L, -20L};
        final JsonRowEncoder[] encoders = {encoder, seconds, millis, tenths};
        for (int i = 0; i < encoders.length; i++)
        {
            final RowBuffer out = new RowBuffer(16);
            assertTrue(encoders[i].encode(event, out), encoders[i].failure());
            final java.nio.ByteBuffer row = java.nio.ByteBuffer.wrap(out.array(), 0, out.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(expected[i], out.size() == 4 ? row.getInt() : row.getLong(), "encoder " + i);
        }
        assertThrows(ConfigException.class, () -> Rows.encoder(Rows.columns("_timestamp", "String")));
    }
}
