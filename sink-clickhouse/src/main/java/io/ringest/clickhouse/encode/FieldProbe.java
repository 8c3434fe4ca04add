package io.ringest.clickhouse.encode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds one field's value in a JSON object without reading the rest, to route a record before it is encoded: walks
 * the members of the object, then of each nested object the path leads into, skipping every other value (strings
 * eight bytes at a time). Of duplicate keys the last wins and a key written with escapes is matched by what it decodes
 * to, as for the encoder. The record is not validated here (its route's encoder does that); the walk only stays within
 * the record. One instance per router, on the batching thread; allocates nothing unless the record is malformed.
 */
final class FieldProbe
{
    private final FieldPath path;
    private final byte[][] keys;
    private final QuoteScanner quotes = new QuoteScanner();
    private final JsonStringDecoder decoder = new JsonStringDecoder();
    private int start;
    private int end;
    private boolean found;
    private String error;

    FieldProbe(final FieldPath path)
    {
        this.path = path;
        this.keys = new byte[path.segments().size()][];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = path.bytes(i);
        }
    }

    FieldPath path()
    {
        return path;
    }

    /**
     * Looks for the field in {@code json[0..length)}: true if it is there ({@link #start()}, {@link #end()}); false if
     * it is absent, or if the record is not a JSON object ({@link #error()} is then set).
     */
    boolean find(final byte[] json, final int length)
    {
        error = null;
        start = length <= 0 ? 0 : JsonSkipper.whitespace(json, 0, length);
        end = length;
        found = length > 0 && start < length && json[start] == '{';
        if (!found)
        {
            error = "not a JSON object";
            return false;
        }
        for (int k = 0; found && k < keys.length; k++)
        {
            found = json[start] == '{' && member(json, start, end, keys[k]);
        }
        return found;
    }

    /** What the last {@link #find} returned. */
    boolean found()
    {
        return found;
    }

    /** Where the value found starts (its first byte). */
    int start()
    {
        return start;
    }

    /** Where the value found ends, exclusive. */
    int end()
    {
        return end;
    }

    /** Why the last {@link #find} could not read the record, or null if it could. */
    String error()
    {
        return error;
    }

    /**
     * True if the value found equals {@code expected}: a string by its decoded UTF-8, any other value (a number,
     * {@code true}, {@code false}, {@code null}) by its JSON text as written.
     */
    boolean valueEquals(final byte[] json, final byte[] expected)
    {
        if (json[start] != '"')
        {
            return Arrays.equals(json, start, end, expected, 0, expected.length);
        }
        return textEquals(json, start + 1, end - 1, expected);
    }

    /** The value found as text, for a message: a string decoded, anything else as written; at most 100 characters. */
    String valueText(final byte[] json)
    {
        String text = new String(json, start, end - start, StandardCharsets.UTF_8);
        if (json[start] == '"')
        {
            final int length = decoder.decode(json, start + 1, end - 1);
            text = length < 0 ? text : new String(decoder.scratch(), 0, length, StandardCharsets.UTF_8);
        }
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    /**
     * Walks the members of the object at {@code json[from]}, which ends before {@code to}; true with {@link #start} and
     * {@link #end} on the value of the last member named {@code key}, false if there is none or the object is malformed.
     */
    private boolean member(final byte[] json, final int from, final int to, final byte[] key)
    {
        int at = JsonSkipper.whitespace(json, from + 1, to);
        int valueStart = -1;
        int valueEnd = -1;
        while (at < to && json[at] == '"')
        {
            final int keyClose = quotes.close(json, at + 1, to);
            final boolean match = keyClose >= 0 && (quotes.plain()
                ? Arrays.equals(json, at + 1, keyClose, key, 0, key.length) : textEquals(json, at + 1, keyClose, key));
            at = keyClose < 0 ? to : JsonSkipper.whitespace(json, keyClose + 1, to);
            if (at >= to || json[at] != ':')
            {
                return malformed("expected ':' after a key at byte " + at);
            }
            final int value = JsonSkipper.whitespace(json, at + 1, to);
            at = valueEnd(json, value, to);
            if (at < 0)
            {
                return malformed("invalid value at byte " + value);
            }
            valueStart = match ? value : valueStart;
            valueEnd = match ? at : valueEnd;
            at = JsonSkipper.whitespace(json, at, to);
            if (at < to && json[at] == ',')
            {
                at = JsonSkipper.whitespace(json, at + 1, to);
            }
            else if (at < to && json[at] == '}')
            {
                start = valueStart;
                end = valueEnd;
                return valueStart >= 0;
            }
            else
            {
                return malformed("expected ',' or '}' at byte " + at);
            }
        }
        return at < to && json[at] == '}' ? false : malformed("expected a quoted key at byte " + at);
    }

    /** The index after the value starting at {@code from}, or -1 if it does not end before {@code to}. */
    private int valueEnd(final byte[] json, final int from, final int to)
    {
        if (from >= to)
        {
            return -1;
        }
        final byte first = json[from];
        if (first == '"')
        {
            final int close = quotes.close(json, from + 1, to);
            return close < 0 ? -1 : close + 1;
        }
        if (first != '{' && first != '[')
        {
            int i = from;
            while (i < to && json[i] != ',' && json[i] != '}' && json[i] != ']' && !JsonFieldIndex.isWhitespace(json[i]))
            {
                i++;
            }
            return i;
        }
        int depth = 0;
        for (int i = from; i < to; i++)
        {
            final byte b = json[i];
            if (b == '"')
            {
                i = quotes.close(json, i + 1, to);
                if (i < 0)
                {
                    return -1;
                }
                continue;
            }
            depth += b == '{' || b == '[' ? 1 : b == '}' || b == ']' ? -1 : 0;
            if (depth == 0)
            {
                return i + 1;
            }
        }
        return -1;
    }

    /** True if the JSON string body {@code json[from..to)} decodes to {@code expected}. */
    private boolean textEquals(final byte[] json, final int from, final int to, final byte[] expected)
    {
        int i = from;
        while (i < to && json[i] != '\\')
        {
            i++;
        }
        if (i == to)
        {
            return Arrays.equals(json, from, to, expected, 0, expected.length);
        }
        final int length = decoder.decode(json, from, to);
        return length >= 0 && Arrays.equals(decoder.scratch(), 0, length, expected, 0, expected.length);
    }

    private boolean malformed(final String detail)
    {
        error = "not a JSON object: " + detail;
        return false;
    }
}
