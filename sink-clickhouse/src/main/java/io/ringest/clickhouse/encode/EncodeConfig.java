package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The encoder's settings ({@code encode.*}), read and checked once before any thread starts. Immutable.
 *
 * @param epochUnit       {@code encode.epoch.unit}: unit of numeric timestamps (default ms)
 * @param required        {@code encode.required}: columns whose field must be present
 * @param overflow        {@code encode.overflow}: the catch-all column, or its keys and values columns
 * @param quotedNumbers   {@code encode.lenient.quoted.numbers}: a number in quotes ({@code "42"}) is taken by numeric
 *                        columns (default false: refused)
 * @param numericBooleans {@code encode.lenient.numeric.booleans}: {@code 0} and {@code 1} are taken by Bool columns
 *                        (default false: refused)
 * @param timezone        {@code encode.timezone}: the zone of timestamps written without an offset (default UTC)
 */
public record EncodeConfig(
    EpochUnit epochUnit, Set<String> required, List<String> overflow, boolean quotedNumbers, boolean numericBooleans,
    ZoneId timezone)
{
    static final String REQUIRED_KEY = "encode.required";
    static final String QUOTED_NUMBERS_KEY = "encode.lenient.quoted.numbers";
    static final String NUMERIC_BOOLEANS_KEY = "encode.lenient.numeric.booleans";
    static final String TIMEZONE_KEY = "encode.timezone";
    /** Every key this record reads. */
    public static final List<String> KEYS =
        List.of(EpochUnit.KEY, REQUIRED_KEY, Overflow.KEY, QUOTED_NUMBERS_KEY, NUMERIC_BOOLEANS_KEY, TIMEZONE_KEY);

    /** The defaults: ms epochs, nothing required, no catch-all, strict numbers and booleans, UTC. */
    public static final EncodeConfig DEFAULTS =
        new EncodeConfig(EpochUnit.MILLISECONDS, Set.of(), List.of(), false, false, ZoneOffset.UTC);

    /** The text of {@code key}'s default, which {@link #from} reads as the default: for the settings in force. */
    public static String defaultText(final String key)
    {
        return switch (key)
        {
            case EpochUnit.KEY -> EpochUnit.MILLISECONDS.symbol();
            case TIMEZONE_KEY -> "UTC";
            case QUOTED_NUMBERS_KEY, NUMERIC_BOOLEANS_KEY -> "false";
            default -> "";
        };
    }

    /** Reads the keys of {@link #KEYS} from {@code config}; a bad value names its key and what is valid. */
    public static EncodeConfig from(final Map<String, String> config)
    {
        final String unit = config.get(EpochUnit.KEY);
        return new EncodeConfig(
            unit == null || unit.isBlank() ? EpochUnit.MILLISECONDS : EpochUnit.parse(unit),
            new LinkedHashSet<>(names(config.getOrDefault(REQUIRED_KEY, ""))),
            names(config.getOrDefault(Overflow.KEY, "")),
            bool(config, QUOTED_NUMBERS_KEY),
            bool(config, NUMERIC_BOOLEANS_KEY),
            zone(config.getOrDefault(TIMEZONE_KEY, "UTC").trim()));
    }

    private static List<String> names(final String list)
    {
        final List<String> names = new ArrayList<>();
        for (final String name : list.split(","))
        {
            if (!name.isBlank())
            {
                names.add(name.trim());
            }
        }
        return List.copyOf(names);
    }

    private static boolean bool(final Map<String, String> config, final String key)
    {
        final String value = config.getOrDefault(key, "false").trim();
        if (!value.equals("true") && !value.equals("false"))
        {
            throw new ConfigException(key + " must be true or false, got '" + value + "'");
        }
        return value.equals("true");
    }

    private static ZoneId zone(final String id)
    {
        try
        {
            return ZoneId.of(id.isEmpty() ? "UTC" : id);
        }
        catch (final DateTimeException e)
        {
            throw new ConfigException(TIMEZONE_KEY + " must be a time zone such as UTC, Europe/Paris or +02:00, got '"
                + id + "'");
        }
    }
}
