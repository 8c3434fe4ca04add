package io.ringest.clickhouse;

import io.ringest.clickhouse.ClickHouseType.Kind;
import io.ringest.engine.ConfigException;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a column's value comes from: the JSON log ({@link #JSON}), the Kafka record's own coordinates and
 * timestamp, for the optional metadata columns {@code _topic}, {@code _partition}, {@code _offset} and
 * {@code _timestamp}, or the catch-all of the fields no other column reads. A table that has them records,
 * for every row, exactly which record it came from; a {@code mapping.<column>} setting makes such a column read a JSON
 * field instead.
 */
public enum SourceColumn
{
    JSON("", EnumSet.noneOf(Kind.class)),
    TOPIC("_topic", EnumSet.of(Kind.STRING)),
    PARTITION("_partition", EnumSet.of(Kind.INT32, Kind.INT64, Kind.UINT32, Kind.UINT64)),
    OFFSET("_offset", EnumSet.of(Kind.INT64, Kind.UINT64)),
    /** The Kafka record's timestamp: DateTime (seconds), DateTime64(P), or milliseconds since 1970 as an integer. */
    TIMESTAMP("_timestamp", EnumSet.of(Kind.DATETIME, Kind.DATETIME64, Kind.INT64, Kind.UINT64)),
    /** The catch-all Map of every field no other column reads ({@code encode.overflow}). */
    OVERFLOW("", EnumSet.noneOf(Kind.class)),
    /** The keys of a catch-all kept as two parallel Array(String) columns. */
    OVERFLOW_KEYS("", EnumSet.noneOf(Kind.class)),
    /** The values of a catch-all kept as two parallel Array(String) columns. */
    OVERFLOW_VALUES("", EnumSet.noneOf(Kind.class));

    private final String column;
    private final Set<Kind> kinds;

    SourceColumn(final String column, final Set<Kind> kinds)
    {
        this.column = column;
        this.kinds = kinds;
    }

    /** The source of a column named {@code name} that no mapping redirects; fails if its type cannot hold the value. */
    static SourceColumn of(final String name, final ClickHouseType type)
    {
        for (final SourceColumn source : values())
        {
            if (!source.column.isEmpty() && source.column.equals(name))
            {
                if (!source.kinds.contains(type.kind()) || type.nullable())
                {
                    throw new ConfigException("column '" + name + "' holds the Kafka record's " + source.name()
                        .toLowerCase() + " and must be one of " + source.kinds + " (not Nullable), but is "
                        + type.displayName() + "; change its type, or map it to a JSON field with mapping." + name);
                }
                return source;
            }
        }
        return JSON;
    }
}
