package io.ringest.clickhouse;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds one field's value in a JSON object without reading the rest, to route a record before it is encoded: dsl-json
 * walks the top-level keys (of duplicate keys the last wins, as for the encoder; a key written with escapes is matched
 * by what it decodes to), then the path's keys lead through nested objects. One instance per router, on the batching
 * thread; allocates nothing unless the record is malformed.
 */
final class FieldProbe
{
    private static final DslJson<Object> DSL_JSON = new DslJson<>(
        new DslJson.Settings<>().errorInfo(JsonReader.ErrorInfo.DESCRIPTION_ONLY));

    private final FieldPath path;
    private final byte[][] keys;
    private final JsonReader<Object> reader = DSL_JSON.newReader(new byte[0], 0);
    private final JsonStringDecoder decoder = new JsonStringDecoder();
    private final JsonElements members = new JsonElements();
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
        start = -1;
        try
        {
            found = top(json, length) && nested(json);
        }
        catch (final IOException | RuntimeException | StackOverflowError e)
        {
            error = "not a JSON object: " + e.getMessage();
            found = false;
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

    /** Where the value found ends, exclusive, trailing whitespace excluded. */
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
        if (!hasEscape(json, start + 1, end - 1))
        {
            return Arrays.equals(json, start + 1, end - 1, expected, 0, expected.length);
        }
        final int length = decoder.decode(json, start + 1, end - 1);
        return length >= 0 && Arrays.equals(decoder.scratch(), 0, length, expected, 0, expected.length);
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

    /** Walks the top-level members for the path's first key; the last one found wins. */
    private boolean top(final byte[] json, final int length) throws IOException
    {
        reader.process(json, length);
        if (length <= 0 || reader.getNextToken() != '{')
        {
            error = "not a JSON object";
            return false;
        }
        if (reader.getNextToken() == '}')
        {
            return false;
        }
        byte token;
        do
        {
            if (reader.last() != '"')
            {
                error = "not a JSON object: expected a quoted key at byte " + (reader.getCurrentIndex() - 1);
                return false;
            }
            final int keyStart = reader.getCurrentIndex();
            reader.fillName();
            final boolean match = reader.wasLastName(keys[0]) || escapedKeyEquals(json, keyStart, keys[0]);
            reader.getNextToken();
            final int valueStart = reader.getCurrentIndex() - 1;
            token = reader.skip();
            if (match)
            {
                start = valueStart;
                end = reader.getCurrentIndex() - 1;
                while (end > start && JsonFieldIndex.isWhitespace(json[end - 1]))
                {
                    end--;
                }
            }
        }
        while (token == ',' && reader.getNextToken() != 0);
        if (token != '}')
        {
            error = "not a JSON object: expected ',' or '}' at byte " + (reader.getCurrentIndex() - 1);
            return false;
        }
        return start >= 0;
    }

    /** Follows the path's keys below the top level through nested objects; false if one is missing. */
    private boolean nested(final byte[] json)
    {
        for (int k = 1; k < keys.length; k++)
        {
            if (json[start] != '{')
            {
                return false;
            }
            members.open(json, start, end);
            int found = -1;
            int foundEnd = 0;
            while (members.nextMember())
            {
                if (memberKeyEquals(json, keys[k]))
                {
                    found = members.start();
                    foundEnd = members.end();
                }
            }
            if (members.error() != null)
            {
                error = members.error();
                return false;
            }
            if (found < 0)
            {
                return false;
            }
            start = found;
            end = foundEnd;
        }
        return true;
    }

    private boolean memberKeyEquals(final byte[] json, final byte[] key)
    {
        if (members.keyPlain())
        {
            return Arrays.equals(json, members.keyStart(), members.keyEnd(), key, 0, key.length);
        }
        final int length = decoder.decode(json, members.keyStart(), members.keyEnd());
        return length >= 0 && Arrays.equals(decoder.scratch(), 0, length, key, 0, key.length);
    }

    /** True if the key whose body starts at {@code from} holds escapes and decodes to {@code key}. */
    private boolean escapedKeyEquals(final byte[] json, final int from, final byte[] key)
    {
        int close = from;
        while (json[close] != '"')
        {
            close += json[close] == '\\' ? 2 : 1;
        }
        if (!hasEscape(json, from, close))
        {
            return false;
        }
        final int length = decoder.decode(json, from, close);
        return length >= 0 && Arrays.equals(decoder.scratch(), 0, length, key, 0, key.length);
    }

    private static boolean hasEscape(final byte[] json, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (json[i] == '\\')
            {
                return true;
            }
        }
        return false;
    }
}
