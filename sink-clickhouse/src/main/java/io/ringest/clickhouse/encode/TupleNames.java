package io.ringest.clickhouse.encode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The element names of a named {@code Tuple(a T1, `b c` T2)}, in order, as UTF-8 bytes, so that the decoded key of a
 * JSON member is matched without allocating. Names are read as {@code DESCRIBE} prints them: bare identifiers, or in
 * backquotes with backslash escapes. Immutable and thread-safe.
 */
final class TupleNames
{
    private final byte[][] names;

    private TupleNames(final byte[][] names)
    {
        this.names = names;
    }

    /** The names, or null if two are equal, which ClickHouse does not allow. */
    static TupleNames of(final List<byte[]> names)
    {
        for (int i = 0; i < names.size(); i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (Arrays.equals(names.get(i), names.get(j)))
                {
                    return null;
                }
            }
        }
        return new TupleNames(names.toArray(new byte[0][]));
    }

    /**
     * Where the name of a tuple element such as {@code a UInt8} or {@code `a b` UInt8} ends, or -1 if the element is a
     * bare type ({@code UInt8}, {@code Nullable(String)}): a name is followed by whitespace and then its type.
     */
    static int nameEnd(final String element)
    {
        int i = 0;
        if (element.startsWith("`"))
        {
            i = EnumValues.quoted(element, 1, '`', new ByteArrayOutputStream());
        }
        else
        {
            while (i < element.length() && isIdentifier(element.charAt(i)))
            {
                i++;
            }
        }
        return i > 0 && i < element.length() && Character.isWhitespace(element.charAt(i)) ? i : -1;
    }

    /** The UTF-8 bytes of a name as {@link #nameEnd} delimits it, backquotes and escapes removed; null if malformed. */
    static byte[] unquote(final String name)
    {
        if (!name.startsWith("`"))
        {
            return name.getBytes(StandardCharsets.UTF_8);
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        return EnumValues.quoted(name, 1, '`', bytes) == name.length() ? bytes.toByteArray() : null;
    }

    private static boolean isIdentifier(final char c)
    {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    int size()
    {
        return names.length;
    }

    /** The element named by the UTF-8 bytes {@code bytes[from..from+length)}, or -1; allocates nothing. */
    int indexOf(final byte[] bytes, final int from, final int length)
    {
        for (int i = 0; i < names.length; i++)
        {
            final byte[] name = names[i];
            if (name.length == length && Arrays.equals(name, 0, length, bytes, from, from + length))
            {
                return i;
            }
        }
        return -1;
    }

    /** Element {@code index}'s name as text, for messages. */
    String name(final int index)
    {
        return new String(names[index], StandardCharsets.UTF_8);
    }

    /** {@code Tuple(T1, T2)}, or {@code Tuple(a T1, b T2)} with {@code names}, for messages. */
    static String display(final List<ClickHouseType> elements, final TupleNames names)
    {
        final StringJoiner text = new StringJoiner(", ", "Tuple(", ")");
        for (int i = 0; i < elements.size(); i++)
        {
            text.add(names == null ? elements.get(i).displayName() : names.name(i) + " " + elements.get(i).displayName());
        }
        return text.toString();
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof TupleNames that && Arrays.deepEquals(names, that.names);
    }

    @Override
    public int hashCode()
    {
        return Arrays.deepHashCode(names);
    }

    @Override
    public String toString()
    {
        final StringJoiner text = new StringJoiner(", ");
        for (int i = 0; i < names.length; i++)
        {
            text.add(name(i));
        }
        return text.toString();
    }
}
