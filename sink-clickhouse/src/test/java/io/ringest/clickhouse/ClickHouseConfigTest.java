package io.ringest.clickhouse;

import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseConfigTest
{
    @Test
    void shouldApplyDefaults()
    {
        final ClickHouseConfig c = ClickHouseConfig.from(new Settings(Map.of("clickhouse.table", "logs")));
        assertEquals("http://127.0.0.1:8123", c.url());
        assertEquals("default", c.database());
        assertEquals("logs", c.table());
        assertEquals("default", c.user());
        assertEquals("", c.password());
        assertEquals(Duration.ofSeconds(60), c.insertTimeout());
        assertFalse(c.compression());
        assertEquals(Duration.ofSeconds(30), c.schemaRefresh());
    }

    @Test
    void shouldReadTheSchemaRefreshIntervalZeroTurningItOff()
    {
        assertEquals(Duration.ofSeconds(1), ClickHouseConfig.from(new Settings(Map.of(
            "clickhouse.table", "t", "clickhouse.schema.refresh", "1s"))).schemaRefresh());
        assertEquals(Duration.ZERO, ClickHouseConfig.from(new Settings(Map.of(
            "clickhouse.table", "t", "clickhouse.schema.refresh", "0"))).schemaRefresh());
        assertEquals(Duration.ZERO, ClickHouseConfig.from(new Settings(Map.of(
            "clickhouse.table", "t", "clickhouse.schema.refresh", "0s"))).schemaRefresh());
        for (final String bad : List.of("50ms", "2h", "soon"))
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> ClickHouseConfig.from(new Settings(Map.of(
                "clickhouse.table", "t", "clickhouse.schema.refresh", bad))));
            assertTrue(e.getMessage().startsWith("clickhouse.schema.refresh must be"), e.getMessage());
        }
        assertEquals(Duration.ofMinutes(5), ClickHouseConfig.from(new Settings(Map.of("clickhouse.table", "t",
            "clickhouse.schema.refresh", "5m"))).forTable("route.a.table", "other").schemaRefresh(), "a route's table keeps it");
    }

    @Test
    void shouldReadEveryKey()
    {
        final ClickHouseConfig c = ClickHouseConfig.from(new Settings(Map.of(
            "clickhouse.url", "https://ch.example:8443",
            "clickhouse.database", "obs",
            "clickhouse.table", "logs",
            "clickhouse.user", "ingest",
            "clickhouse.password", "s3cret",
            "clickhouse.insert.timeout", "15s",
            "clickhouse.compression", "TRUE")));
        assertEquals("https://ch.example:8443", c.url());
        assertEquals("obs", c.database());
        assertEquals("ingest", c.user());
        assertEquals("s3cret", c.password());
        assertEquals(Duration.ofSeconds(15), c.insertTimeout());
        assertTrue(c.compression());
    }

    @Test
    void shouldLeaveAMisspelledKeyUnreadForStartUpToRefuse()
    {
        final Settings s = new Settings(Map.of(
            "clickhouse.table", "logs", "clickhouse.insert.timeot", "5s", "clickhouse.compression", "true"));
        ClickHouseConfig.from(s);
        final ConfigException e = assertThrows(ConfigException.class, s::refuseUnknownKeys);
        assertEquals("unknown setting 'clickhouse.insert.timeot'; did you mean 'clickhouse.insert.timeout'?", e.getMessage());
    }

    @Test
    void shouldRequireTable()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> ClickHouseConfig.from(new Settings(Map.of())));
        assertTrue(e.getMessage().contains("clickhouse.table"), e.getMessage());
    }

    @Test
    void shouldMaskPasswordInToString()
    {
        final ClickHouseConfig c = ClickHouseConfig.from(new Settings(Map.of("clickhouse.table", "t", "clickhouse.password", "hunter2")));
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertTrue(c.toString().contains("password=****"), c.toString());
    }

    @Test
    void shouldRejectBadValuesNamingTheKey()
    {
        assertMessage("clickhouse.url", Map.of("clickhouse.table", "t", "clickhouse.url", "127.0.0.1:8123"));
        assertMessage("clickhouse.url", Map.of("clickhouse.table", "t", "clickhouse.url", "ftp://host/"));
        assertMessage("clickhouse.compression", Map.of("clickhouse.table", "t", "clickhouse.compression", "yes"));
        assertMessage("clickhouse.insert.timeout", Map.of("clickhouse.table", "t", "clickhouse.insert.timeout", "2h"));
        assertMessage("clickhouse.insert.timeout", Map.of("clickhouse.table", "t", "clickhouse.insert.timeout", "soon"));
        assertThrows(ConfigException.class, () -> new ClickHouseConfig("http://h:1", " ", "t", "u", "", Duration.ofSeconds(1), false, "", Duration.ZERO));
    }

    @Test
    void shouldQuoteIdentifiers()
    {
        final ClickHouseConfig c = new ClickHouseConfig("http://h:1", "db", "we`ird", "u", "", Duration.ofSeconds(1), false, "", Duration.ZERO);
        assertEquals("`db`.`we\\`ird`", c.qualifiedTable());
    }

    @Test
    void shouldAcceptAndQuoteAwkwardNames()
    {
        final Map<String, String> quoted = Map.of(
            "back`tick", "`back\\`tick`",
            "quote'single\"double", "`quote'single\"double`",
            "inner space", "`inner space`",
            "dot.ted", "`dot.ted`",
            "ünïcødé_日本_🚀", "`ünïcødé_日本_🚀`",
            "back\\slash", "`back\\\\slash`",
            "t; DROP TABLE x", "`t; DROP TABLE x`",
            "x`; DROP TABLE y; --`", "`x\\`; DROP TABLE y; --\\``");
        quoted.forEach((name, sql) ->
        {
            final ClickHouseConfig c = ClickHouseConfig.from(new Settings(Map.of("clickhouse.database", name, "clickhouse.table", name)));
            assertEquals(sql + "." + sql, c.qualifiedTable(), name);
        });
    }

    @Test
    void shouldRefuseUnprintableNamesSayingWhatIsValid()
    {
        for (final String name : List.of(" logs", "logs ", "lo\ngs", "lo\tgs", "lo\u0000gs", "lo\u2028gs", "lo\ud800gs"))
        {
            final ConfigException table = assertThrows(ConfigException.class,
                () -> ClickHouseConfig.from(new Settings(Map.of("clickhouse.table", name))));
            assertTrue(table.getMessage().startsWith("clickhouse.table must be a name without control characters or spaces at either end"), table.getMessage());
            assertFalse(table.getMessage().contains("\n") || table.getMessage().contains("\u0000"), table.getMessage());
            final ConfigException database = assertThrows(ConfigException.class,
                () -> ClickHouseConfig.from(new Settings(Map.of("clickhouse.table", "t", "clickhouse.database", name))));
            assertTrue(database.getMessage().startsWith("clickhouse.database must be a name"), database.getMessage());
        }
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ClickHouseConfig.from(new Settings(Map.of("clickhouse.table", "lo\ngs"))));
        assertTrue(e.getMessage().endsWith("got 'lo\\u000ags'"), e.getMessage());
    }

    @Test
    void shouldRefuseCredentialsInTheUrlWithoutEchoingThem()
    {
        for (final String url : List.of("http://default:hunter2@127.0.0.1:8123", "https://hunter2@ch.example:8443/", "ftp://u:hunter2@h/"))
        {
            final ConfigException e = assertThrows(ConfigException.class,
                () -> ClickHouseConfig.from(new Settings(Map.of("clickhouse.table", "t", "clickhouse.url", url))));
            assertTrue(e.getMessage().startsWith("clickhouse.url must"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseUserThatBasicAuthenticationCannotCarry()
    {
        assertMessage("clickhouse.user", Map.of("clickhouse.table", "t", "clickhouse.user", "ops:admin"));
    }

    @Test
    void shouldRequireReadableRootCertificate()
    {
        assertMessage("clickhouse.ssl.root.certificate", Map.of("clickhouse.table", "t", "clickhouse.ssl.root.certificate", "/no/such/ca.pem"));
        assertEquals("", ClickHouseConfig.from(new Settings(Map.of("clickhouse.table", "t"))).sslRootCertificate());
    }

    private static void assertMessage(final String key, final Map<String, String> values)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> ClickHouseConfig.from(new Settings(values)));
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }
}
