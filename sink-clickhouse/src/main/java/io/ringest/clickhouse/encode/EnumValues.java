package io.ringest.clickhouse.encode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The names and values of an {@code Enum8} or {@code Enum16}, parsed once from the server's spelling
 * {@code 'a' = 1, 'it\'s' = -2} (names quoted as ClickHouse quotes them: {@code \'}, {@code ''}, {@code \\}, {@code \n}
 * and the other C escapes, {@code \xHH}). Names are kept as UTF-8 bytes so a decoded JSON string is looked up without
 * allocating. Immutable and thread-safe.
 */
public final class EnumValues
{
    /** What {@link #valueOf} returns for a name that is not in the enum. */
    static final int NOT_FOUND = Integer.MIN_VALUE;

    private final String text;
    private final byte[][] names;
    private final int[] values;
    private final int smallest;

    private EnumValues(final String text, final byte[][] names, final int[] values)
    {
        this.text = text;
        this.names = names;
        this.values = values;
        this.smallest = Arrays.stream(values).min().orElseThrow();
    }

    /** Parses the body of {@code Enum8(...)}; null unless every value is in [min, max] and names and values are unique. */
    static EnumValues parse(final String body, final long min, final long max)
    {
        final ByteArrayOutputStream name = new ByteArrayOutputStream();
        byte[][] names = new byte[0][];
        int[] values = new int[0];
        int i = skipSpaces(body, 0);
        while (i < body.length() && body.charAt(i) == '\'')
        {
            name.reset();
            i = quoted(body, i + 1, '\'', name);
            i = i < 0 ? -1 : skipSpaces(body, i);
            if (i < 0 || i >= body.length() || body.charAt(i) != '=')
            {
                return null;
            }
            final int from = skipSpaces(body, i + 1);
            i = from < body.length() && body.charAt(from) == '-' ? from + 1 : from;
            while (i < body.length() && Character.isDigit(body.charAt(i)) && i - from < 7)
            {
                i++;
            }
            final long value = i > from && body.charAt(i - 1) != '-' ? Long.parseLong(body.substring(from, i)) : min - 1;
            final byte[] bytes = name.toByteArray();
            if (value < min || value > max || indexOfName(names, bytes) >= 0 || indexOfValue(values, (int)value) >= 0)
            {
                return null;
            }
            names = Arrays.copyOf(names, names.length + 1);
            names[names.length - 1] = bytes;
            values = Arrays.copyOf(values, values.length + 1);
            values[values.length - 1] = (int)value;
            i = skipSpaces(body, i);
            if (i < body.length() && body.charAt(i) == ',')
            {
                i = skipSpaces(body, i + 1);
                if (i == body.length())
                {
                    return null;
                }
            }
            else
            {
                break;
            }
        }
        return i == body.length() && names.length > 0 ? new EnumValues(body, names, values) : null;
    }

    /**
     * Reads the body of a name quoted with {@code quote} ({@code '} or a backquote) from {@code at}, after the opening
     * quote, as UTF-8 into {@code name}; the index after the closing quote, or -1.
     */
    static int quoted(final String body, final int at, final char quote, final ByteArrayOutputStream name)
    {
        int i = at;
        while (i < body.length())
        {
            final char c = body.charAt(i);
            if (c == quote && i + 1 < body.length() && body.charAt(i + 1) == quote)
            {
                name.write(quote);
                i += 2;
            }
            else if (c == quote)
            {
                return i + 1;
            }
            else if (c == '\\' && i + 1 < body.length())
            {
                i = escape(body, i + 1, name);
            }
            else
            {
                final int code = body.codePointAt(i);
                name.writeBytes(new String(Character.toChars(code)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(code);
            }
        }
        return -1;
    }

    private static int escape(final String body, final int at, final ByteArrayOutputStream name)
    {
        final char c = body.charAt(at);
        if (c == 'x' && at + 2 < body.length() && Character.digit(body.charAt(at + 1), 16) >= 0
            && Character.digit(body.charAt(at + 2), 16) >= 0)
        {
            name.write(Integer.parseInt(body.substring(at + 1, at + 3), 16));
            return at + 3;
        }
        final int index = "bfnrt0ave".indexOf(c);
        name.write(index >= 0 ? "\b\f\n\r\t\0\u0007\u000B\u001B".charAt(index) : c);
        return at + 1;
    }

    private static int skipSpaces(final String body, final int from)
    {
        int i = from;
        while (i < body.length() && Character.isWhitespace(body.charAt(i)))
        {
            i++;
        }
        return i;
    }

    private static int indexOfName(final byte[][] names, final byte[] name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (Arrays.equals(names[i], name))
            {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfValue(final int[] values, final int value)
    {
        for (int i = 0; i < values.length; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    /** The value named by the UTF-8 bytes {@code bytes[from..from+length)}, or {@link #NOT_FOUND}; allocates nothing. */
    int valueOf(final byte[] bytes, final int from, final int length)
    {
        for (int i = 0; i < names.length; i++)
        {
            final byte[] name = names[i];
            if (name.length == length && Arrays.equals(name, 0, length, bytes, from, from + length))
            {
                return values[i];
            }
        }
        return NOT_FOUND;
    }

    /** Whether {@code value} is one of the enum's values. */
    boolean hasValue(final long value)
    {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE && indexOfValue(values, (int)value) >= 0;
    }

    /** The smallest value: what ClickHouse stores for a missing field, as its default of the type. */
    int smallest()
    {
        return smallest;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof EnumValues that && Arrays.deepEquals(names, that.names) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode()
    {
        return 31 * Arrays.deepHashCode(names) + Arrays.hashCode(values);
    }

    /** The definition as the server spelled it, e.g. {@code 'a' = 1, 'b' = -2}. */
    @Override
    public String toString()
    {
        return text;
    }
}
