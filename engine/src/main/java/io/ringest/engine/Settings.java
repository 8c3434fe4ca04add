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
 * start-up at a key nothing reads. Each getter also records the setting in force, the value given (even empty) or else
 * its default, for {@link #inForce()}. Read by one thread, during start-up.
 */
public final class Settings
{
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> values;
    private final Set<String> asked = new TreeSet<>();
    private final Set<String> prefixes = new TreeSet<>();
    private final Map<String, String> inForce = new TreeMap<>();

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
        inForce.put(key, value != null ? value : defaultValue == null ? "" : defaultValue);
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    /**
     * Every key asked for or handed out under a prefix, with the value in force: the one given, even empty, or else the
     * getter's default ({@code ""} where there is none); sizes and durations as written, defaults as {@code 32MiB},
     * {@code 500ms}. Secrets included: mask them before showing them.
     */
    public Map<String, String> inForce()
    {
        return Map.copyOf(inForce);
    }

    /**
     * True if {@code key} was given with an empty value, which a getter takes as its default; for a setting where empty
     * means something else (a port: none), which then is the value in force. Asks for the key.
     */
    public boolean givenEmpty(final String key)
    {
        asked.add(key);
        final boolean empty = "".equals(values.get(key));
        if (empty)
        {
            inForce.put(key, "");
        }
        return empty;
    }

    /**
     * Records {@code defaultText} as {@code key}'s value in force where it was not given or given empty: the typed
     * getters' defaults, and those of keys read without a default whose reader applies one.
     */
    public void defaultInForce(final String key, final String defaultText)
    {
        final String value = values.get(key);
        if (value == null || value.isEmpty())
        {
            inForce.put(key, defaultText);
        }
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
        defaultInForce(key, Integer.toString(defaultValue));
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
        defaultInForce(key, sizeText(defaultValue));
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
        defaultInForce(key, durationText(defaultNanos));
        return parsed;
    }

    /** {@code bytes} in the largest unit that holds it whole: {@code 32MiB}, {@code 2k}, {@code 1000}. */
    static String sizeText(final long bytes)
    {
        final String[] units = {"GiB", "MiB", "k"};
        for (int i = 0; i < units.length; i++)
        {
            final int shift = 30 - 10 * i;
            if (bytes != 0 && bytes % (1L << shift) == 0)
            {
                return (bytes >> shift) + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** {@code nanos} in the largest unit that holds it whole: {@code 2m}, {@code 15s}, {@code 500ms}, {@code 0}. */
    static String durationText(final long nanos)
    {
        final long[] unitNanos = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        final String[] units = {"h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < units.length && nanos != 0; i++)
        {
            if (nanos % unitNanos[i] == 0)
            {
                return nanos / unitNanos[i] + units[i];
            }
        }
        return "0";
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
                inForce.putIfAbsent(k, v);
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
