package io.ringest.clickhouse;

import io.ringest.clickhouse.encode.Column;
import io.ringest.engine.ConfigException;
import io.ringest.engine.RecordParts;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A table's columns as ringest last read them, and the {@link TableLayout} rows are encoded with now. {@link #refresh}
 * re-reads {@code DESCRIBE TABLE} (the {@code clickhouse-schema} thread every {@code clickhouse.schema.refresh}, and a
 * writer whose insert failed the way a changed table makes it fail); when the columns differ a new layout is compiled
 * and published, for the encoder to take up as its next batch starts. A change that does not compile (a column added of a type
 * ringest cannot write, or {@code _key} or {@code _headers}, which the pollers copy only for tables that had them at
 * start-up) keeps the layout, with one warning: the server fills such a column with its default.
 * Thread-safe: the layout and the columns are published through volatile fields, a refresh runs under the lock.
 */
public final class TableSchema
{
    private final ClickHouseConfig config;
    private final ServerVersion server;
    private final Map<String, String> columnConfig;
    /** Null for a schema that is never read again. */
    private final TableSchemaReader reader;
    private final Consumer<String> log;
    /** What the pollers copy for this table: what its columns at start-up read. */
    private final RecordParts copied;
    private volatile TableLayout current;
    private volatile List<Column> columns;

    private TableSchema(
        final ClickHouseConfig config, final ServerVersion server, final Map<String, String> columnConfig,
        final TableSchemaReader reader, final Consumer<String> log, final TableLayout layout)
    {
        this.config = config;
        this.server = server;
        this.columnConfig = Map.copyOf(columnConfig);
        this.reader = reader;
        this.log = log;
        this.copied = layout.plan() == null ? RecordParts.NONE : layout.plan().recordParts();
        this.current = layout;
        this.columns = layout.columns();
    }

    /**
     * Reads the table's columns and compiles its first layout from {@code columnConfig}; fails with a
     * {@link ConfigException} naming the key to fix. Changes found later are logged through {@code log}.
     */
    static TableSchema read(
        final ClickHouseConfig config, final TableSchemaReader reader, final ServerVersion server,
        final Map<String, String> columnConfig, final Consumer<String> log)
    {
        final TableLayout first = TableLayout.compile(1, config, server, reader.readColumns(), columnConfig);
        return new TableSchema(config, server, columnConfig, reader, log, first);
    }

    /** A schema of one layout that is never read again: for a writer given its columns. */
    static TableSchema fixed(final ClickHouseConfig config, final ServerVersion server, final TableLayout layout)
    {
        return new TableSchema(config, server, Map.of(), null, message -> { }, layout);
    }

    /** The layout rows are to be encoded with from the next batch on; one volatile read. */
    public TableLayout current()
    {
        return current;
    }

    /** The table's columns as last read, which may differ from {@link #current()}'s when a change did not compile. */
    public List<Column> columns()
    {
        return columns;
    }

    /** The table as SQL, {@code `database`.`table`}. */
    public String table()
    {
        return config.qualifiedTable();
    }

    /**
     * Reads the table's columns again and, if they changed, compiles and publishes their layout, logging the change
     * once. Throws what the read throws (a {@link ConfigException} naming the server's error); a schema made
     * {@link #fixed} is never read.
     */
    public synchronized void refresh()
    {
        if (reader == null)
        {
            return;
        }
        final List<Column> read = reader.readColumns();
        final List<Column> before = columns;
        if (read.equals(before))
        {
            return;
        }
        columns = read;
        final TableLayout layout = current;
        if (read.equals(layout.columns()))
        {
            log.accept("schema of " + table() + " changed back to the columns of layout " + layout.version());
            return;
        }
        final String changes = TableLayout.differences(before, read);
        try
        {
            final TableLayout next = TableLayout.compile(layout.version() + 1, config, server, read, columnConfig);
            requireCopied(next.plan().recordParts());
            current = next;
            final boolean onlyAdded = read.containsAll(layout.columns());
            log.accept("schema of " + table() + " changed: " + changes + "; "
                + (onlyAdded ? "filled from the next batch on" : "rows are encoded for the new columns from the next batch on"));
        }
        catch (final ConfigException e)
        {
            log.accept("WARN schema of " + table() + " changed: " + changes + "; rows are still encoded with layout "
                + layout.version() + ", as the new columns cannot be: " + e.getMessage()
                + "; a column added is filled by the server with its default");
        }
    }

    /** Refuses a layout that reads a part of the records the pollers do not copy, as it would read it empty. */
    private void requireCopied(final RecordParts reads)
    {
        if (reads.key() && !copied.key() || reads.headers() && !copied.headers())
        {
            throw new ConfigException("the pollers copy records' " + (reads.key() && !copied.key() ? "keys" : "headers")
                + " only for tables that have such a column at start-up; restart ringest to fill it");
        }
    }
}
