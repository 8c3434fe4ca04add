package io.ringest.clickhouse.encode;

import com.clickhouse.client.api.data_formats.RowBinaryFormatSerializer;
import com.clickhouse.client.api.data_formats.internal.SerializerUtils;
import com.clickhouse.data.ClickHouseColumn;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Byte-compares each type's encoding with what client-v2 0.10.0's own RowBinary serializer writes. */
class RowBinaryCompatibilityTest
{
    private static void assertSameAsClient(final String type, final String json, final Object value) throws IOException
    {
        final ClickHouseColumn column = ClickHouseColumn.of("v", type);
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        if (RowBinaryFormatSerializer.writeValuePreamble(expected, false, column, value))
        {
            SerializerUtils.serializeData(expected, value, column);
        }
        final byte[] actual = Rows.encode(Rows.encoder(List.of(Rows.column("v", type))), "{\"v\":" + json + "}");
        assertArrayEquals(expected.toByteArray(), actual, type + " <- " + json);
    }

    private static ZonedDateTime utc(final String instant)
    {
        return Instant.parse(instant).atZone(ZoneOffset.UTC);
    }

    @Test
    void shouldWriteSignedIntegersLikeClient() throws IOException
    {
        assertSameAsClient("Int8", "-128", (byte)-128);
        assertSameAsClient("Int8", "127", (byte)127);
        assertSameAsClient("Int16", "-32768", (short)-32768);
        assertSameAsClient("Int16", "32767", (short)32767);
        assertSameAsClient("Int32", "-2147483648", Integer.MIN_VALUE);
        assertSameAsClient("Int32", "2147483647", Integer.MAX_VALUE);
        assertSameAsClient("Int64", "-9223372036854775808", Long.MIN_VALUE);
        assertSameAsClient("Int64", "9223372036854775807", Long.MAX_VALUE);
        assertSameAsClient("Int64", "0", 0L);
        assertSameAsClient("Int32", "-0", 0);
    }

    @Test
    void shouldWriteUnsignedIntegersLikeClient() throws IOException
    {
        assertSameAsClient("UInt8", "0", (short)0);
        assertSameAsClient("UInt8", "255", (short)255);
        assertSameAsClient("UInt16", "65535", 65535);
        assertSameAsClient("UInt32", "4294967295", 4294967295L);
        assertSameAsClient("UInt64", "18446744073709551615", new BigInteger("18446744073709551615"));
        assertSameAsClient("UInt64", "9223372036854775808", new BigInteger("9223372036854775808"));
        assertSameAsClient("UInt64", "1", BigInteger.ONE);
    }

    @Test
    void shouldWriteFloatsAndBoolLikeClient() throws IOException
    {
        assertSameAsClient("Float32", "3.14159", 3.14159f);
        assertSameAsClient("Float32", "-1.5e-7", -1.5e-7f);
        assertSameAsClient("Float32", "16777217", 16777217f);
        assertSameAsClient("Float64", "0.1", 0.1d);
        assertSameAsClient("Float64", "-2.2250738585072014E-308", -2.2250738585072014E-308d);
        assertSameAsClient("Float64", "1.7976931348623157e308", Double.MAX_VALUE);
        assertSameAsClient("Float64", "12345678901234567890", 12345678901234567890d);
        assertSameAsClient("Float64", "0", 0d);
        assertSameAsClient("Bool", "true", true);
        assertSameAsClient("Bool", "false", false);
    }

    @Test
    void shouldWriteStringsLikeClient() throws IOException
    {
        assertSameAsClient("String", "\"\"", "");
        assertSameAsClient("String", "\"hello\"", "hello");
        assertSameAsClient("String", "\"h\u00e9llo \u4e16\u754c \uD83D\uDE00\"", "h\u00e9llo \u4e16\u754c \uD83D\uDE00");
        assertSameAsClient("String", "\"a\\nb\\\"c\\\\d\\/e\\bf\\fg\\rh\\ti\"", "a\nb\"c\\d/e\bf\fg\rh\ti");
        assertSameAsClient("String", "\"\\u00e9\\u4e16\\uD83D\\uDE00\\u0000\"", "\u00e9\u4e16\uD83D\uDE00\u0000");
        assertSameAsClient("String", "\"" + "x".repeat(300) + "\"", "x".repeat(300));
        assertSameAsClient("LowCardinality(String)", "\"INFO\"", "INFO");
        assertSameAsClient("LowCardinality(String)", "\"\"", "");
    }

    @Test
    void shouldWriteFixedStringsLikeClient() throws IOException
    {
        assertSameAsClient("FixedString(8)", "\"abc\"", "abc");
        assertSameAsClient("FixedString(3)", "\"abc\"", "abc");
        assertSameAsClient("FixedString(4)", "\"\"", "");
        assertSameAsClient("FixedString(4)", "\"\u00e9\u00e9\"", "\u00e9\u00e9");
    }

    @Test
    void shouldWriteNullablesLikeClient() throws IOException
    {
        assertSameAsClient("Nullable(String)", "null", null);
        assertSameAsClient("Nullable(String)", "\"x\"", "x");
        assertSameAsClient("Nullable(Int32)", "null", null);
        assertSameAsClient("Nullable(Int32)", "-7", -7);
        assertSameAsClient("Nullable(UInt64)", "18446744073709551615", new BigInteger("18446744073709551615"));
        assertSameAsClient("Nullable(Float64)", "2.5", 2.5d);
        assertSameAsClient("Nullable(Bool)", "true", true);
        assertSameAsClient("Nullable(DateTime64(3))", "null", null);
        assertSameAsClient("Nullable(DateTime64(3))", "\"2024-02-29T12:00:00.5Z\"", utc("2024-02-29T12:00:00.500Z"));
        assertSameAsClient("LowCardinality(Nullable(String))", "null", null);
        assertSameAsClient("LowCardinality(Nullable(String))", "\"WARN\"", "WARN");
    }

    @Test
    void shouldWriteDateTimeLikeClient() throws IOException
    {
        assertSameAsClient("DateTime", "\"1970-01-01T00:00:00Z\"", utc("1970-01-01T00:00:00Z"));
        assertSameAsClient("DateTime", "\"2106-02-07T06:28:15Z\"", utc("2106-02-07T06:28:15Z"));
        assertSameAsClient("DateTime", "\"2024-05-06 07:08:09.999+02:00\"", utc("2024-05-06T05:08:09Z"));
        assertSameAsClient("DateTime('Europe/Berlin')", "1714971289000", utc("2024-05-06T04:54:49Z"));
    }

    @Test
    void shouldWriteDateTime64AtEveryPrecisionLikeClient() throws IOException
    {
        final String json = "\"2023-11-14T22:13:20.123456789Z\"";
        final ZonedDateTime value = utc("2023-11-14T22:13:20.123456789Z");
        for (int precision = 0; precision <= 9; precision++)
        {
            assertSameAsClient("DateTime64(" + precision + ")", json, value);
            assertSameAsClient("DateTime64(" + precision + ", 'UTC')", json, value);
        }
        assertSameAsClient("DateTime64(9)", "\"1969-12-31T23:59:59.999999999Z\"", utc("1969-12-31T23:59:59.999999999Z"));
        assertSameAsClient("DateTime64(3)", "1700000000123", utc("2023-11-14T22:13:20.123Z"));
        assertSameAsClient("DateTime64(6)", "\"2262-04-11T23:47:16.854775Z\"", utc("2262-04-11T23:47:16.854775Z"));
    }
}
