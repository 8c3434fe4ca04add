package io.ringest.clickhouse;

import com.clickhouse.data.ClickHouseFormat;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a layout inserts, and whether a table whose columns changed still takes rows encoded with it. */
class TableLayoutTest
{
    private static final ClickHouseConfig CONFIG = new ClickHouseConfig("http://127.0.0.1:1", "db", "t", "default", "",
        Duration.ofSeconds(1), false, "", Duration.ZERO);
    private static final ServerVersion OLD = ServerVersion.parse("18.16.1");
    private static final ServerVersion MODERN = ServerVersion.parse("24.8.4.13");
    private static final List<Column> COLUMNS = List.of(
        Rows.column("msg", "String"), Rows.column("status", "UInt16"),
        new Column("len", "UInt64", "MATERIALIZED", "length(msg)"));

    @Test
    void shouldInsertTheInsertableColumnsQuotedInTableOrder()
    {
        final TableLayout layout = TableLayout.compile(1, CONFIG, OLD, COLUMNS, Map.of());
        assertEquals(List.of("`msg`", "`status`"), layout.insertColumns());
        assertEquals(ClickHouseFormat.RowBinary, layout.format());
        assertEquals(2, layout.plan().size());
    }

    @Test
    void shouldUseRowBinaryWithDefaultsOnlyWhereTheServerHasItAndAColumnHasADefault()
    {
        final List<Column> withDefault = List.of(Rows.column("msg", "String"), Rows.columnWithDefault("n", "UInt8", "7"));
        assertEquals(ClickHouseFormat.RowBinaryWithDefaults, TableLayout.compile(1, CONFIG, MODERN, withDefault, Map.of()).format());
        assertEquals(ClickHouseFormat.RowBinary, TableLayout.compile(1, CONFIG, OLD, withDefault, Map.of()).format());
        assertEquals(ClickHouseFormat.RowBinary, TableLayout.compile(1, CONFIG, MODERN, COLUMNS, Map.of()).format());
    }

    @Test
    void shouldStillTakeRowsWhenColumnsWereOnlyAdded()
    {
        final TableLayout layout = TableLayout.compile(1, CONFIG, OLD, COLUMNS, Map.of());
        assertNull(layout.changeIn(COLUMNS));
        assertNull(layout.changeIn(List.of(Rows.column("region", "String"), COLUMNS.get(1), COLUMNS.get(0))),
            "a column added, the order changed: the insert names its columns");
        assertNull(layout.changeIn(List.of(COLUMNS.get(0), COLUMNS.get(1))), "a computed column dropped is not sent anyway");
    }

    @Test
    void shouldNameEachColumnItsRowsNeedThatWasDroppedRetypedOrMadeComputed()
    {
        final TableLayout layout = TableLayout.compile(1, CONFIG, OLD, COLUMNS, Map.of());
        assertEquals("column `status` dropped", layout.changeIn(List.of(COLUMNS.get(0), COLUMNS.get(2))));
        assertEquals("column `status` retyped from UInt16 to String",
            layout.changeIn(List.of(COLUMNS.get(0), Rows.column("status", "String"), COLUMNS.get(2))));
        assertEquals("column `msg` now MATERIALIZED, column `status` retyped from UInt16 to Nullable(UInt16)",
            layout.changeIn(List.of(new Column("msg", "String", "MATERIALIZED", "'x'"), Rows.column("status", "Nullable(UInt16)"))));
    }

    @Test
    void shouldDescribeTheDifferencesForTheLog()
    {
        assertEquals("added region String", TableLayout.differences(COLUMNS,
            List.of(COLUMNS.get(0), COLUMNS.get(1), COLUMNS.get(2), Rows.column("region", "String"))));
        assertEquals("retyped status from UInt16 to String, dropped len",
            TableLayout.differences(COLUMNS, List.of(COLUMNS.get(0), Rows.column("status", "String"))));
        assertEquals("", TableLayout.differences(COLUMNS, COLUMNS));
    }

    @Test
    void shouldRefuseAColumnItCannotEncodeNamingIt()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> TableLayout.compile(2, CONFIG, OLD,
            List.of(Rows.column("msg", "String"), Rows.column("agg", "AggregateFunction(uniq, String)")), Map.of()));
        assertTrue(e.getMessage().contains("'agg'"), e.getMessage());
    }
}
