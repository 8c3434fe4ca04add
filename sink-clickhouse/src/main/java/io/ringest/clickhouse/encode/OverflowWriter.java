package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;

import java.util.Arrays;

/**
 * Writes the catch-all column(s) of one log: every field no other column reads, nested objects flattened to dotted
 * keys ({@code {"http":{"method":"GET"}}} gives {@code http.method}), values as text (a string decoded, anything else
 * as its JSON text, an empty object as {@code {}}). As a {@code Map(String, String)}, or the keys or the values alone
 * as an {@code Array(String)}. One instance per encoder thread; allocates nothing once its key buffer has grown.
 *
 * <pre>
 *   Map:    count  (key value)*      Array of keys:  count  key*      Array of values:  count  value*
 * </pre>
 */
final class OverflowWriter
{
    private static final int MAX_DEPTH = 32;

    private final Overflow overflow;
    private final ValueWriter values;
    private final JsonElements[] levels = new JsonElements[MAX_DEPTH];
    private final JsonStringDecoder strings = new JsonStringDecoder();
    private byte[] key = new byte[256];
    private int count;

    OverflowWriter(final Overflow overflow, final ValueWriter values)
    {
        this.overflow = overflow;
        this.values = values;
        for (int i = 0; i < MAX_DEPTH; i++)
        {
            levels[i] = new JsonElements();
        }
    }

    /** Writes {@code part} of the catch-all for the well-formed JSON object {@code json[0..length)}; null or why not. */
    String write(final byte[] json, final int length, final SourceColumn part, final RowBuffer out)
    {
        int from = 0;
        while (json[from] != '{')
        {
            from++;
        }
        int to = length;
        while (json[to - 1] != '}')
        {
            to--;
        }
        final int at = out.reserveVarInt();
        count = 0;
        levels[0].open(json, from, to);
        final String problem = flatten(json, 0, overflow.read(), 0, part, out);
        if (problem == null)
        {
            out.putVarInt(at, count);
        }
        return problem;
    }

    private String flatten(
        final byte[] json, final int depth, final Overflow.Node read, final int prefix, final SourceColumn part,
        final RowBuffer out)
    {
        final JsonElements walk = levels[depth];
        while (walk.nextMember())
        {
            final int keyEnd = appendKey(json, walk, depth, prefix);
            if (keyEnd < 0)
            {
                return strings.error();
            }
            final Overflow.Node child = read == null ? null : read.child(key, depth == 0 ? 0 : prefix + 1, keyEnd);
            if (child != null && child.covered)
            {
                continue;
            }
            final int start = walk.start();
            final int end = walk.end();
            final boolean nested = json[start] == '{' && depth + 1 < MAX_DEPTH;
            if (nested)
            {
                levels[depth + 1].open(json, start, end);
            }
            if (nested && !levels[depth + 1].empty())
            {
                final String problem = flatten(json, depth + 1, child, keyEnd, part, out);
                if (problem != null)
                {
                    return problem;
                }
                continue;
            }
            count++;
            if (part != SourceColumn.OVERFLOW_VALUES)
            {
                out.writeVarInt(keyEnd);
                out.writeBytes(key, 0, keyEnd);
            }
            if (part != SourceColumn.OVERFLOW_KEYS)
            {
                final String problem = values.writeString(json, start, end, walk.plain(), out);
                if (problem != null)
                {
                    return problem;
                }
            }
        }
        return walk.error();
    }

    /** Appends {@code .key} (or {@code key} at the top) to the key buffer after {@code prefix}; its new end, or -1. */
    private int appendKey(final byte[] json, final JsonElements members, final int depth, final int prefix)
    {
        final int from = members.keyStart();
        final int to = members.keyEnd();
        final byte[] bytes;
        final int offset;
        final int length;
        if (members.keyPlain())
        {
            bytes = json;
            offset = from;
            length = to - from;
        }
        else
        {
            length = strings.decode(json, from, to);
            if (length < 0)
            {
                return -1;
            }
            bytes = strings.scratch();
            offset = 0;
        }
        final int start = depth == 0 ? 0 : prefix + 1;
        if (key.length < start + length)
        {
            key = Arrays.copyOf(key, Math.max(key.length * 2, start + length));
        }
        if (depth > 0)
        {
            key[prefix] = '.';
        }
        System.arraycopy(bytes, offset, key, start, length);
        return start + length;
    }
}
