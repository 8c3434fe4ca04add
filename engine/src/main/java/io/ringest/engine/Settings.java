package io.ringest.engine;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flat {@code key=value} settings from a properties file with command-line overrides.
 * Components read their keys through the typed getters, which fail with a {@link ConfigException}
 * naming the key and what is valid. Sizes accept {@code 64k}, {@code 16MiB}; durations {@code 200ms}, {@code 15s}.
 * Every key asked for and every prefix handed out is remembered, so that {@link #refuseUnknownKeys()} can stop
 * start-up at a key nothing reads. Read by one thread, during start-up.
 */
public final class Settings
{
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> values;
    private final Set<String> asked = new TreeSet<>();
    private final Set<String> prefixes = new TreeSet<>();

    public Settings(final Map<String, String> values)
    {
        this.values = new TreeMap<>(values);
    }

    /** Reads {@code file} (if not null), then applies each {@code key=value} override in order. */
    public static Settings load(final Path file, final Iterable<String> overrides)
    {
        final Map<String, String> values = new TreeMap<>();
        if (file != null)
        {
            final Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                properties.load(reader);
            }
            catch (final IOException e)
            {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        }
        for (final String override : overrides)
        {
            final int eq = override.indexOf('=');
            if (eq <= 0)
            {
                throw new ConfigException("override must be key=value, got '" + override + "'");
            }
            values.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return new Settings(values);
    }

    public String string(final String key, final String defaultValue)
    {
        asked.add(key);
        final String value = values.get(key);
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    public String required(final String key)
    {
        final String value = string(key, null);
        if (value == null)
        {
            throw new ConfigException(key + " is required");
        }
        return value;
    }

    public int integer(final String key, final int defaultValue, final int min, final int max)
    {
        final String value = string(key, null);
        final long parsed;
        try
        {
            parsed = value == null ? defaultValue : Long.parseLong(value);
        }
        catch (final NumberFormatException e)
        {
            throw new ConfigException(key + " must be an integer in [" + min + ", " + max + "], got '" + value + "'");
        }
        if (parsed < min || parsed > max)
        {
            throw new ConfigException(key + " must be in [" + min + ", " + max + "], got " + parsed);
        }
        return (int)parsed;
    }

    /** A byte size such as {@code 1048576}, {@code 64k}, {@code 16MiB} or {@code 1g}, within [min, max]. */
    public long size(final String key, final long defaultValue, final long min, final long max)
    {
        final String value = string(key, null);
        long parsed = defaultValue;
        if (value != null)
        {
            final Matcher m = SIZE.matcher(value);
            if (!m.matches())
            {
                throw new ConfigException(key + " must be a size like 1048576, 64k or 16MiB, got '" + value + "'");
            }
            final int shift = switch (m.group(2).toLowerCase(Locale.ROOT))
            {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            parsed = Long.parseLong(m.group(1)) << shift;
        }
        if (parsed < min || parsed > max)
        {
            throw new ConfigException(key + " must be between " + min + " and " + max + " bytes, got " + parsed);
        }
        return parsed;
    }

    /** A duration such as {@code 200ms}, {@code 15s}, {@code 2m} (or {@code 0}), in nanoseconds, within [min, max]. */
    public long durationNanos(final String key, final long defaultNanos, final long minNanos, final long maxNanos)
    {
        final String value = string(key, null);
        long parsed = defaultNanos;
        if ("0".equals(value))
        {
            parsed = 0;
        }
        else if (value != null)
        {
            final Matcher m = DURATION.matcher(value);
            if (!m.matches())
            {
                throw new ConfigException(key + " must be a duration like 200ms, 15s or 2m, got '" + value + "'");
            }
            final long n = Long.parseLong(m.group(1));
            parsed = switch (m.group(2).toLowerCase(Locale.ROOT))
            {
                case "ns" -> n;
                case "us" -> n * 1_000L;
                case "ms" -> n * 1_000_000L;
                case "s" -> n * 1_000_000_000L;
                case "m" -> n * 60_000_000_000L;
                default -> n * 3_600_000_000_000L;
            };
        }
        if (parsed < minNanos || parsed > maxNanos)
        {
            throw new ConfigException(key + " must be between " + minNanos / 1_000_000 + "ms and " + maxNanos / 1_000_000 + "ms, got " + value);
        }
        return parsed;
    }

    /** Every key that starts with {@code prefix}, with the prefix removed; the caller checks that their names are valid. */
    public Map<String, String> withPrefix(final String prefix)
    {
        prefixes.add(prefix);
        final Map<String, String> result = new TreeMap<>();
        values.forEach((k, v) ->
        {
            if (k.startsWith(prefix))
            {
                result.put(k.substring(prefix.length()), v);
            }
        });
        return result;
    }

    /**
     * Throws a {@link ConfigException} at the first key given that no getter asked for and no prefix handed out covers,
     * naming the nearest key asked for. Call it once every component has read its keys, before any thread starts.
     */
    public void refuseUnknownKeys()
    {
        for (final String key : values.keySet())
        {
            if (!asked.contains(key) && prefixes.stream().noneMatch(key::startsWith))
            {
                throw UnknownKey.error(key, asked, validKeys(key));
            }
        }
    }

    /** The valid keys of {@code key}'s family (its first word and dot), or every family when it names none. */
    private String validKeys(final String key)
    {
        final String family = key.substring(0, key.indexOf('.') + 1);
        final Set<String> valid = new TreeSet<>(asked);
        prefixes.forEach(prefix -> valid.add(prefix + "*"));
        final Set<String> inFamily = new TreeSet<>();
        final Set<String> families = new TreeSet<>();
        for (final String known : valid)
        {
            families.add(known.substring(0, known.indexOf('.') + 1));
            if (!family.isEmpty() && known.startsWith(family))
            {
                inFamily.add(known);
            }
        }
        families.remove("");
        return inFamily.isEmpty()
            ? "valid keys start with " + String.join(", ", families)
            : "valid " + family + "* keys: " + String.join(", ", inFamily);
    }
}
