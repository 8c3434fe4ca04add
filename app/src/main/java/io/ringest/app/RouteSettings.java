package io.ringest.app;

import io.ringest.clickhouse.ClickHouseConfig;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.clickhouse.encode.EncodeConfig;
import io.ringest.clickhouse.encode.FieldPath;
import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import io.ringest.engine.UnknownKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the routes: {@code route.<name>.topics}, {@code .table}, {@code .when}, {@code .mapping.<column>} and
 * {@code .encode.<key>} (over the top-level {@code encode.*}); without any {@code route.*} key, the one route of
 * {@code kafka.topics}, {@code clickhouse.table} and {@code mapping.*}. Checks, naming the keys, that the two forms are
 * not mixed, that every route key is known, and that the routes sharing a topic can tell its records apart: at most one
 * of them without {@code when}, the others testing one field for different values.
 */
final class RouteSettings
{
    static final String PREFIX = "route.";
    static final String TOPICS = "topics";
    static final String TABLE = "table";
    static final String WHEN = "when";
    private static final String MAPPING = ColumnPlan.MAPPING_PREFIX;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String VALID = "valid route keys: route.<name>.topics, route.<name>.table, route.<name>.when, "
        + "route.<name>.mapping.<column>, route.<name>.encode.*";

    private RouteSettings()
    {
    }

    /** The routes in name order; one unnamed route when no {@code route.*} key is set. */
    static List<RouteConfig> from(final Settings s)
    {
        final Map<String, String> keys = s.withPrefix(PREFIX);
        if (keys.isEmpty())
        {
            return List.of(RouteConfig.unnamed(list("kafka.topics", s.required("kafka.topics")), s.required("clickhouse.table"),
                ColumnPlan.config(s)));
        }
        refuseTopLevelRoute(s);
        final Map<String, String> encodeDefaults = ColumnPlan.config(s);
        final Map<String, Map<String, String>> byName = new TreeMap<>();
        keys.forEach((key, value) ->
        {
            final int dot = key.indexOf('.');
            if (dot <= 0 || !NAME.matcher(key.substring(0, dot)).matches())
            {
                throw new ConfigException("unknown setting '" + PREFIX + key + "': a route name holds letters, digits, "
                    + "'_' and '-'; " + VALID);
            }
            byName.computeIfAbsent(key.substring(0, dot), n -> new TreeMap<>()).put(key.substring(dot + 1), value);
        });
        final List<RouteConfig> routes = new ArrayList<>();
        byName.forEach((name, own) -> routes.add(route(name, own, encodeDefaults)));
        RouteTopics.check(routes);
        return List.copyOf(routes);
    }

    /** Every topic of every route, each once, in route order. */
    static List<String> topics(final List<RouteConfig> routes)
    {
        final LinkedHashSet<String> topics = new LinkedHashSet<>();
        routes.forEach(route -> topics.addAll(route.topics()));
        return List.copyOf(topics);
    }

    /** The settings that name {@code topic}: {@code kafka.topics}, or each {@code route.<name>.topics} that lists it. */
    static String topicKey(final List<RouteConfig> routes, final String topic)
    {
        return routes.stream().filter(route -> route.topics().contains(topic))
            .map(route -> route.named() ? route.keyPrefix() + TOPICS : "kafka.topics").collect(Collectors.joining(" and "));
    }

    private static void refuseTopLevelRoute(final Settings s)
    {
        final List<String> found = new ArrayList<>();
        for (final String key : List.of("kafka.topics", "clickhouse.table"))
        {
            if (s.string(key, null) != null)
            {
                found.add(key);
            }
        }
        s.withPrefix(MAPPING).keySet().forEach(column -> found.add(MAPPING + column));
        if (!found.isEmpty())
        {
            throw new ConfigException("route.* keys cannot be mixed with kafka.topics, clickhouse.table or mapping.*, "
                + "which configure a process without routes; found " + String.join(", ", found)
                + ": give each route its route.<name>.topics, route.<name>.table and route.<name>.mapping.<column>");
        }
    }

    private static RouteConfig route(final String name, final Map<String, String> own, final Map<String, String> encodeDefaults)
    {
        final String prefix = PREFIX + name + ".";
        final Map<String, String> columns = new HashMap<>(encodeDefaults);
        for (final Map.Entry<String, String> entry : own.entrySet())
        {
            final String key = entry.getKey();
            if (key.startsWith(MAPPING) && key.length() > MAPPING.length() || EncodeConfig.KEYS.contains(key))
            {
                columns.put(key, entry.getValue());
            }
            else if (!key.equals(TOPICS) && !key.equals(TABLE) && !key.equals(WHEN))
            {
                throw unknown(prefix, key);
            }
        }
        final String topics = own.get(TOPICS);
        final String table = own.get(TABLE);
        if (topics == null || topics.isBlank() || table == null || table.isBlank())
        {
            throw new ConfigException(prefix + (topics == null || topics.isBlank() ? TOPICS + " (a comma list of topics)" : TABLE)
                + " is required for route '" + name + "', which has " + prefix + String.join(", " + prefix, own.keySet()));
        }
        ClickHouseConfig.requireName(prefix + TABLE, table);
        final String when = own.get(WHEN);
        final int eq = when == null ? -1 : equalsOutsideQuotes(when);
        if (when != null && eq <= 0)
        {
            throw new ConfigException(prefix + WHEN + " must be <json path>=<value>, e.g. kind=audit or http.status=500, got '"
                + when + "'");
        }
        return new RouteConfig(name, list(prefix + TOPICS, topics), table, Map.copyOf(columns),
            when == null ? null : FieldPath.parse(prefix + WHEN, when.substring(0, eq).trim()),
            when == null ? null : when.substring(eq + 1).trim(), true);
    }

    private static ConfigException unknown(final String prefix, final String key)
    {
        final TreeSet<String> valid = new TreeSet<>(List.of(prefix + TOPICS, prefix + TABLE, prefix + WHEN));
        EncodeConfig.KEYS.forEach(k -> valid.add(prefix + k));
        if (key.indexOf('.') > 0)
        {
            valid.add(prefix + MAPPING + key.substring(key.indexOf('.') + 1));
        }
        return UnknownKey.error(prefix + key, valid, VALID);
    }

    /** Where the path ends and the value begins: the first '=' outside double quotes, or -1. */
    private static int equalsOutsideQuotes(final String when)
    {
        boolean quoted = false;
        for (int i = 0; i < when.length(); i++)
        {
            quoted ^= when.charAt(i) == '"';
            if (when.charAt(i) == '=' && !quoted)
            {
                return i;
            }
        }
        return -1;
    }

    /** A comma list of topics, each once, in order; a blank item is refused naming {@code key}. */
    private static List<String> list(final String key, final String value)
    {
        final List<String> items = Arrays.stream(value.split(",")).map(String::trim).toList();
        if (items.stream().anyMatch(String::isEmpty))
        {
            throw new ConfigException(key + " must be a comma list of topics, got '" + value + "'");
        }
        return List.copyOf(new LinkedHashSet<>(items));
    }
}
