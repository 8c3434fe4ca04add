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
            "Decimal(10, 2)", "UUID", "Date",
            "DateTime64(10)", "DateTime64(3, UTC)", "FixedString(0)", "Nullable(Nullable(String))", "Int128", "Strin"})
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> ClickHouseType.parse("payload", type), type);
            assertTrue(e.getMessage().contains("column 'payload'") && e.getMessage().contains(type)
                && e.getMessage().contains("supported: String"), e.getMessage());
        }
    }

    @Test
    void shouldDisplayTypesInMessages()
    {
        assertEquals("UInt16", ClickHouseType.parse("c", "UInt16").displayName());
        assertEquals("Int64", ClickHouseType.parse("c", "Int64").displayName());
        assertEquals("Nullable(DateTime64(3))", ClickHouseType.parse("c", "Nullable(DateTime64(3, 'UTC'))").displayName());
        assertEquals("Array(Nullable(String))", ClickHouseType.parse("c", "Array(LowCardinality(Nullable(String)))").displayName());
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
