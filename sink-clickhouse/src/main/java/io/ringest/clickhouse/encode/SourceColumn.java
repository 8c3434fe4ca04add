package io.ringest.clickhouse.encode;

import io.ringest.clickhouse.encode.ClickHouseType.Kind;
import io.ringest.engine.ConfigException;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a column's value comes from: the JSON log ({@link #JSON}), the Kafka record itself, for the optional metadata
 * columns {@code _topic}, {@code _partition}, {@code _offset}, {@code _timestamp}, {@code _key} and {@code _headers}
 * (or its Nested form {@code _headers.key}, {@code _headers.value}), or the catch-all of the fields no other column
 * reads. A table that has the coordinates records, for every row, exactly which record it came from; a
 * {@code mapping.<column>} setting makes such a column read a JSON field instead.
 */
public enum SourceColumn
{
    JSON("", EnumSet.noneOf(Kind.class)),
    TOPIC("_topic", EnumSet.of(Kind.STRING)),
    PARTITION("_partition", EnumSet.of(Kind.INT32, Kind.INT64, Kind.UINT32, Kind.UINT64)),
    OFFSET("_offset", EnumSet.of(Kind.INT64, Kind.UINT64)),
    /** The Kafka record's timestamp: DateTime (seconds), DateTime64(P), or milliseconds since 1970 as an integer. */
    TIMESTAMP("_timestamp", EnumSet.of(Kind.DATETIME, Kind.DATETIME64, Kind.INT64, Kind.UINT64)),
    /** The record key's bytes as they are; NULL for a null key if Nullable, else empty. */
    KEY("_key", "String or FixedString(N), Nullable and LowCardinality allowed",
        type -> type.kind() == Kind.STRING || type.kind() == Kind.FIXED_STRING),
    /** Every header in record order, duplicates included; a null value is NULL if the value type is Nullable, else empty. */
    HEADERS("_headers", "Map(String, String) or Map(String, Nullable(String)), LowCardinality allowed",
        type -> type.kind() == Kind.MAP && !type.nullable() && type.args().get(1).kind() == Kind.STRING),
    /** The header keys, of a {@code _headers Nested(key String, value String)} column. */
    HEADER_KEYS("_headers.key", "Array(String), LowCardinality allowed",
        type -> type.kind() == Kind.ARRAY && isString(type.args().get(0)) && !type.args().get(0).nullable()),
    /** The header values, in the order of {@link #HEADER_KEYS}. */
    HEADER_VALUES("_headers.value", "Array(String) or Array(Nullable(String)), LowCardinality allowed",
        type -> type.kind() == Kind.ARRAY && isString(type.args().get(0))),
    /** The catch-all Map of every field no other column reads ({@code encode.overflow}). */
    OVERFLOW("", EnumSet.noneOf(Kind.class)),
    /** The keys of a catch-all kept as two parallel Array(String) columns. */
    OVERFLOW_KEYS("", EnumSet.noneOf(Kind.class)),
    /** The values of a catch-all kept as two parallel Array(String) columns. */
    OVERFLOW_VALUES("", EnumSet.noneOf(Kind.class));

    private final String column;
    private final String accepted;
    private final Predicate<ClickHouseType> fits;

    SourceColumn(final String column, final Set<Kind> kinds)
    {
        this(column, "one of " + kinds + " (not Nullable)", type -> kinds.contains(type.kind()) && !type.nullable());
    }

    SourceColumn(final String column, final String accepted, final Predicate<ClickHouseType> fits)
    {
        this.column = column;
        this.accepted = accepted;
        this.fits = fits;
    }

    private static boolean isString(final ClickHouseType type)
    {
        return type.kind() == Kind.STRING;
    }

    /** The source of a column named {@code name} that no mapping redirects; fails if its type cannot hold the value. */
    static SourceColumn of(final String name, final ClickHouseType type)
    {
        for (final SourceColumn source : values())
        {
            if (!source.column.isEmpty() && source.column.equals(name))
            {
                if (!source.fits.test(type))
                {
                    throw new ConfigException("column '" + name + "' holds the Kafka record's " + source.name()
                        .toLowerCase().replace('_', ' ') + " and must be " + source.accepted + ", but is "
                        + type.displayName() + "; change its type, or map it to a JSON field with mapping." + name);
                }
                return source;
            }
        }
        return JSON;
    }
}
