package io.ringest.benchmarks;

import com.clickhouse.data.ClickHouseColumn;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.clickhouse.encode.EncodeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code logs} table of {@code config/logs-18.16.sql} and {@code config/logs-modern.sql}, hard-coded as
 * {@code DESCRIBE TABLE} would report it, so benchmarks need no server. The JSON field names follow the load
 * generator ({@code resourceId}, {@code traceId}, {@code durationMs}).
 */
public enum LogsSchema
{
    /** ClickHouse 18.16: second-precision DateTime, plain Strings. */
    V18_16("DateTime", "String"),
    /** ClickHouse 24+: nanosecond DateTime64, LowCardinality level and service. */
    MODERN("DateTime64(9, 'UTC')", "LowCardinality(String)");

    private static final Map<String, String> FIELD_BY_COLUMN =
        Map.of("resource_id", "resourceId", "trace_id", "traceId", "duration_ms", "durationMs");

    private final List<Column> columns;

    LogsSchema(final String timestampType, final String lowCardinalityString)
    {
        columns = List.of(
            column("timestamp", timestampType),
            column("level", lowCardinalityString),
            column("service", lowCardinalityString),
            column("resource_id", "String"),
            column("trace_id", "FixedString(32)"),
            column("status", "UInt16"),
            column("duration_ms", "Float32"),
            column("message", "String"));
    }

    private static Column column(final String name, final String type)
    {
        return new Column(name, type, "", "");
    }

    public List<Column> columns()
    {
        return columns;
    }

    /** The plan ringest compiles at start-up for this table: RowBinary (no DEFAULT columns), nothing required. */
    public ColumnPlan plan()
    {
        return new ColumnPlan(columns, FIELD_BY_COLUMN, EncodeConfig.DEFAULTS, false);
    }

    /** The same columns as client-v2 describes them, in table order. */
    public List<ClickHouseColumn> clientColumns()
    {
        final List<ClickHouseColumn> described = new ArrayList<>();
        for (final Column column : columns)
        {
            described.add(ClickHouseColumn.of(column.name(), column.type()));
        }
        return List.copyOf(described);
    }
}
