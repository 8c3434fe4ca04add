package io.ringest.clickhouse;

import com.clickhouse.data.ClickHouseFormat;
import io.ringest.clickhouse.encode.ClickHouseType;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.engine.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One shape of a table as ringest writes it: the columns {@code DESCRIBE TABLE} listed, the column plan compiled from
 * them, and what an insert of rows encoded by that plan names: its column list, its format and whether JSON columns
 * are sent as text. Immutable. A {@link TableSchema} compiles a new one when the table's columns change; each batch
 * segment is encoded, and inserted, with exactly one layout (the engine carries it as the segment's tag).
 */
public final class TableLayout
{
    private final int version;
    private final List<Column> columns;
    private final ColumnPlan plan;
    private final List<String> insertColumns;
    private final ClickHouseFormat format;
    private final boolean jsonAsString;

    private TableLayout(
        final int version, final ClickHouseConfig config, final ServerVersion server, final List<Column> columns,
        final ColumnPlan plan, final boolean withDefaults)
    {
        if (withDefaults && !server.supportsRowBinaryWithDefaults())
        {
            throw new ConfigException("RowBinaryWithDefaults needs ClickHouse 23.7 or later, the server at clickhouse.url=" +
                config.url() + " is " + server);
        }
        this.version = version;
        this.columns = List.copyOf(columns);
        this.plan = plan;
        this.insertColumns = insertableNames(columns);
        if (insertColumns.isEmpty())
        {
            throw new ConfigException("table " + config.qualifiedTable() + " has no insertable columns: check clickhouse.table");
        }
        this.format = withDefaults ? ClickHouseFormat.RowBinaryWithDefaults : ClickHouseFormat.RowBinary;
        this.jsonAsString = jsonAsString(columns, server, config);
    }

    /**
     * Compiles the plan of {@code columns} from {@code columnConfig} ({@link ColumnPlan#config}), in
     * {@code RowBinaryWithDefaults} where the server has it and a column has a DEFAULT expression to fall back on;
     * throws a {@link ConfigException} naming what cannot be encoded.
     */
    static TableLayout compile(
        final int version, final ClickHouseConfig config, final ServerVersion server, final List<Column> columns,
        final Map<String, String> columnConfig)
    {
        final boolean withDefaults = server.supportsRowBinaryWithDefaults()
            && columns.stream().anyMatch(c -> c.isInsertable() && c.defaultKind().equals("DEFAULT"));
        return new TableLayout(version, config, server, columns, ColumnPlan.fromConfig(columns, columnConfig, withDefaults),
            withDefaults);
    }

    /** A layout for inserting rows someone else encoded for {@code columns}: it has no {@link #plan()}. */
    static TableLayout forInserts(
        final ClickHouseConfig config, final ServerVersion server, final List<Column> columns, final boolean withDefaults)
    {
        return new TableLayout(1, config, server, columns, null, withDefaults);
    }

    /** 1 for the columns read at start-up, one more for each change compiled since. */
    public int version()
    {
        return version;
    }

    /** The table's columns as {@code DESCRIBE TABLE} listed them, computed ones included. */
    public List<Column> columns()
    {
        return columns;
    }

    /** The plan rows of this layout are encoded with; null in a layout made {@link #forInserts}. */
    public ColumnPlan plan()
    {
        return plan;
    }

    /** The insertable columns, quoted, in table order: what each row holds and the insert names. */
    List<String> insertColumns()
    {
        return insertColumns;
    }

    ClickHouseFormat format()
    {
        return format;
    }

    /** True if a JSON column's value is sent as the object's text, which needs {@link ClickHouseWriter#JSON_AS_STRING}. */
    boolean jsonAsString()
    {
        return jsonAsString;
    }

    /**
     * What about {@code now}, the table's columns as last read, keeps it from taking rows of this layout: a column they
     * hold that is gone, has another type or is now computed by the server, e.g. {@code column `status` retyped from
     * UInt16 to String}; null if the table still takes them (columns added since do not matter: the insert names its
     * columns and the server fills the others).
     */
    public String changeIn(final List<Column> now)
    {
        final Map<String, Column> byName = byName(now);
        final List<String> changes = new ArrayList<>();
        for (final Column column : columns)
        {
            if (!column.isInsertable())
            {
                continue;
            }
            final Column current = byName.get(column.name());
            if (current == null)
            {
                changes.add("column " + ClickHouseConfig.quote(column.name()) + " dropped");
            }
            else if (!current.type().equals(column.type()))
            {
                changes.add("column " + ClickHouseConfig.quote(column.name()) + " retyped from " + column.type() + " to " + current.type());
            }
            else if (!current.isInsertable())
            {
                changes.add("column " + ClickHouseConfig.quote(column.name()) + " now " + current.defaultKind());
            }
        }
        return changes.isEmpty() ? null : String.join(", ", changes);
    }

    /**
     * How {@code after} differs from {@code before}, for the log: {@code added region String, dropped n, retyped status
     * from UInt16 to String}, and {@code changed x} for a changed default; empty if they hold the same columns.
     */
    static String differences(final List<Column> before, final List<Column> after)
    {
        final Map<String, Column> old = byName(before);
        final Map<String, Column> now = byName(after);
        final List<String> changes = new ArrayList<>();
        now.forEach((name, column) ->
        {
            final Column was = old.get(name);
            if (was == null)
            {
                changes.add("added " + name + " " + column.type());
            }
            else if (!was.type().equals(column.type()))
            {
                changes.add("retyped " + name + " from " + was.type() + " to " + column.type());
            }
            else if (!was.equals(column))
            {
                changes.add("changed " + name + " (" + was.defaultKind() + " " + was.defaultExpression() + " -> "
                    + column.defaultKind() + " " + column.defaultExpression() + ")");
            }
        });
        old.keySet().stream().filter(name -> !now.containsKey(name)).forEach(name -> changes.add("dropped " + name));
        return String.join(", ", changes);
    }

    private static Map<String, Column> byName(final List<Column> columns)
    {
        final Map<String, Column> byName = new LinkedHashMap<>();
        columns.forEach(column -> byName.put(column.name(), column));
        return byName;
    }

    private static List<String> insertableNames(final List<Column> columns)
    {
        final List<String> names = new ArrayList<>(columns.size());
        for (final Column column : columns)
        {
            if (column.isInsertable())
            {
                names.add(ClickHouseConfig.quote(column.name()));
            }
        }
        return List.copyOf(names);
    }

    /**
     * Whether an insertable column holds JSON, whose text the server then reads with
     * {@link ClickHouseWriter#JSON_AS_STRING}; a server without that setting is refused naming the column. Older servers
     * know no such setting, so it is sent only then.
     */
    private static boolean jsonAsString(final List<Column> columns, final ServerVersion server, final ClickHouseConfig config)
    {
        for (final Column column : columns)
        {
            if (column.isInsertable() && ClickHouseType.parse(column.name(), column.type()).holdsJson())
            {
                if (!server.supportsJsonAsString())
                {
                    throw new ConfigException("column '" + column.name() + "' has type " + column.type() + ", whose values "
                        + "ringest sends as JSON text with " + ClickHouseWriter.JSON_AS_STRING + "=1; that needs ClickHouse "
                        + "24.10 or later, the server at clickhouse.url=" + config.url() + " is " + server);
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString()
    {
        return "layout " + version + " (" + format + ", " + insertColumns.size() + " columns)";
    }
}
