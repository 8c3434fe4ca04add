package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.encode.AbsentFields;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.clickhouse.encode.SourceColumn;
import io.ringest.engine.BatchSink;
import io.ringest.engine.RecordParts;
import io.ringest.engine.RowEncoder;
import io.ringest.engine.StoredRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A target table as the pipeline sees it: its {@link TableSchema}, read at start-up and again while ringest runs, with
 * the layout compiled from it, the encoder that follows its layouts, and the writers that insert into it through the
 * {@link ClickHouseServer}'s shared client. {@code RowBinaryWithDefaults} is used only where the server has it and a
 * column has a DEFAULT expression to fall back on. What the pollers copy and what the tables hold after a crash
 * ({@link #recordParts}, {@link #storedRecords}) follow the columns read at start-up.
 */
public final class ClickHouseTable
{
    private final ClickHouseConfig config;
    private final Client client;
    private final ServerVersion version;
    private final TableSchema schema;
    /** The plan of the columns read at start-up. */
    private final ColumnPlan plan;

    /** See {@link ClickHouseServer#table}. */
    ClickHouseTable(
        final ClickHouseConfig config, final Client client, final ServerVersion version, final Map<String, String> columnConfig,
        final Consumer<String> log)
    {
        this.config = config;
        this.client = client;
        this.version = version;
        schema = TableSchema.read(config, new TableSchemaReader(config, client), version, columnConfig, log);
        plan = schema.current().plan();
    }

    /** The table's columns and layouts while ringest runs. */
    TableSchema schema()
    {
        return schema;
    }

    /**
     * A new encoder for the batching thread, counting absent fields into {@code absent} ({@link #absentFields}); it
     * takes up a new layout of the table as a batch starts.
     */
    public RowEncoder encoder(final AbsentFields absent)
    {
        return new TableEncoder(schema, absent);
    }

    /**
     * Counts of absent fields per column, warnings through {@code warn} naming the mapping key after
     * {@code keyPrefix} (empty, or {@code route.<name>.}); pass it to {@link #encoder}.
     */
    public AbsentFields absentFields(final Consumer<String> warn, final String keyPrefix)
    {
        return new AbsentFields(plan, warn, keyPrefix);
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
     * One writer per writer thread, sharing the server's client. With the metadata columns and {@code checkLanded}, a
     * writer whose attempt got no answer checks whether its rows landed before sending them again; pass false when
     * another route writes records of the same topics into this table, as the check would count that route's rows in the
     * same offset range as its own (such rows may then be stored twice, never lost).
     */
    public List<BatchSink> writers(final int count, final boolean checkLanded)
    {
        final List<BatchSink> writers = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            writers.add(new ClickHouseWriter(config, client, version, schema,
                checkLanded && hasMetadataColumns() ? new TableSchemaReader(config, client) : null));
        }
        return writers;
    }

    /** The table as SQL, {@code `database`.`table`}: two routes name one table alike. */
    public String qualifiedName()
    {
        return config.qualifiedTable();
    }

    /** True if the table has {@code _topic}, {@code _partition} and {@code _offset}, so it can tell which records it holds. */
    public boolean hasMetadataColumns()
    {
        return plan.hasSource(SourceColumn.TOPIC) && plan.hasSource(SourceColumn.PARTITION) && plan.hasSource(SourceColumn.OFFSET);
    }

    @Override
    public String toString()
    {
        return config.qualifiedTable() + " at " + config.url() + " (ClickHouse " + version + ", " + schema.current().format() + ")";
    }
}
