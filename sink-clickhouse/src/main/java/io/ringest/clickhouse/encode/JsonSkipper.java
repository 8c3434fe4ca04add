package io.ringest.clickhouse.encode;

/**
 * Finds the end of one JSON array or object and checks that it is well formed on the way: keys quoted and followed by
 * a colon, items separated by commas, brackets matched, every bare word {@code true}, {@code false}, {@code null} or a
 * JSON number. Strings are crossed eight bytes at a time ({@link QuoteScanner}), and the walk is a loop over a stack
 * of open brackets rather than a recursion, so depth costs no thread stack; like ClickHouse's own parser
 * ({@code max_parser_depth}) it refuses more than {@value #MAX_DEPTH} levels. One instance per encoder thread;
 * allocates nothing but the error text of a malformed value.
 */
final class JsonSkipper
{
    static final int MAX_DEPTH = 1000;

    private final QuoteScanner quotes = new QuoteScanner();
    /** Per open bracket, from the outermost: true for an object, false for an array. */
    private final boolean[] objects = new boolean[MAX_DEPTH];
    private String error;

    /** Why the last {@link #skip} returned -1. */
    String error()
    {
        return error;
    }

    /** The index after the array or object whose bracket is {@code json[from]}, or -1 with {@link #error()}. */
    int skip(final byte[] json, final int from, final int end)
    {
        int depth = 0;
        int i = from;
        while (true)
        {
            if (i == end)
            {
                return endOfInput(end);
            }
            final byte first = json[i];
            if (first == '{' || first == '[')
            {
                if (depth == MAX_DEPTH)
                {
                    return fail("nested deeper than " + MAX_DEPTH + " levels at byte " + i);
                }
                objects[depth++] = first == '{';
                i = whitespace(json, i + 1, end);
                if (i == end || json[i] != (first == '{' ? '}' : ']'))
                {
                    i = first == '{' ? key(json, i, end) : i;
                    if (i < 0)
                    {
                        return -1;
                    }
                    continue;
                }
                depth--;
                i++;
            }
            else if (first == '"')
            {
                final int close = quotes.close(json, i + 1, end);
                if (close < 0)
                {
                    return endOfInput(end);
                }
                i = close + 1;
            }
            else
            {
                final int scalarEnd = scalarEnd(json, i, end);
                if (!isWord(json, i, scalarEnd) && !JsonNumbers.isNumber(json, i, scalarEnd))
                {
                    return fail((scalarEnd == i ? "expected a value at byte " : "invalid value at byte ") + i);
                }
                i = scalarEnd;
            }
            // After a value: close the brackets that follow it, up to the comma before the next item.
            while (true)
            {
                if (depth == 0)
                {
                    return i;
                }
                i = whitespace(json, i, end);
                if (i == end)
                {
                    return endOfInput(end);
                }
                final boolean object = objects[depth - 1];
                if (json[i] == ',')
                {
                    i = whitespace(json, i + 1, end);
                    i = object ? key(json, i, end) : i;
                    if (i < 0)
                    {
                        return -1;
                    }
                    break;
                }
                if (json[i] != (object ? '}' : ']'))
                {
                    return fail("expected ',' or '" + (object ? '}' : ']') + "' at byte " + i + ", found '"
                        + (char)json[i] + "'");
                }
                depth--;
                i++;
            }
        }
    }

    /** From a key's opening quote, the index of its value's first byte, or -1 with {@link #error()}. */
    private int key(final byte[] json, final int from, final int end)
    {
        if (from == end)
        {
            return endOfInput(end);
        }
        if (json[from] != '"')
        {
            return fail("expected a quoted key at byte " + from);
        }
        final int close = quotes.close(json, from + 1, end);
        final int colon = close < 0 ? end : whitespace(json, close + 1, end);
        if (colon == end)
        {
            return endOfInput(end);
        }
        if (json[colon] != ':')
        {
            return fail("expected ':' after a key at byte " + colon);
        }
        return whitespace(json, colon + 1, end);
    }

    private static int scalarEnd(final byte[] json, final int from, final int end)
    {
        int i = from;
        while (i < end && json[i] != ',' && json[i] != '}' && json[i] != ']' && !JsonFieldIndex.isWhitespace(json[i]))
        {
            i++;
        }
        return i;
    }

    /** The index of the first byte at or after {@code from} that is not JSON whitespace, or {@code end}. */
    static int whitespace(final byte[] json, final int from, final int end)
    {
        int i = from;
        while (i < end && JsonFieldIndex.isWhitespace(json[i]))
        {
            i++;
        }
        return i;
    }

    /** True if {@code json[from..to)} is {@code true}, {@code false} or {@code null}. */
    static boolean isWord(final byte[] json, final int from, final int to)
    {
        return is(json, from, to, "true") || is(json, from, to, "false") || is(json, from, to, "null");
    }

    private static boolean is(final byte[] json, final int from, final int to, final String word)
    {
        if (to - from != word.length())
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            if (json[from + i] != word.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private int endOfInput(final int end)
    {
        return fail("unexpected end of input at byte " + end);
    }

    private int fail(final String reason)
    {
        error = reason;
        return -1;
    }
}
