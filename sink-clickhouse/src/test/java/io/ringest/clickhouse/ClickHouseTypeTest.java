package io.ringest.clickhouse;

import io.ringest.clickhouse.ClickHouseType.Kind;
import io.ringest.engine.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseTypeTest
{
    private static void assertType(final String text, final Kind kind, final boolean nullable, final int param)
    {
        assertEquals(new ClickHouseType(kind, nullable, param), ClickHouseType.parse("c", text), text);
    }

    @Test
    void shouldParseSupportedTypes()
    {
        assertType("String", Kind.STRING, false, 0);
        assertType("LowCardinality(String)", Kind.STRING, false, 0);
        assertType("LowCardinality(Nullable(String))", Kind.STRING, true, 0);
        assertType("Nullable(String)", Kind.STRING, true, 0);
        assertType("FixedString(16)", Kind.FIXED_STRING, false, 16);
        assertType("DateTime", Kind.DATETIME, false, 0);
        assertType("DateTime('Europe/Berlin')", Kind.DATETIME, false, 0);
        assertType("DateTime64(3)", Kind.DATETIME64, false, 3);
        assertType("DateTime64(9, 'UTC')", Kind.DATETIME64, false, 9);
        assertType("Nullable(DateTime64(0, 'Asia/Tokyo'))", Kind.DATETIME64, true, 0);
        assertType("Int8", Kind.INT8, false, 0);
        assertType("Int64", Kind.INT64, false, 0);
        assertType("UInt8", Kind.UINT8, false, 0);
        assertType("UInt64", Kind.UINT64, false, 0);
        assertType("Nullable(UInt16)", Kind.UINT16, true, 0);
        assertType("Float32", Kind.FLOAT32, false, 0);
        assertType("Float64", Kind.FLOAT64, false, 0);
        assertType("Bool", Kind.BOOL, false, 0);
    }

    @Test
    void shouldRejectUnsupportedTypesNamingColumnAndType()
    {
        for (final String type : new String[] {"Array(Array(String))", "Map(Int32, String)", "Map(String, Array(String))",
            "Nullable(Array(String))", "Array(Strin)", "Map(String)", "Tuple(String, Int32)", "Variant(String, Int64)",
            "Decimal(77, 2)", "Decimal(9, 10)", "Decimal(0, 0)", "Decimal32(10)", "Decimal(9)", "UUID(1)", "Date64", "IPv5",
            "Enum8('a' = 128)", "Enum8('a' = 1, 'a' = 2)", "Enum8('a' = 1, 'b' = 1)", "Enum8()", "Enum8('a)", "Enum8(a = 1)",
            "Enum16('a' = 32768)", "Enum8('a' = 1,)", "Int512", "DateTime64",
            "DateTime64(10)", "DateTime64(3, UTC)", "FixedString(0)", "Nullable(Nullable(String))", "Strin"})
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> ClickHouseType.parse("payload", type), type);
            assertTrue(e.getMessage().contains("column 'payload'") && e.getMessage().contains(type)
                && e.getMessage().contains("supported: String"), e.getMessage());
        }
    }

    @Test
    void shouldParseTheScalarTypesOfClickHouse20AndLater()
    {
        assertType("Date", Kind.DATE, false, 0);
        assertType("LowCardinality(Nullable(Date32))", Kind.DATE32, true, 0);
        assertType("UUID", Kind.UUID, false, 0);
        assertType("IPv4", Kind.IPV4, false, 0);
        assertType("Nullable(IPv6)", Kind.IPV6, true, 0);
        assertType("Int128", Kind.INT128, false, 0);
        assertType("UInt128", Kind.UINT128, false, 0);
        assertType("Int256", Kind.INT256, false, 0);
        assertType("UInt256", Kind.UINT256, false, 0);
        assertEquals(new ClickHouseType(Kind.DECIMAL32, false, 9, List.of(), 2, null), ClickHouseType.parse("c", "Decimal(9, 2)"));
        assertEquals(new ClickHouseType(Kind.DECIMAL32, false, 9, List.of(), 2, null), ClickHouseType.parse("c", "Decimal32(2)"));
        assertEquals(new ClickHouseType(Kind.DECIMAL64, true, 10, List.of(), 0, null), ClickHouseType.parse("c", "Nullable(Decimal(10,0))"));
        assertEquals(new ClickHouseType(Kind.DECIMAL64, false, 18, List.of(), 18, null), ClickHouseType.parse("c", "Decimal64(18)"));
        assertEquals(new ClickHouseType(Kind.DECIMAL128, false, 38, List.of(), 5, null), ClickHouseType.parse("c", "Decimal128(5)"));
        assertEquals(new ClickHouseType(Kind.DECIMAL128, false, 19, List.of(), 1, null), ClickHouseType.parse("c", "Decimal(19, 1)"));
        assertEquals(new ClickHouseType(Kind.DECIMAL256, false, 76, List.of(), 76, null), ClickHouseType.parse("c", "Decimal256(76)"));
        assertEquals(new ClickHouseType(Kind.DECIMAL256, false, 39, List.of(), 0, null), ClickHouseType.parse("c", "Decimal(39, 0)"));
    }

    @Test
    void shouldParseEnumNamesWithClickHouseQuoting()
    {
        final ClickHouseType type = ClickHouseType.parse("c", "Enum8('b\\\\' = -2, 'it\\'s' = 1, 'é' = 3, 'a\\nb' = 4, 'x''y' = 5, 'h\\x41' = -128)");
        assertEquals(Kind.ENUM8, type.kind());
        assertEquals(1, valueOf(type, "it's"));
        assertEquals(-2, valueOf(type, "b\\"));
        assertEquals(3, valueOf(type, "é"));
        assertEquals(4, valueOf(type, "a\nb"));
        assertEquals(5, valueOf(type, "x'y"));
        assertEquals(-128, valueOf(type, "hA"));
        assertEquals(EnumValues.NOT_FOUND, valueOf(type, "it"));
        assertEquals(-128, type.names().smallest());
        assertEquals(ClickHouseType.parse("c", "Enum16('a' = 1, 'b' = 2)"), ClickHouseType.parse("c", "Enum16('a'=1,'b'=2)"));
        final ClickHouseType array = ClickHouseType.parse("c", "Array(Enum8('a,b)' = 1, 'c\\'' = 2))");
        assertEquals(2, valueOf(array.args().get(0), "c'"));
        assertEquals(1, valueOf(array.args().get(0), "a,b)"));
    }

    private static int valueOf(final ClickHouseType type, final String name)
    {
        final byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return type.names().valueOf(bytes, 0, bytes.length);
    }

    @Test
    void shouldDisplayTypesInMessages()
    {
        assertEquals("UInt16", ClickHouseType.parse("c", "UInt16").displayName());
        assertEquals("Int64", ClickHouseType.parse("c", "Int64").displayName());
        assertEquals("Nullable(DateTime64(3))", ClickHouseType.parse("c", "Nullable(DateTime64(3, 'UTC'))").displayName());
        assertEquals("Array(Nullable(String))", ClickHouseType.parse("c", "Array(LowCardinality(Nullable(String)))").displayName());
        assertEquals("Nullable(Decimal(9, 2))", ClickHouseType.parse("c", "Nullable(Decimal32(2))").displayName());
        assertEquals("Enum8('a' = 1)", ClickHouseType.parse("c", "Enum8('a' = 1)").displayName());
        assertEquals("Array(IPv6)", ClickHouseType.parse("c", "Array(IPv6)").displayName());
        assertEquals("Map(String, UInt256)", ClickHouseType.parse("c", "Map(String, UInt256)").displayName());
        assertEquals("Map(String, DateTime64(9))",
            ClickHouseType.parse("c", "Map(LowCardinality(String), DateTime64(9, 'Europe/Paris'))").displayName());
    }

    @Test
    void shouldParseArraysAndMapsOfScalars()
    {
        final ClickHouseType array = ClickHouseType.parse("c", "Array(Nullable(Int32))");
        assertEquals(Kind.ARRAY, array.kind());
        assertEquals(new ClickHouseType(Kind.INT32, true, 0), array.args().get(0));
        final ClickHouseType map = ClickHouseType.parse("c", "Map(LowCardinality(String), FixedString(3))");
        assertEquals(Kind.MAP, map.kind());
        assertEquals(List.of(new ClickHouseType(Kind.STRING, false, 0), new ClickHouseType(Kind.FIXED_STRING, false, 3)),
            map.args());
    }
}
