package io.ringest.clickhouse.encode;

import io.ringest.clickhouse.encode.ClickHouseType.Kind;
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
        for (final String type : new String[] {"Map(Int32, String)", "Array(Nullable(Array(String)))",
            "Nullable(Array(String))", "Array(Strin)", "Map(String)", "Variant(String, Int64)", "Dynamic",
            "Dynamic(max_types=8)", "Array(Dynamic)", "Tuple(a Variant(String, UInt8))", "Tuple()", "Tuple(a UInt8, String)",
            "Tuple(a UInt8, a String)", "Tuple(a UInt8, `a` String)", "Tuple(a Strin)", "Tuple(a)", "Tuple(`a UInt8)",
            "Tuple(a-b UInt8)", "Nested(a UInt8)", "Time", "BFloat16", "JSONx", "Nullable(Nullable(JSON))",
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

    @Test
    void shouldParseTuplesAsDescribePrintsThem()
    {
        final ClickHouseType u8 = new ClickHouseType(Kind.UINT8, false, 0);
        final ClickHouseType string = new ClickHouseType(Kind.STRING, false, 0);
        final ClickHouseType nullableInt = new ClickHouseType(Kind.INT32, true, 0);
        assertEquals(new ClickHouseType(Kind.TUPLE, false, 0, List.of(u8, string)), ClickHouseType.parse("c", "Tuple(UInt8, String)"));
        assertEquals(new ClickHouseType(Kind.TUPLE, false, 0, List.of(nullableInt, string)),
            ClickHouseType.parse("c", "Tuple(Nullable(Int32), LowCardinality(String))"));

        // ClickHouse 23+ prints named tuples over several lines; DESCRIBE backquotes names that are not bare identifiers.
        final ClickHouseType named = ClickHouseType.parse("c",
            "Tuple(\n    status UInt8,\n    `a b,c(` String,\n    `q\\`q` Nullable(Int32),\n    `s\\'x` UInt8,\n    `\u00e9` UInt8)");
        assertEquals(List.of(u8, string, nullableInt, u8, u8), named.args());
        assertEquals(0, indexOf(named, "status"));
        assertEquals(1, indexOf(named, "a b,c("));
        assertEquals(2, indexOf(named, "q`q"));
        assertEquals(3, indexOf(named, "s'x"));
        assertEquals(4, indexOf(named, "\u00e9"));
        assertEquals(-1, indexOf(named, "Status"));
        assertEquals("Tuple(status UInt8, a b,c( String, q`q Nullable(Int32), s'x UInt8, \u00e9 UInt8)", named.displayName());

        final ClickHouseType nested = ClickHouseType.parse("c",
            "Array(Tuple(\n    id UInt64,\n    tags Array(String),\n    inner Tuple(\n        x Float64,\n        y Map(String, Tuple(UInt8, String)))))");
        assertEquals(Kind.ARRAY, nested.kind());
        final ClickHouseType element = nested.args().get(0);
        assertEquals(Kind.TUPLE, element.kind());
        assertEquals(2, indexOf(element, "inner"));
        assertEquals("Array(Tuple(id UInt64, tags Array(String), inner Tuple(x Float64, y Map(String, Tuple(UInt8, String)))))",
            nested.displayName());
        assertEquals(Kind.TUPLE, ClickHouseType.parse("c", "Nullable(Tuple(a UInt8))").kind());
        assertTrue(ClickHouseType.parse("c", "Nullable(Tuple(a UInt8))").nullable());
    }

    @Test
    void shouldNestArraysAndMapsInOneAnother()
    {
        final ClickHouseType arrays = ClickHouseType.parse("c", "Array(Array(Nullable(Int8)))");
        assertEquals(new ClickHouseType(Kind.ARRAY, false, 0, List.of(new ClickHouseType(Kind.ARRAY, false, 0,
            List.of(new ClickHouseType(Kind.INT8, true, 0))))), arrays);
        assertEquals("Map(String, Array(Map(String, UInt8)))",
            ClickHouseType.parse("c", "Map(String, Array(Map(LowCardinality(String), UInt8)))").displayName());
    }

    @Test
    void shouldParseJsonWithOrWithoutParameters()
    {
        assertEquals(new ClickHouseType(Kind.JSON, false, 0), ClickHouseType.parse("c", "JSON"));
        assertEquals(new ClickHouseType(Kind.JSON, false, 0),
            ClickHouseType.parse("c", "JSON(max_dynamic_paths=10, `a.b` UInt32, SKIP c, SKIP REGEXP '^x')"));
        assertEquals(new ClickHouseType(Kind.JSON, true, 0), ClickHouseType.parse("c", "Nullable(JSON)"));
        assertTrue(ClickHouseType.parse("c", "JSON").holdsJson());
        assertTrue(ClickHouseType.parse("c", "Array(Tuple(a UInt8, b Map(String, JSON(max_dynamic_types=2))))").holdsJson());
        assertEquals(false, ClickHouseType.parse("c", "Tuple(a UInt8, b Map(String, String))").holdsJson());
    }

    @Test
    void shouldExplainThatObjectJsonCannotBeWritten()
    {
        for (final String type : new String[] {"Object('json')", "Object(Nullable('json'))", "Tuple(a Object('json'))"})
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> ClickHouseType.parse("doc", type), type);
            assertEquals("column 'doc' has type " + type + ", which no ClickHouse version reads from RowBinary (its "
                + "row-by-row binary form is not implemented); declare it JSON (read as text from ClickHouse 24.10 on) "
                + "or String", e.getMessage());
        }
    }

    private static int indexOf(final ClickHouseType tuple, final String name)
    {
        final byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return tuple.elementNames().indexOf(bytes, 0, bytes.length);
    }
}
