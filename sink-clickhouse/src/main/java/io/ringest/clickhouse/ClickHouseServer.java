package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.encode.ColumnPlan;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The ClickHouse server every route's table lives on: one client, shared by all tables and all their writers, the
 * server's version, read once at start-up, and the {@code clickhouse-schema} thread that re-reads every table's columns
 * each {@code clickhouse.schema.refresh}. Owns the client and that thread: close it after the last writer is done.
 */
public final class ClickHouseServer implements AutoCloseable
{
    private final ClickHouseConfig config;
    private final Client client;
    private final ServerVersion version;
    private final Consumer<String> log;
    private final SchemaRefresher refresher;

    private ClickHouseServer(final ClickHouseConfig config, final Client client, final ServerVersion version, final Consumer<String> log)
    {
        this.config = config;
        this.client = client;
        this.version = version;
        this.log = log;
        this.refresher = new SchemaRefresher(config.schemaRefresh().toNanos(), log);
    }

    /**
     * Connects and reads the server's version; fails with a {@code ConfigException} naming the key to fix.
     *
     * @param maxConnections pooled HTTP connections: at least the number of writer threads, plus one for lookups
     * @param log            where changes of a table's columns are reported
     */
    public static ClickHouseServer connect(final ClickHouseConfig config, final int maxConnections, final Consumer<String> log)
    {
        final Client client = config.newClient(maxConnections);
        try
        {
            return new ClickHouseServer(config, client, new TableSchemaReader(config, client).readVersion(), log);
        }
        catch (final RuntimeException e)
        {
            client.close();
            throw e;
        }
    }

    /**
     * Reads the schema of the table {@code table} names on this server and compiles its plan from {@code columnConfig}
     * ({@link ColumnPlan#config}); fails with a {@code ConfigException} naming the key to fix. Its columns are read
     * again every {@code clickhouse.schema.refresh} from then on.
     */
    public ClickHouseTable table(final ClickHouseConfig table, final Map<String, String> columnConfig)
    {
        final ClickHouseTable opened = new ClickHouseTable(table, client, version, columnConfig, log);
        refresher.watch(opened.schema());
        return opened;
    }

    /** True if the server answers a ping within {@code timeoutMillis}; for readiness checks, never on the insert path. */
    public boolean ping(final long timeoutMillis)
    {
        try
        {
            return client.ping(timeoutMillis);
        }
        catch (final RuntimeException e)
        {
            return false;
        }
    }

    @Override
    public void close()
    {
        refresher.close();
        client.close();
    }

    @Override
    public String toString()
    {
        return config.url() + " (ClickHouse " + version + ")";
    }
}
