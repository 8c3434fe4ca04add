package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.encode.Column;
import io.ringest.engine.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TableSchemaReader} against the real server (see {@link TestClickHouse}). */
class TableSchemaReaderIT
{
    private final String table = TestClickHouse.uniqueTable("schema");

    @AfterEach
    void dropTable()
    {
        TestClickHouse.drop(table);
    }

    @Test
    void shouldReadColumnsOfTableWithManyTypesAndDefaults()
    {
        TestClickHouse.query("CREATE TABLE default." + table + " (" +
            "ts DateTime, " +
            "day Date DEFAULT toDate(ts), " +
            "level Enum8('info' = 1, 'warn' = 2), " +
            "msg String DEFAULT 'a\\tb\\nc\\\\d\\'e', " +
            "n Nullable(UInt64), " +
            "tags Array(String), " +
            "code FixedString(4), " +
            "amount Decimal(18, 4), " +
            "id UUID, " +
            "ratio Float64 MATERIALIZED 1.5, " +
            "shout String ALIAS concat(msg, '!')" +
            ") ENGINE = MergeTree ORDER BY ts");

        final List<Column> columns = read(config("default", ""), TableSchemaReader::readColumns);

        assertEquals(List.of(
            new Column("ts", "DateTime", "", ""),
            new Column("day", "Date", "DEFAULT", "toDate(ts)"),
            new Column("level", "Enum8('info' = 1, 'warn' = 2)", "", ""),
            new Column("msg", "String", "DEFAULT", "'a\\tb\\nc\\\\d\\'e'"),
            new Column("n", "Nullable(UInt64)", "", ""),
            new Column("tags", "Array(String)", "", ""),
            new Column("code", "FixedString(4)", "", ""),
            new Column("amount", "Decimal(18, 4)", "", ""),
            new Column("id", "UUID", "", ""),
            new Column("ratio", "Float64", "MATERIALIZED", "1.5"),
            new Column("shout", "String", "ALIAS", "concat(msg, '!')")), columns);
        assertFalse(columns.get(9).isInsertable());
        assertFalse(columns.get(10).isInsertable());
    }

    @Test
    void shouldReadServerVersion()
    {
        final ServerVersion version = read(config("default", ""), TableSchemaReader::readVersion);
        assertEquals(TestClickHouse.query("SELECT version() FORMAT TabSeparated").trim(), version.text());
        assertTrue(version.major() >= 18, version.text());
    }

    @Test
    void shouldNameDatabaseAndTableWhenTableIsMissing()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> read(config("default", ""), TableSchemaReader::readColumns));
        assertTrue(e.getMessage().contains("clickhouse.database and clickhouse.table"), e.getMessage());
        assertTrue(e.getMessage().contains(table), e.getMessage());
    }

    @Test
    void shouldNameDatabaseWhenDatabaseIsMissing()
    {
        final ClickHouseConfig config = new ClickHouseConfig(TestClickHouse.URL, "ringest_no_such_db", table, "default", "", Duration.ofSeconds(10), false, "", Duration.ZERO);
        final ConfigException e = assertThrows(ConfigException.class, () -> read(config, TableSchemaReader::readColumns));
        assertTrue(e.getMessage().contains("clickhouse.database"), e.getMessage());
    }

    @Test
    void shouldNameUserWhenCredentialsAreWrong()
    {
        final ConfigException wrongPassword = assertThrows(ConfigException.class,
            () -> read(config("default", "wrong-password"), TableSchemaReader::readVersion));
        assertTrue(wrongPassword.getMessage().contains("check clickhouse.user and clickhouse.password"), wrongPassword.getMessage());
        assertFalse(wrongPassword.getMessage().contains("wrong-password"), "password must not leak: " + wrongPassword.getMessage());

        final ConfigException unknownUser = assertThrows(ConfigException.class,
            () -> read(config("ringest_no_such_user", "x"), TableSchemaReader::readVersion));
        assertTrue(unknownUser.getMessage().contains("clickhouse.user"), unknownUser.getMessage());
    }

    private ClickHouseConfig config(final String user, final String password)
    {
        return new ClickHouseConfig(TestClickHouse.URL, "default", table, user, password, Duration.ofSeconds(10), false, "", Duration.ZERO);
    }

    private static <T> T read(final ClickHouseConfig config, final java.util.function.Function<TableSchemaReader, T> what)
    {
        try (Client client = config.newClient(1))
        {
            return what.apply(new TableSchemaReader(config, client));
        }
    }
}
