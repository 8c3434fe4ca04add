package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.encode.Column;
import io.ringest.engine.ConfigException;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Database, table and column names that need quoting, against the real server (see {@link TestClickHouse}): ringest
 * reads the schema and inserts through backtick-quoted names, and an injection attempt is only a name that does not
 * exist. The tables are created with double-quoted names, so the set-up does not share the quoting under test.
 */
class ClickHouseNamesIT
{
    private static final List<String> AWKWARD = List.of(
        "back`tick", "quote'single\"double", "inner space", "dot.ted", "ünïcødé_日本", "back\\slash", "t; DROP TABLE x");

    private final String prefix = TestClickHouse.uniqueTable("names");
    private final List<String> cleanUp = new ArrayList<>();

    @AfterEach
    void dropEverything()
    {
        cleanUp.forEach(TestClickHouse::query);
    }

    @Test
    void shouldReadAndInsertThroughAwkwardTableAndColumnNames()
    {
        for (final String name : AWKWARD)
        {
            final String table = prefix + " " + name;
            create("default", table);
            final ClickHouseConfig config = config("default", table);
            try (Client client = config.newClient(1))
            {
                final TableSchemaReader reader = new TableSchemaReader(config, client);
                final List<Column> columns = reader.readColumns();
                assertEquals(columnNames(), columns.stream().map(Column::name).toList(), table);
                try (ClickHouseWriter writer = new ClickHouseWriter(config, client, reader.readVersion(), columns, false))
                {
                    assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(rowOfOwnNames(), 1), writer.failure());
                }
            }
            assertEquals(String.join("\t", escaped(columnNames())) + "\n",
                TestClickHouse.query("SELECT * FROM default." + doubleQuoted(table) + " FORMAT TabSeparated"), table);
        }
    }

    @Test
    void shouldReadAndInsertThroughAwkwardDatabaseName()
    {
        final String database = prefix + " db ü`'\".";
        TestClickHouse.query("CREATE DATABASE " + doubleQuoted(database));
        cleanUp.add("DROP DATABASE IF EXISTS " + doubleQuoted(database));
        create(database, "logs");
        final ClickHouseConfig config = config(database, "logs");
        try (Client client = config.newClient(1))
        {
            final TableSchemaReader reader = new TableSchemaReader(config, client);
            final List<Column> columns = reader.readColumns();
            try (ClickHouseWriter writer = new ClickHouseWriter(config, client, reader.readVersion(), columns, false))
            {
                assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(rowOfOwnNames(), 1), writer.failure());
            }
        }
        assertEquals("1\n", TestClickHouse.query("SELECT count() FROM " + doubleQuoted(database) + ".logs FORMAT TabSeparated"));
    }

    @Test
    void shouldTreatInjectionAttemptsAsNamesThatDoNotExist()
    {
        final String canary = prefix + "_canary";
        TestClickHouse.query("CREATE TABLE default." + canary + " (n UInt32) ENGINE = Memory");
        cleanUp.add("DROP TABLE IF EXISTS default." + canary);
        final String drop = "DROP TABLE default." + canary;

        for (final String table : List.of("x; " + drop, "x`; " + drop + "; --", "x` FORMAT TabSeparated; " + drop + "; SELECT `1"))
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> read(config("default", table)));
            assertTrue(e.getMessage().contains("does not exist: check clickhouse.database and clickhouse.table"), e.getMessage());
        }
        final ConfigException e = assertThrows(ConfigException.class, () -> read(config("default`; " + drop + "; --", "t")));
        assertTrue(e.getMessage().contains("check clickhouse.database"), e.getMessage());
        assertEquals("0\n", TestClickHouse.query("SELECT count() FROM default." + canary + " FORMAT TabSeparated"));
    }

    @Test
    void shouldSayThatADotInTheTableIsPartOfTheName()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> read(config("default", "default." + prefix)));
        assertTrue(e.getMessage().contains("a dot in clickhouse.table is part of the name"), e.getMessage());
    }

    /** A MergeTree table with one String column per awkward name, then {@code n UInt32}. */
    private void create(final String database, final String table)
    {
        final String columns = AWKWARD.stream().map(c -> doubleQuoted(c) + " String").collect(Collectors.joining(", "));
        final String qualified = doubleQuoted(database) + "." + doubleQuoted(table);
        TestClickHouse.query("CREATE TABLE " + qualified + " (" + columns + ", n UInt32) ENGINE = MergeTree ORDER BY n");
        cleanUp.add(0, "DROP TABLE IF EXISTS " + qualified);
    }

    private static ClickHouseConfig config(final String database, final String table)
    {
        return ClickHouseConfig.from(new Settings(Map.of(
            "clickhouse.url", TestClickHouse.URL, "clickhouse.database", database, "clickhouse.table", table,
            "clickhouse.insert.timeout", "30s")));
    }

    private static List<Column> read(final ClickHouseConfig config)
    {
        try (Client client = config.newClient(1))
        {
            return new TableSchemaReader(config, client).readColumns();
        }
    }

    private static List<String> columnNames()
    {
        final List<String> names = new ArrayList<>(AWKWARD);
        names.add("n");
        return names;
    }

    /** One row: each String column holds its own name, and n holds 7. */
    private static RowBuffer rowOfOwnNames()
    {
        final RowBuffer rows = new RowBuffer(256);
        for (final String name : AWKWARD)
        {
            final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            rows.writeVarInt(utf8.length);
            rows.writeBytes(utf8, 0, utf8.length);
        }
        rows.writeIntLE(7);
        return rows;
    }

    /** The names as TabSeparated writes them, with "n" replaced by the 7 stored in it. */
    private static List<String> escaped(final List<String> names)
    {
        return names.stream().map(n -> n.equals("n") ? "7" : n.replace("\\", "\\\\").replace("'", "\\'")).toList();
    }

    /** A double-quoted identifier for set-up SQL, independent of the backtick quoting under test. */
    private static String doubleQuoted(final String name)
    {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
