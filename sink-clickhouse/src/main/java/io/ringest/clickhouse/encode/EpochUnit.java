package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;

/** The unit of numeric epoch timestamps in the JSON input, set by {@code encode.epoch.unit}. Immutable. */
public enum EpochUnit
{
    SECONDS("s", 1_000_000_000L),
    MILLISECONDS("ms", 1_000_000L),
    MICROSECONDS("us", 1_000L),
    NANOSECONDS("ns", 1L);

    public static final String KEY = "encode.epoch.unit";

    private final String symbol;
    private final long nanosPerUnit;

    EpochUnit(final String symbol, final long nanosPerUnit)
    {
        this.symbol = symbol;
        this.nanosPerUnit = nanosPerUnit;
    }

    public String symbol()
    {
        return symbol;
    }

    public long nanosPerUnit()
    {
        return nanosPerUnit;
    }

    /** Parses {@code s}, {@code ms}, {@code us} or {@code ns}; anything else names the key and the valid values. */
    public static EpochUnit parse(final String value)
    {
        for (final EpochUnit unit : values())
        {
            if (unit.symbol.equals(value.trim()))
            {
                return unit;
            }
        }
        throw new ConfigException(KEY + " must be one of s, ms, us, ns, got '" + value + "'");
    }
}
