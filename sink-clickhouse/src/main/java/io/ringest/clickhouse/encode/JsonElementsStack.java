package io.ringest.clickhouse.encode;

import java.util.Arrays;

/**
 * One {@link JsonElements} walk per nesting depth, so that arrays, maps and tuples nested in one another each keep their
 * own place: {@code Array(Tuple(String, Array(UInt8)))} walks the outer array at depth 0, each tuple at depth 1 and each
 * inner array at depth 2. A depth's walk is made on its first visit and reused after. One instance per encoder thread.
 */
final class JsonElementsStack
{
    private JsonElements[] walks = new JsonElements[4];
    private int depth = -1;

    /** Opens a walk over the array or object {@code json[from..to)} one level deeper; pair with {@link #close()}. */
    JsonElements open(final byte[] json, final int from, final int to)
    {
        depth++;
        if (depth == walks.length)
        {
            walks = Arrays.copyOf(walks, depth * 2);
        }
        if (walks[depth] == null)
        {
            walks[depth] = new JsonElements();
        }
        final JsonElements walk = walks[depth];
        walk.open(json, from, to);
        return walk;
    }

    /** Ends the innermost walk. */
    void close()
    {
        depth--;
    }

    /** The depth of the innermost open walk, from 0; -1 if none is open. */
    int depth()
    {
        return depth;
    }
}
