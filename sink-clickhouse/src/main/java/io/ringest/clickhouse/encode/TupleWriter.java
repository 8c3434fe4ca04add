package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;

import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code Tuple(T1, T2, ...)}: RowBinary holds its elements back to back, each as its type. From a JSON array,
 * element by element, whose length must be the tuple's; a named {@code Tuple(a T1, b T2)} also from a JSON object, each
 * element from the member of its name (of duplicates the last), a missing one as the element's zero (NULL if Nullable),
 * other members ignored. One instance per encoder thread, owned by its {@link ValueWriter}.
 */
final class TupleWriter
{
    private final ValueWriter values;
    private final JsonStringDecoder strings;
    private final JsonElementsStack walks;
    /** Per walk depth, where each element's member value starts (-1 if absent) and ends, and whether it is plain. */
    private int[][] starts = new int[4][];
    private int[][] ends = new int[4][];
    private boolean[][] plains = new boolean[4][];

    TupleWriter(final ValueWriter values, final JsonStringDecoder strings, final JsonElementsStack walks)
    {
        this.values = values;
        this.strings = strings;
        this.walks = walks;
    }

    /** Writes the array or object {@code json[start..end)} as the tuple; null if written, else why not. */
    String write(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        if (json[start] == '[')
        {
            return writeArray(type, json, start, end, out);
        }
        if (json[start] == '{' && type.elementNames() != null)
        {
            return writeObject(type, json, start, end, out);
        }
        return JsonValueText.mismatch(type.elementNames() == null ? "an array" : "an array or an object", type, json,
            start, end);
    }

    /** Writes each element's zero: NULL for a Nullable one. */
    void writeZero(final ClickHouseType type, final RowBuffer out)
    {
        final List<ClickHouseType> elements = type.args();
        for (int i = 0; i < elements.size(); i++)
        {
            writeMissing(elements.get(i), out);
        }
    }

    private String writeArray(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final List<ClickHouseType> elements = type.args();
        final JsonElements walk = walks.open(json, start, end);
        try
        {
            int i = 0;
            while (walk.next())
            {
                if (i == elements.size())
                {
                    return arity(type, walk);
                }
                final String problem = values.writeElement(elements.get(i), json, walk.start(), walk.end(), walk.plain(), out);
                if (problem != null)
                {
                    return label(type, i) + ": " + problem;
                }
                i++;
            }
            return walk.error() != null ? walk.error() : i == elements.size() ? null : arity(type, walk);
        }
        finally
        {
            walks.close();
        }
    }

    /** One pass over the members finds each element's value; then the elements are written in tuple order. */
    private String writeObject(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final List<ClickHouseType> elements = type.args();
        final TupleNames names = type.elementNames();
        final JsonElements walk = walks.open(json, start, end);
        try
        {
            final int depth = walks.depth();
            reserve(depth, elements.size());
            final int[] from = starts[depth];
            final int[] to = ends[depth];
            final boolean[] plain = plains[depth];
            Arrays.fill(from, 0, elements.size(), -1);
            while (walk.nextMember())
            {
                final int index = elementOf(names, json, walk);
                if (index == -2)
                {
                    return "key " + JsonValueText.excerpt(json, walk.keyStart() - 1, walk.keyEnd() + 1) + ": " + strings.error();
                }
                if (index >= 0)
                {
                    from[index] = walk.start();
                    to[index] = walk.end();
                    plain[index] = walk.plain();
                }
            }
            if (walk.error() != null)
            {
                return walk.error();
            }
            for (int i = 0; i < elements.size(); i++)
            {
                final String problem = from[i] < 0 ? writeMissing(elements.get(i), out)
                    : values.writeElement(elements.get(i), json, from[i], to[i], plain[i], out);
                if (problem != null)
                {
                    return label(type, i) + ": " + problem;
                }
            }
            return null;
        }
        finally
        {
            walks.close();
        }
    }

    /** The element the walk's current key names, -1 for none, -2 for a key that does not decode. */
    private int elementOf(final TupleNames names, final byte[] json, final JsonElements walk)
    {
        if (walk.keyPlain())
        {
            return names.indexOf(json, walk.keyStart(), walk.keyEnd() - walk.keyStart());
        }
        final int length = strings.decode(json, walk.keyStart(), walk.keyEnd());
        return length < 0 ? -2 : names.indexOf(strings.scratch(), 0, length);
    }

    private String writeMissing(final ClickHouseType element, final RowBuffer out)
    {
        if (element.nullable())
        {
            out.writeByte(1);
        }
        else
        {
            values.writeZero(element, out);
        }
        return null;
    }

    private void reserve(final int depth, final int size)
    {
        if (depth >= starts.length)
        {
            starts = Arrays.copyOf(starts, depth * 2);
            ends = Arrays.copyOf(ends, depth * 2);
            plains = Arrays.copyOf(plains, depth * 2);
        }
        if (starts[depth] == null || starts[depth].length < size)
        {
            starts[depth] = new int[size];
            ends[depth] = new int[size];
            plains[depth] = new boolean[size];
        }
    }

    /** Failure path: counts the array's elements to name how many there are. */
    private static String arity(final ClickHouseType type, final JsonElements walk)
    {
        while (walk.next())
        {
            // counting
        }
        return walk.error() != null ? walk.error()
            : "expected an array of " + type.args().size() + (type.args().size() == 1 ? " element" : " elements") + " for "
                + type.displayName() + ", found " + walk.count();
    }

    /** {@code element 'status'}, or {@code element 2} for the second of an unnamed tuple, as ClickHouse numbers them. */
    private static String label(final ClickHouseType type, final int index)
    {
        return type.elementNames() == null ? "element " + (index + 1) : "element '" + type.elementNames().name(index) + "'";
    }
}
