package io.ringest.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ClickHouse server version as {@code SELECT version()} reports it, e.g. {@code 18.16.1} or {@code 24.8.4.13}.
 * Immutable; callers use it to pick what the server understands, such as {@link #supportsRowBinaryWithDefaults()}.
 *
 * @param major the year-based major version, e.g. 23
 * @param minor the release within the year, e.g. 7
 * @param patch the patch number, 0 if the server did not report one
 * @param text  the version as the server spelled it
 */
public record ServerVersion(int major, int minor, int patch, String text)
{
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    /** Parses {@code version()} output; throws {@link IllegalArgumentException} if it does not start with {@code major.minor}. */
    public static ServerVersion parse(final String text)
    {
        final String trimmed = text == null ? "" : text.trim();
        final Matcher m = VERSION.matcher(trimmed);
        if (!m.matches())
        {
            throw new IllegalArgumentException("not a ClickHouse version (expected major.minor[.patch...]): '" + text + "'");
        }
        final int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new ServerVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, trimmed);
    }

    public boolean isAtLeast(final int major, final int minor)
    {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    /** {@code RowBinaryWithDefaults} input arrived in ClickHouse 23.7 (changelog: "Add RowBinaryWithDefaults format", #51695). */
    public boolean supportsRowBinaryWithDefaults()
    {
        return isAtLeast(23, 7);
    }

    /**
     * {@code input_format_binary_read_json_as_string}, which reads a JSON column's RowBinary value as its text, arrived
     * in ClickHouse 24.10 (settings history, #70288).
     */
    public boolean supportsJsonAsString()
    {
        return isAtLeast(24, 10);
    }

    @Override
    public String toString()
    {
        return text;
    }
}
