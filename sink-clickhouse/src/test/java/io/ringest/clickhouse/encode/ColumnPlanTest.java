package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnPlanTest
{
    private static final List<Column> COLUMNS = List.of(
        Rows.column("ts", "DateTime64(3)"),
        Rows.column("level", "LowCardinality(String)"),
        new Column("day", "Date", "MATERIALIZED", "toDate(ts)"),
        new Column("msg_len", "UInt32", "ALIAS", "length(message)"),
        Rows.columnWithDefault("host", "String", "'unknown'"),
        Rows.column("message", "String"));

    @Test
    void shouldKeepInsertableColumnsInOrderWithDefaults()
    {
        final ColumnPlan plan = ColumnPlan.fromConfig(COLUMNS, Map.of(), true);
        assertEquals(4, plan.size());
        assertEquals("ts", plan.slot(0).column());
        assertEquals("level", plan.slot(1).column());
        assertEquals("host", plan.slot(2).column());
        assertTrue(plan.slot(2).hasDefault());
        assertFalse(plan.slot(3).hasDefault());
        assertEquals(EpochUnit.MILLISECONDS, plan.encode().epochUnit());
        assertTrue(plan.withDefaults());
    }

    @Test
    void shouldReadMappingRequiredAndEpochUnitFromConfig()
    {
        final ColumnPlan plan = ColumnPlan.fromConfig(COLUMNS, Map.of(
            "mapping.ts", "timestamp", "mapping.message", "msg", "encode.required", " ts, level ,",
            "encode.epoch.unit", "us", "unrelated.key", "x"), false);
        assertEquals("timestamp", plan.slot(0).field());
        assertEquals("msg", plan.slot(3).field());
        assertEquals("host", plan.slot(2).field());
        assertTrue(plan.slot(0).required());
        assertTrue(plan.slot(1).required());
        assertFalse(plan.slot(3).required());
        assertEquals(EpochUnit.MICROSECONDS, plan.encode().epochUnit());
    }

    @Test
    void shouldTakeOnlyItsOwnKeysFromSettings()
    {
        final Settings s = new Settings(Map.of("mapping.ts", "timestamp", "encode.required", "ts",
            "encode.epoch.unit", "us", "encode.requird", "level", "clickhouse.table", "logs"));
        final Map<String, String> config = ColumnPlan.config(s);
        assertEquals(Map.of("mapping.ts", "timestamp", "encode.required", "ts", "encode.epoch.unit", "us"), config);
        assertEquals("timestamp", ColumnPlan.fromConfig(COLUMNS, config, false).slot(0).field());
        final ConfigException e = assertThrows(ConfigException.class, s::refuseUnknownKeys);
        assertTrue(e.getMessage().startsWith("unknown setting 'clickhouse.table'"), e.getMessage());
        s.string("clickhouse.table", null);
        assertEquals("unknown setting 'encode.requird'; did you mean 'encode.required'?",
            assertThrows(ConfigException.class, s::refuseUnknownKeys).getMessage());
    }

    @Test
    void shouldRejectInvalidEpochUnitNamingKeyAndValues()
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(COLUMNS, Map.of("encode.epoch.unit", "minutes"), false));
        assertEquals("encode.epoch.unit must be one of s, ms, us, ns, got 'minutes'", e.getMessage());
    }

    @Test
    void shouldRejectMappingOrRequiredForUnknownColumn()
    {
        final ConfigException mapping = assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(COLUMNS, Map.of("mapping.nope", "x"), false));
        assertTrue(mapping.getMessage().contains("column 'nope'"), mapping.getMessage());
        final ConfigException required = assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(COLUMNS, Map.of("encode.required", "ts,nope"), false));
        assertTrue(required.getMessage().contains("encode.required") && required.getMessage().contains("'nope'"),
            required.getMessage());
        final ConfigException materialized = assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(COLUMNS, Map.of("mapping.day", "d"), false));
        assertEquals("a mapping (mapping.<column>) names column 'day', which is MATERIALIZED and computed by the server",
            materialized.getMessage());
    }

    @Test
    void shouldMapAwkwardColumnNamesAndRefuseOnesTheTableLacks()
    {
        final List<Column> columns = Rows.columns("back`tick", "String", "dot.ted", "String", "inner space", "String",
            "ünïcødé", "String", "t; DROP TABLE x", "String");
        final ColumnPlan plan = ColumnPlan.fromConfig(columns, Map.of(
            "mapping.back`tick", "a", "mapping.dot.ted", "b", "mapping.inner space", "c", "mapping.ünïcødé", "d",
            "mapping.t; DROP TABLE x", "e"), false);
        assertEquals(List.of("a", "b", "c", "d", "e"), List.of(plan.slot(0).field(), plan.slot(1).field(),
            plan.slot(2).field(), plan.slot(3).field(), plan.slot(4).field()));

        final ConfigException e = assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(columns, Map.of("mapping.x`; DROP TABLE y; --", "a"), false));
        assertTrue(e.getMessage().startsWith("a mapping (mapping.<column>) names column 'x`; DROP TABLE y; --', which the table does not have; columns: ["),
            e.getMessage());
    }

    @Test
    void shouldRejectTwoColumnsReadingOneField()
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(COLUMNS, Map.of("mapping.host", "message"), false));
        assertTrue(e.getMessage().contains("both read JSON field 'message'"), e.getMessage());
    }

    @Test
    void shouldRejectUnsupportedColumnTypeAtStartup()
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(List.of(Rows.column("tags", "Dynamic(max_types=8)")), Map.of(), false));
        assertTrue(e.getMessage().startsWith("column 'tags' has unsupported type Dynamic(max_types=8); supported:"),
            e.getMessage());
    }

    @Test
    void shouldFindKeysOfEveryLengthByTheirBytes()
    {
        final List<String> keys = List.of("a", "ab", "level", "m\u00e9ssage", "timestamp", "a.b.c", "exactly8",
            "sixteen_bytes_16", "a_much_longer_key_than_sixteen_bytes");
        final List<Column> columns = keys.stream().map(k -> Rows.column("c" + keys.indexOf(k), "String")).toList();
        final Map<String, String> mapping = new HashMap<>();
        for (int i = 0; i < keys.size(); i++)
        {
            mapping.put("mapping.c" + i, "\"" + keys.get(i) + "\"");
        }
        final ColumnPlan plan = ColumnPlan.fromConfig(columns, mapping, false);
        for (final String key : keys)
        {
            final byte[] json = ("{\"" + key + "\":1}").getBytes(StandardCharsets.UTF_8);
            final byte[] name = key.getBytes(StandardCharsets.UTF_8);
            assertEquals(keys.indexOf(key), plan.find(json, 2, name.length), key);
            json[1 + name.length]++;
            assertEquals(-1, plan.find(json, 2, name.length), key + " with its last byte changed");
        }
        final JsonRowEncoder encoder = new JsonRowEncoder(plan);
        final byte[] row = Rows.encode(encoder, "{\"m\u00e9ssage\":\"x\",\"level\":\"I\"}");
        assertEquals(keys.size() + 2, row.length, "a length byte per column and the two one-byte values");
        assertEquals('I', row[3]);
        assertEquals('x', row[5]);
    }

    @Test
    void shouldRejectAMetadataColumnWhoseTypeCannotHoldTheCoordinate()
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(List.of(Rows.column("_offset", "Int32")), Map.of(), false));
        assertEquals("column '_offset' holds the Kafka record's offset and must be one of [INT64, UINT64] (not Nullable), "
            + "but is Int32; change its type, or map it to a JSON field with mapping._offset", e.getMessage());
        assertThrows(ConfigException.class,
            () -> ColumnPlan.fromConfig(List.of(Rows.column("_topic", "Nullable(String)")), Map.of(), false));
    }
}
