package io.ringest.app;

import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteSettingsTest
{
    private static final Path TWO_ROUTES = Path.of("..").toAbsolutePath().normalize().resolve("config/two-routes.properties");
    private static final List<String> BASE = List.of("kafka.bootstrap.servers=127.0.0.1:9092", "kafka.group.id=g");

    private static RingestConfig config(final String... keys)
    {
        final List<String> all = new ArrayList<>(BASE);
        all.addAll(List.of(keys));
        return RingestConfig.from(Settings.load(null, all));
    }

    private static void assertRefused(final String expected, final String... keys)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> config(keys));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void shouldMakeTheTopLevelKeysTheOneUnnamedRoute()
    {
        final RingestConfig config = config("kafka.topics=a, b,a", "clickhouse.table=logs", "mapping.msg=message",
            "encode.required=msg");
        assertEquals(1, config.routes().size());
        final RouteConfig route = config.routes().get(0);
        assertEquals("default", route.name());
        assertFalse(route.named());
        assertEquals(List.of("a", "b"), route.topics());
        assertEquals(List.of("a", "b"), config.kafka().topics());
        assertEquals(Map.of("mapping.msg", "message", "encode.required", "msg"), route.columns());
        assertEquals("logs", config.clickhouse().table());
        assertEquals("", route.keyPrefix());
    }

    @Test
    void shouldReadTheShippedTwoRoutesWithTheTopLevelEncodeKeysUnderEachRoutesOwn()
    {
        final RingestConfig config = RingestConfig.fromArgs(new String[] {"--config", TWO_ROUTES.toString()});
        assertEquals(List.of("app", "audit"), config.routes().stream().map(RouteConfig::name).toList());
        assertEquals(List.of("app-logs", "audit"), config.kafka().topics());
        final RouteConfig app = config.routes().get(0);
        final RouteConfig audit = config.routes().get(1);
        assertNull(app.when());
        assertEquals("ts", app.columns().get("encode.required"));
        assertEquals("resource.\"host.name\"", app.columns().get("mapping.host"));
        assertEquals("extra_keys,extra_values", audit.columns().get("encode.overflow"));
        assertEquals("ts,actor,action", audit.columns().get("encode.required"), "the route's own key wins");
        assertEquals(List.of("kind"), audit.when().segments());
        assertEquals("audit", audit.value());
        assertEquals("audit_events", audit.clickhouse(config.clickhouse()).table());
        assertEquals("route.audit.when=kind=audit", audit.whenText());
    }

    @Test
    void shouldNameTheSettingsThatListATopic()
    {
        final RingestConfig routes = RingestConfig.fromArgs(new String[] {"--config", TWO_ROUTES.toString()});
        assertEquals("route.app.topics and route.audit.topics", RouteSettings.topicKey(routes.routes(), "app-logs"));
        assertEquals("route.audit.topics", RouteSettings.topicKey(routes.routes(), "audit"));
        assertEquals("kafka.topics", RouteSettings.topicKey(config("kafka.topics=a,b", "clickhouse.table=t").routes(), "b"));
    }

    @Test
    void shouldRefuseRoutesMixedWithTheTopLevelTableTopicsOrMappings()
    {
        assertRefused("route.* keys cannot be mixed with kafka.topics, clickhouse.table or mapping.*, which configure a "
            + "process without routes; found kafka.topics, mapping.level", "kafka.topics=t", "mapping.level=lvl",
            "route.a.topics=t", "route.a.table=x");
        assertRefused("route.* keys cannot be mixed", "clickhouse.table=x", "route.a.topics=t", "route.a.table=x");
    }

    @Test
    void shouldNameTheNearestKeyOfAMisspelledRouteKey()
    {
        assertRefused("unknown setting 'route.a.topic'; did you mean 'route.a.topics'?", "route.a.topic=t", "route.a.table=x");
        assertRefused("unknown setting 'route.a.maping.level'; did you mean 'route.a.mapping.level'?",
            "route.a.topics=t", "route.a.table=x", "route.a.maping.level=lvl");
        assertRefused("unknown setting 'route.a.encode.requird'; did you mean 'route.a.encode.required'?",
            "route.a.topics=t", "route.a.table=x", "route.a.encode.requird=ts");
        assertRefused("unknown setting 'route.a.colour'; valid route keys: route.<name>.topics, route.<name>.table, ",
            "route.a.topics=t", "route.a.table=x", "route.a.colour=red");
        assertRefused("unknown setting 'route.topics': a route name holds letters, digits, '_' and '-'", "route.topics=t");
    }

    @Test
    void shouldRequireTopicsAndATableForEveryRoute()
    {
        assertRefused("route.a.table is required for route 'a', which has route.a.topics", "route.a.topics=t");
        assertRefused("route.b.topics (a comma list of topics) is required for route 'b'", "route.a.topics=t",
            "route.a.table=x", "route.b.table=y");
        assertRefused("route.a.topics must be a comma list of topics, got 't,,u'", "route.a.topics=t,,u", "route.a.table=x");
        assertRefused("route.a.table must be a name without control characters", "route.a.topics=t", "route.a.table=a\u0001b");
    }

    @Test
    void shouldLetTheRoutesOfATopicTellItsRecordsApart()
    {
        assertRefused("topic 't' is read by routes a and b, none of them with a route.<name>.when", "route.a.topics=t",
            "route.a.table=x", "route.b.topics=u,t", "route.b.table=y");
        assertRefused("routes a and b split topic 't' on different fields (route.a.when=kind=audit, route.b.when=level=ERROR)",
            "route.a.topics=t", "route.a.table=x", "route.a.when=kind=audit", "route.b.topics=t", "route.b.table=y",
            "route.b.when=level=ERROR");
        assertRefused("routes a and b both take the records of topic 't' whose kind is 'audit'", "route.a.topics=t",
            "route.a.table=x", "route.a.when=kind = audit", "route.b.topics=t", "route.b.table=y", "route.b.when=kind=audit");
        assertRefused("route.a.when must be <json path>=<value>, e.g. kind=audit", "route.a.topics=t", "route.a.table=x",
            "route.a.when=kind");
        final RingestConfig split = config("route.a.topics=t", "route.a.table=x", "route.a.when=\"k=v\".x=1",
            "route.b.topics=t", "route.b.table=y", "route.b.when=\"k=v\".x=2", "route.c.topics=t", "route.c.table=x");
        assertEquals(List.of("k=v", "x"), split.routes().get(1).when().segments());
        assertEquals("2", split.routes().get(1).value());
        assertEquals(List.of("t"), split.kafka().topics());
    }
}
