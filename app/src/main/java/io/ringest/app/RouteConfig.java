package io.ringest.app;

import io.ringest.clickhouse.ClickHouseConfig;
import io.ringest.clickhouse.encode.FieldPath;
import io.ringest.engine.Route;

import java.util.List;
import java.util.Map;

/**
 * One route as configured: the records of {@code topics} (those whose field {@code when} holds {@code value}, or all of
 * them when {@code when} is null) go into {@code table}, encoded by the plan compiled from {@code columns}. Read from
 * {@code route.<name>.*} by {@link RouteSettings}; without any {@code route.*} key, the one route named
 * {@value Route#DEFAULT} of {@code kafka.topics}, {@code clickhouse.table} and the top-level {@code mapping.*}. Immutable.
 *
 * @param name    the route's name, in dead letters, tokens and messages
 * @param topics  the topics it reads, at least one
 * @param table   its table, in {@code clickhouse.database} on {@code clickhouse.url}
 * @param columns the {@code mapping.*} and {@code encode.*} keys its column plan is compiled from, route keys over
 *                top-level {@code encode.*} ones
 * @param when    the field whose value picks its records, or null for every record of its topics
 * @param value   the value {@code when} must hold
 * @param named   configured with {@code route.*} keys, whose prefix its messages name
 */
public record RouteConfig(
    String name, List<String> topics, String table, Map<String, String> columns, FieldPath when, String value, boolean named)
{
    /** The one route of a configuration without {@code route.*} keys. */
    static RouteConfig unnamed(final List<String> topics, final String table, final Map<String, String> columns)
    {
        return new RouteConfig(Route.DEFAULT, topics, table, columns, null, null, false);
    }

    /** What its keys start with: {@code route.<name>.}, or nothing for the unnamed route. */
    public String keyPrefix()
    {
        return named ? RouteSettings.PREFIX + name + "." : "";
    }

    /** The ClickHouse settings of its table: {@code server}'s, with its own table. */
    public ClickHouseConfig clickhouse(final ClickHouseConfig server)
    {
        return named ? server.forTable(keyPrefix() + RouteSettings.TABLE, table) : server;
    }

    /** Its condition as configured, e.g. {@code route.audit.when=kind=audit}; empty without one. */
    public String whenText()
    {
        return when == null ? "" : keyPrefix() + RouteSettings.WHEN + "=" + when.text() + "=" + value;
    }
}
