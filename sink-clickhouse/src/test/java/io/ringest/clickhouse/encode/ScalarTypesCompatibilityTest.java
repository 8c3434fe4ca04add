package io.ringest.clickhouse.encode;

import com.clickhouse.client.api.data_formats.RowBinaryFormatSerializer;
import com.clickhouse.client.api.data_formats.internal.SerializerUtils;
import com.clickhouse.data.ClickHouseColumn;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Date, Date32, UUID, IPv4, IPv6, Enum8/16, Decimal and the 128/256-bit integers at their edges, byte-compared with
 * client-v2 0.10.0's own RowBinary serializer, and what each refuses.
 */
class ScalarTypesCompatibilityTest
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

    private static void assertRefused(final String type, final String json, final String reason)
    {
        final JsonRowEncoder encoder = Rows.encoder(List.of(Rows.column("v", type)));
        assertFalse(encoder.encode(Rows.event("{\"v\":" + json + "}"), new RowBuffer(16)), type + " <- " + json);
        assertEquals("field 'v': " + reason, encoder.failure(), type + " <- " + json);
    }

    private static InetAddress ip(final String literal) throws IOException
    {
        return InetAddress.getByName(literal);
    }

    @Test
    void shouldWriteDatesLikeClient() throws IOException
    {
        assertSameAsClient("Date", "\"1970-01-01\"", LocalDate.of(1970, 1, 1));
        assertSameAsClient("Date", "\"2149-06-06\"", LocalDate.of(2149, 6, 6));
        assertSameAsClient("Date", "\"2024-02-29\"", LocalDate.of(2024, 2, 29));
        assertSameAsClient("Date", "19000", LocalDate.ofEpochDay(19000));
        assertSameAsClient("Date", "65535", LocalDate.ofEpochDay(65535));
        assertSameAsClient("Date", "-0", LocalDate.ofEpochDay(0));
        assertSameAsClient("Date32", "\"1900-01-01\"", LocalDate.of(1900, 1, 1));
        assertSameAsClient("Date32", "\"2299-12-31\"", LocalDate.of(2299, 12, 31));
        assertSameAsClient("Date32", "\"2000-02-29\"", LocalDate.of(2000, 2, 29));
        assertSameAsClient("Date32", "\"1969-12-31\"", LocalDate.of(1969, 12, 31));
        assertSameAsClient("Date32", "-25567", LocalDate.of(1900, 1, 1));
        assertSameAsClient("Nullable(Date32)", "\"2\\u003024-01-01\"", LocalDate.of(2024, 1, 1));
        assertSameAsClient("Nullable(Date)", "null", null);
    }

    @Test
    void shouldRefuseDatesOutOfRangeOrNotDates()
    {
        assertRefused("Date", "\"1969-12-31\"", "\"1969-12-31\" out of range for Date (1970-01-01 to 2149-06-06)");
        assertRefused("Date", "\"2149-06-07\"", "\"2149-06-07\" out of range for Date (1970-01-01 to 2149-06-06)");
        assertRefused("Date", "65536", "65536 out of range for Date (1970-01-01 to 2149-06-06)");
        assertRefused("Date", "-1", "-1 out of range for Date (1970-01-01 to 2149-06-06)");
        assertRefused("Date32", "\"1899-12-31\"", "\"1899-12-31\" out of range for Date32 (1900-01-01 to 2299-12-31)");
        assertRefused("Date32", "\"2300-01-01\"", "\"2300-01-01\" out of range for Date32 (1900-01-01 to 2299-12-31)");
        assertRefused("Date32", "99999999999999999999", "99999999999999999999 out of range for Date32");
        assertRefused("Date", "\"2023-02-29\"", "expected a YYYY-MM-DD date for Date, found \"2023-02-29\"");
        assertRefused("Date", "\"1900-02-29\"", "expected a YYYY-MM-DD date for Date, found \"1900-02-29\"");
        assertRefused("Date", "\"2024-1-01\"", "expected a YYYY-MM-DD date for Date, found \"2024-1-01\"");
        assertRefused("Date", "\"2024-01-01T00:00:00Z\"", "expected a YYYY-MM-DD date for Date, found \"2024-01-01T00:00:00Z\"");
        assertRefused("Date", "1.0", "expected a YYYY-MM-DD string or a day number for Date, found number 1.0");
        assertRefused("Date32", "true", "expected a YYYY-MM-DD string or a day number for Date32, found true");
    }

    @Test
    void shouldWriteUuidsLikeClient() throws IOException
    {
        for (final String uuid : new String[] {"00112233-4455-6677-8899-aabbccddeeff", "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff", "7fffffff-ffff-ffff-8000-000000000000", "80000000-0000-0000-7fff-ffffffffffff",
            "123e4567-e89b-12d3-a456-426614174000"})
        {
            assertSameAsClient("UUID", "\"" + uuid + "\"", UUID.fromString(uuid));
            assertSameAsClient("UUID", "\"" + uuid.toUpperCase() + "\"", UUID.fromString(uuid));
        }
        assertSameAsClient("Nullable(UUID)", "\"123E4567-e89b-12D3-a456-42661417400\\u0030\"",
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertArrayEquals(Rows.bytes(0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00, 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88),
            Rows.encode(Rows.encoder(List.of(Rows.column("v", "UUID"))), "{\"v\":\"00112233-4455-6677-8899-aabbccddeeff\"}"));
    }

    @Test
    void shouldRefuseWhatIsNotACanonicalUuid()
    {
        final String expected = "expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) for UUID, found ";
        for (final String bad : new String[] {"\"00112233445566778899aabbccddeeff\"", "\"{00112233-4455-6677-8899-aabbccddeeff}\"",
            "\"00112233-4455-6677-8899-aabbccddeefg\"", "\"0011223-34455-6677-8899-aabbccddeeff\"", "\"\"",
            "\"1-1-1-1-1\"", "\"00112233-4455-6677-8899-aabbccddeef\""})
        {
            assertRefused("UUID", bad, expected + bad);
        }
        assertRefused("UUID", "5", "expected a UUID string for UUID, found number 5");
    }

    @Test
    void shouldWriteIpv4LikeClient() throws IOException
    {
        for (final String address : new String[] {"0.0.0.0", "255.255.255.255", "1.2.3.4", "192.168.0.1", "10.0.255.1", "127.0.0.1"})
        {
            assertSameAsClient("IPv4", "\"" + address + "\"", ip(address));
        }
        assertSameAsClient("Nullable(IPv4)", "\"1.2.3.\\u0034\"", ip("1.2.3.4"));
        for (final String bad : new String[] {"01.2.3.4", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4 ", "a.b.c.d", "1..2.3", "::1", ""})
        {
            assertRefused("IPv4", "\"" + bad + "\"", "expected a dotted quad for IPv4, found \"" + bad + "\"");
        }
        assertRefused("IPv4", "16909060", "expected an IP address string for IPv4, found number 16909060");
    }

    @Test
    void shouldWriteIpv6InEveryTextFormLikeClient() throws IOException
    {
        for (final String address : new String[] {"::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A",
            "2001:db8::8:800:200c:417a", "ff01::101", "fe80::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
            "1:0:0:2::3", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0001:0002:0003:0004:0005:0006:0007:0008",
            "::13.1.68.3", "0:0:0:0:0:0:13.1.68.3", "::ffff:129.144.52.38", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4"})
        {
            assertSameAsClient("IPv6", "\"" + address + "\"", java.net.Inet6Address.getByAddress(null, ip6(address), -1));
        }
        assertSameAsClient("IPv6", "\"1.2.3.4\"", java.net.Inet6Address.getByAddress(null, ip6("::ffff:1.2.3.4"), -1));
        for (final String bad : new String[] {"1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", ":1::", "1:",
            "::1:", "fe80::1%eth0", "::ffff:01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "g::", "1:2:3:4::5:6:7:8", ""})
        {
            assertRefused("IPv6", "\"" + bad + "\"", "expected an IPv6 address for IPv6, found \"" + bad + "\"");
        }
    }

    /** The 16 bytes of an IPv6 literal, also when Java turns an IPv4-mapped one into an Inet4Address. */
    private static byte[] ip6(final String literal) throws IOException
    {
        final byte[] bytes = ip(literal).getAddress();
        if (bytes.length == 16)
        {
            return bytes;
        }
        final byte[] mapped = new byte[16];
        mapped[10] = (byte)0xFF;
        mapped[11] = (byte)0xFF;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
    }

    @Test
    void shouldWriteEnumsByNameOrValueLikeClient() throws IOException
    {
        final String enum8 = "Enum8('a' = 1, 'b' = -2, 'it\\'s' = 127, 'caf\u00e9 \\\\ \\n' = -128, '' = 0, 'x''y' = 5)";
        assertSameAsClient(enum8, "\"a\"", "a");
        assertSameAsClient(enum8, "\"b\"", "b");
        assertSameAsClient(enum8, "-2", -2);
        assertSameAsClient(enum8, "\"it's\"", "it's");
        assertSameAsClient(enum8, "\"caf\\u00e9 \\\\ \\n\"", -128);
        assertSameAsClient(enum8, "\"\"", 0);
        assertSameAsClient(enum8, "\"x'y\"", 5);
        assertSameAsClient(enum8, "127", 127);
        final String enum16 = "Enum16('lo' = -32768, 'hi' = 32767, '\u4e16\u754c' = 1000)";
        assertSameAsClient(enum16, "\"lo\"", "lo");
        assertSameAsClient(enum16, "32767", 32767);
        assertSameAsClient(enum16, "\"\u4e16\u754c\"", 1000);
        assertSameAsClient("Nullable(" + enum16 + ")", "null", null);
        assertRefused(enum8, "\"A\"", "\"A\" is not a name of Enum8(" + enum8.substring(6, enum8.length() - 1) + ")");
        assertRefused("Enum8('a' = 1)", "\"1\"", "\"1\" is not a name of Enum8('a' = 1)");
        assertRefused("Enum8('a' = 1)", "2", "2 is not a value of Enum8('a' = 1)");
        assertRefused("Enum8('a' = 1)", "99999999999999999999", "99999999999999999999 is not a value of Enum8('a' = 1)");
        assertRefused("Enum8('a' = 1)", "1.0", "expected a name or an integer value for Enum8('a' = 1), found number 1.0");
    }

    @Test
    void shouldWriteDecimalsExactlyLikeClient() throws IOException
    {
        final String[][] cases = {
            {"Decimal(9, 2)", "9999999.99"}, {"Decimal(9, 2)", "-9999999.99"}, {"Decimal(9, 2)", "0"}, {"Decimal(9, 2)", "-0"},
            {"Decimal(9, 2)", "1.5e3"}, {"Decimal(9, 2)", "1.50000"}, {"Decimal(9, 2)", "15E-2"}, {"Decimal(9, 0)", "999999999"},
            {"Decimal32(4)", "-21474.8364"}, {"Decimal(18, 6)", "-999999999999.999999"}, {"Decimal64(18)", "0.999999999999999999"},
            {"Decimal(38, 10)", "9999999999999999999999999999.9999999999"}, {"Decimal128(0)", "-99999999999999999999999999999999999999"},
            {"Decimal(76, 0)", "9".repeat(76)}, {"Decimal256(76)", "-0." + "9".repeat(76)}, {"Decimal(76, 38)", "1e37"},
            {"Decimal(40, 2)", "1234567890123456789012345678901234567.8"}, {"Decimal(10, 3)", "0.000000000000000000001e21"},
            {"Nullable(Decimal(12, 4))", "\"-12.5\""}, {"Decimal(20, 10)", "\"1E+9\""}};
        for (final String[] c : cases)
        {
            final int scale = ClickHouseType.parse("v", c[0]).scale();
            final String text = c[1].replace("\"", "");
            assertSameAsClient(c[0], c[1], new BigDecimal(text).setScale(scale));
        }
    }

    @Test
    void shouldTruncateExtraFractionDigitsTowardZeroAsClickHouseDoes() throws IOException
    {
        assertSameAsClient("Decimal(9, 2)", "1.239", new BigDecimal("1.23"));
        assertSameAsClient("Decimal(9, 2)", "-1.239", new BigDecimal("-1.23"));
        assertSameAsClient("Decimal(9, 2)", "-0.001", new BigDecimal("0.00"));
        assertSameAsClient("Decimal(9, 2)", "123456.789e1", new BigDecimal("1234567.89"));
        assertSameAsClient("Decimal(9, 2)", "1e-400", new BigDecimal("0.00"));
        assertSameAsClient("Decimal(9, 2)", "0e999999999", new BigDecimal("0.00"));
        assertSameAsClient("Decimal(9, 2)", "9999999.999999999999999999999999999999", new BigDecimal("9999999.99"));
    }

    @Test
    void shouldRefuseDecimalsOfMoreThanPDigits()
    {
        assertRefused("Decimal(9, 2)", "10000000", "10000000 out of range for Decimal(9, 2)");
        assertRefused("Decimal(9, 2)", "-1e7", "-1e7 out of range for Decimal(9, 2)");
        assertRefused("Decimal(9, 2)", "\"12345678.9\"", "\"12345678.9\" out of range for Decimal(9, 2)");
        assertRefused("Decimal(76, 0)", "1" + "0".repeat(76), "1" + "0".repeat(39) + "... out of range for Decimal(76, 0)");
        assertRefused("Decimal(9, 2)", "1e999999999999", "1e999999999999 out of range for Decimal(9, 2)");
        assertRefused("Decimal(9, 2)", "\"1.5x\"", "expected a number or a string holding one for Decimal(9, 2), found string \"1.5x\"");
        assertRefused("Decimal(9, 2)", "\"+1\"", "expected a number or a string holding one for Decimal(9, 2), found string \"+1\"");
        assertRefused("Decimal(9, 2)", "true", "expected a number or a string holding one for Decimal(9, 2), found true");
    }

    private static String excerpt(final BigInteger value)
    {
        final String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    @Test
    void shouldWriteWideIntegersAtBothEndsLikeClient() throws IOException
    {
        for (final int bits : new int[] {128, 256})
        {
            final BigInteger signedMin = BigInteger.ONE.shiftLeft(bits - 1).negate();
            final BigInteger signedMax = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
            final BigInteger unsignedMax = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
            for (final BigInteger v : new BigInteger[] {signedMin, signedMax, BigInteger.ZERO, BigInteger.ONE.negate(),
                signedMin.add(BigInteger.ONE), BigInteger.valueOf(Long.MIN_VALUE), BigInteger.ONE.shiftLeft(64)})
            {
                assertSameAsClient("Int" + bits, v.toString(), v);
                assertSameAsClient("Int" + bits, "\"" + v + "\"", v);
            }
            for (final BigInteger v : new BigInteger[] {BigInteger.ZERO, unsignedMax, signedMax.add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)})
            {
                assertSameAsClient("UInt" + bits, v.toString(), v);
            }
            assertSameAsClient("UInt" + bits, "-0", BigInteger.ZERO);
            assertRefused("Int" + bits, signedMin.subtract(BigInteger.ONE).toString(),
                excerpt(signedMin.subtract(BigInteger.ONE)) + " out of range for Int" + bits);
            assertRefused("Int" + bits, signedMax.add(BigInteger.ONE).toString(),
                excerpt(signedMax.add(BigInteger.ONE)) + " out of range for Int" + bits);
            assertRefused("UInt" + bits, "-1", "-1 out of range for UInt" + bits);
            assertRefused("UInt" + bits, unsignedMax.add(BigInteger.ONE).toString(),
                excerpt(unsignedMax.add(BigInteger.ONE)) + " out of range for UInt" + bits);
        }
        assertSameAsClient("Nullable(Int128)", "null", null);
        assertRefused("Int128", "1.0", "expected an integer or a string holding one for Int128, found number 1.0");
        assertRefused("Int128", "1e2", "expected an integer or a string holding one for Int128, found number 1e2");
        assertRefused("Int128", "\"01\"", "expected an integer or a string holding one for Int128, found string \"01\"");
        assertRefused("UInt256", "9".repeat(80), "9".repeat(40) + "... out of range for UInt256");
    }
}
