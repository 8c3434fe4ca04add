package io.ringest.app;

import io.ringest.clickhouse.ClickHouseServer;
import io.ringest.clickhouse.ClickHouseTable;
import io.ringest.clickhouse.encode.AbsentFields;
import io.ringest.clickhouse.encode.RecordRouter;
import io.ringest.engine.ConfigException;
import io.ringest.engine.RecordParts;
import io.ringest.engine.Route;
import io.ringest.engine.Router;
import io.ringest.engine.StoredRecords;
import io.ringest.engine.StoredRecordsByTopic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The routes' tables on the one ClickHouse server, opened at start-up: per route its table's schema, column plan,
 * encoder and writers (one per writer thread, all sharing the server's client); the router that picks each record's
 * route; and per topic what the tables of its routes already hold. Close it after the pipeline has closed the writers:
 * it closes the shared client.
 */
final class RouteTables implements AutoCloseable
{
    private final ClickHouseServer server;
    private final List<RouteConfig> configs;
    private final List<ClickHouseTable> tables = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, AbsentFields> absent = new LinkedHashMap<>();

    private RouteTables(final RingestConfig config, final ClickHouseServer server, final Consumer<String> log)
    {
        this.server = server;
        this.configs = config.routes();
        final int writers = config.pipeline().writers();
        for (final RouteConfig route : configs)
        {
            final ClickHouseTable table = open(config, route);
            final AbsentFields fields = table.absentFields(log, route.keyPrefix());
            tables.add(table);
            absent.put(route.name(), fields);
            routes.add(new Route(route.name(), table.encoder(fields), table.writers(writers, !sharesATopicInto(route))));
        }
    }

    /** Connects, then reads every route's table; fails with a {@link ConfigException} naming the route's keys. */
    static RouteTables open(final RingestConfig config, final Consumer<String> log)
    {
        final ClickHouseServer server = ClickHouseServer.connect(config.clickhouse(), config.pipeline().writers() + 1, log);
        try
        {
            return new RouteTables(config, server, log);
        }
        catch (final RuntimeException e)
        {
            server.close();
            throw e;
        }
    }

    private ClickHouseTable open(final RingestConfig config, final RouteConfig route)
    {
        try
        {
            return server.table(route.clickhouse(config.clickhouse()), route.columns());
        }
        catch (final ConfigException e)
        {
            if (!route.named())
            {
                throw e;
            }
            throw new ConfigException("route " + route.name() + " (" + route.keyPrefix() + "*): "
                + e.getMessage().replace("clickhouse.table", route.keyPrefix() + RouteSettings.TABLE));
        }
    }

    /**
     * True if another route takes records of one of this route's topics into the same table: the table's metadata
     * columns then cannot tell whose rows an unanswered insert left (see {@code ClickHouseTable.writers}).
     */
    private boolean sharesATopicInto(final RouteConfig route)
    {
        for (final RouteConfig other : configs)
        {
            if (other != route && other.table().equals(route.table())
                && other.topics().stream().anyMatch(route.topics()::contains))
            {
                return true;
            }
        }
        return false;
    }

    /** One route per configured route, in the same order. */
    List<Route> routes()
    {
        return routes;
    }

    /** Every record to the one route, or by topic and {@code when} when there are several (or one with a when). */
    Router router()
    {
        if (configs.size() == 1 && configs.get(0).when() == null)
        {
            return Router.SINGLE;
        }
        return new RecordRouter(configs.stream()
            .map(r -> new RecordRouter.Claim(r.name(), r.topics(), r.when(), r.value())).toList());
    }

    /** Per topic, the union of what the distinct tables of its routes hold beyond a committed offset. */
    StoredRecords storedRecords()
    {
        final Map<String, Map<String, StoredRecords>> byTopic = new HashMap<>();
        for (int i = 0; i < configs.size(); i++)
        {
            final ClickHouseTable table = tables.get(i);
            for (final String topic : configs.get(i).topics())
            {
                final Map<String, StoredRecords> ofTopic = byTopic.computeIfAbsent(topic, t -> new LinkedHashMap<>());
                if (table.hasMetadataColumns())
                {
                    ofTopic.putIfAbsent(table.qualifiedName(), table.storedRecords());
                }
            }
        }
        final Map<String, List<StoredRecords>> lists = new HashMap<>();
        byTopic.forEach((topic, ofTopic) -> lists.put(topic, List.copyOf(ofTopic.values())));
        return new StoredRecordsByTopic(lists);
    }

    /** The parts of each record besides its value that some route's table reads (its key, its headers). */
    RecordParts recordParts()
    {
        return new RecordParts(tables.stream().anyMatch(t -> t.recordParts().key()),
            tables.stream().anyMatch(t -> t.recordParts().headers()));
    }

    /** Per route name, its columns' absent-field counts. */
    Map<String, AbsentFields> absentFields()
    {
        return absent;
    }

    /** True if the server answers a ping within {@code timeoutMillis}. */
    boolean ping(final long timeoutMillis)
    {
        return server.ping(timeoutMillis);
    }

    @Override
    public void close()
    {
        server.close();
    }

    @Override
    public String toString()
    {
        if (!configs.get(0).named())
        {
            return tables.get(0).toString();
        }
        final List<String> described = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++)
        {
            final RouteConfig route = configs.get(i);
            described.add("route " + route.name() + " (" + String.join(",", route.topics())
                + (route.when() == null ? "" : " where " + route.when().text() + "=" + route.value()) + ") into "
                + tables.get(i).qualifiedName());
        }
        return String.join("; ", described) + " at " + server;
    }
}
