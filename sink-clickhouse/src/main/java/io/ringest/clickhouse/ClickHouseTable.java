package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.engine.BatchSink;
import io.ringest.engine.RecordParts;
import io.ringest.engine.RowEncoder;
import io.ringest.engine.StoredRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The target table as the pipeline sees it: its schema read once at start-up, the column plan compiled from it,
 * and the writers that insert into it through one shared client. {@code RowBinaryWithDefaults} is used only
 * where the server has it and a column has a DEFAULT expression to fall back on.
 */
public final class ClickHouseTable implements AutoCloseable
{
    private final ClickHouseConfig config;
    private final Client client;
    private final ServerVersion version;
    private final List<Column> columns;
    private final ColumnPlan plan;
    private final boolean withDefaults;

    private ClickHouseTable(final ClickHouseConfig config, final Map<String, String> columnConfig, final int writers)
    {
        this.config = config;
        this.client = config.newClient(writers + 1);
        try
        {
            final TableSchemaReader reader = new TableSchemaReader(config, client);
            version = reader.readVersion();
            columns = reader.readColumns();
            withDefaults = version.supportsRowBinaryWithDefaults() && columns.stream()
                .anyMatch(c -> c.isInsertable() && c.defaultKind().equals("DEFAULT"));
            plan = ColumnPlan.fromConfig(columns, columnConfig, withDefaults);
        }
        catch (final RuntimeException e)
        {
            client.close();
            throw e;
        }
    }

    /**
     * Connects, reads the schema and compiles the plan from {@code columnConfig} ({@link ColumnPlan#config}); fails with a
     * {@code ConfigException} naming the key to fix.
     */
    public static ClickHouseTable open(final ClickHouseConfig config, final Map<String, String> columnConfig, final int writers)
    {
        return new ClickHouseTable(config, columnConfig, writers);
    }

    /** A new encoder for the batching thread, counting absent fields into {@code absent} ({@link #absentFields}). */
    public RowEncoder encoder(final AbsentFields absent)
    {
        return new JsonRowEncoder(plan, absent);
    }

    /** Counts of absent fields per column, warnings through {@code warn}; pass it to {@link #encoder}. */
    public AbsentFields absentFields(final Consumer<String> warn)
    {
        return new AbsentFields(plan, warn);
    }

    /**
     * What the table already holds beyond a committed offset, read from its {@code _topic}, {@code _partition} and
     * {@code _offset} columns; {@link StoredRecords#NONE} when it lacks them. A failed lookup throws in the poller's
     * rebalance callback, which fails that poller like any other poller error.
     */
    public StoredRecords storedRecords()
    {
        if (!hasMetadataColumns())
        {
            return StoredRecords.NONE;
        }
        final TableSchemaReader reader = new TableSchemaReader(config, client);
        return reader::readStoredOffsets;
    }

    /** The parts of a Kafka record beyond its value that the columns read: the pollers copy only those. */
    public RecordParts recordParts()
    {
        return plan.recordParts();
    }

    /**
     * One writer per writer thread, sharing this table's client. With the metadata columns, a writer whose attempt got
     * no answer checks whether its rows landed before sending them again.
     */
    public List<BatchSink> writers(final int count)
    {
        final List<BatchSink> writers = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            writers.add(new ClickHouseWriter(config, client, version, columns, withDefaults,
                hasMetadataColumns() ? new TableSchemaReader(config, client) : null));
        }
        return writers;
    }

    private boolean hasMetadataColumns()
    {
        return plan.hasSource(SourceColumn.TOPIC) && plan.hasSource(SourceColumn.PARTITION) && plan.hasSource(SourceColumn.OFFSET);
    }

    @Override
    public void close()
    {
        client.close();
    }

    @Override
    public String toString()
    {
        return config.qualifiedTable() + " at " + config.url() + " (ClickHouse " + version + ", "
            + (withDefaults ? "RowBinaryWithDefaults" : "RowBinary") + ")";
    }
}
