package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;

import java.util.Map;

/**
 * The ClickHouse server every route's table lives on: one client, shared by all tables and all their writers, and the
 * server's version, read once at start-up. Owns the client: close it after the last writer is done.
 */
public final class ClickHouseServer implements AutoCloseable
{
    private final ClickHouseConfig config;
    private final Client client;
    private final ServerVersion version;

    private ClickHouseServer(final ClickHouseConfig config, final Client client, final ServerVersion version)
    {
        this.config = config;
        this.client = client;
        this.version = version;
    }

    /**
     * Connects and reads the server's version; fails with a {@code ConfigException} naming the key to fix.
     *
     * @param maxConnections pooled HTTP connections: at least the number of writer threads, plus one for lookups
     */
    public static ClickHouseServer connect(final ClickHouseConfig config, final int maxConnections)
    {
        final Client client = config.newClient(maxConnections);
        try
        {
            return new ClickHouseServer(config, client, new TableSchemaReader(config, client).readVersion());
        }
        catch (final RuntimeException e)
        {
            client.close();
            throw e;
        }
    }

    /**
     * Reads the schema of the table {@code table} names on this server and compiles its plan from {@code columnConfig}
     * ({@link ColumnPlan#config}); fails with a {@code ConfigException} naming the key to fix.
     */
    public ClickHouseTable table(final ClickHouseConfig table, final Map<String, String> columnConfig)
    {
        return new ClickHouseTable(table, client, version, columnConfig);
    }

    @Override
    public void close()
    {
        client.close();
    }

    @Override
    public String toString()
    {
        return config.url() + " (ClickHouse " + version + ")";
    }
}
