package io.ringest.clickhouse.encode;

/**
 * Walks the elements of one JSON array, or the members of one JSON object, in place: where each element (or member
 * value) starts and ends, whether a string is plain (no escapes, ASCII only: its body is already the UTF-8 to store)
 * and, for objects, where each key's body lies. Brackets and strings were balanced by {@link JsonFieldIndex}'s pass;
 * this checks the rest: commas and colons, and that a bare word is {@code true}, {@code false}, {@code null} or a JSON
 * number. One instance per encoder thread; allocates nothing but the error text of a malformed value.
 */
final class JsonElements
{
    private final QuoteScanner quotes = new QuoteScanner();
    private byte[] json;
    private int position;
    private int close;
    private int count;
    private int start;
    private int end;
    private boolean plain;
    private int keyStart;
    private int keyEnd;
    private boolean keyPlain;
    private String error;

    /**
     * Starts at the {@code [} or <code>{</code> of {@code json[from..to)}, which ends with the matching bracket; the walk
     * then stands before the first item. A malformed item shows up as {@link #error()} when the walk reaches it.
     */
    void open(final byte[] json, final int from, final int to)
    {
        this.json = json;
        this.position = from + 1;
        this.close = to - 1;
        this.count = 0;
        this.error = null;
    }

    /** True if the array or object just opened holds no item. */
    boolean empty()
    {
        return skipWhitespace(position) == close;
    }

    /** Items walked so far. */
    int count()
    {
        return count;
    }

    /** Moves to the next array element; false at the closing bracket, or with {@link #error()} if malformed. */
    boolean next()
    {
        return separator() && value();
    }

    /** Moves to the next object member, its key then its value; false at the end, or with {@link #error()}. */
    boolean nextMember()
    {
        if (!separator())
        {
            return false;
        }
        if (json[position] != '"')
        {
            return fail("expected a quoted key at byte " + position);
        }
        keyStart = position + 1;
        keyEnd = stringEnd(keyStart) - 1;
        keyPlain = plain;
        position = skipWhitespace(keyEnd + 1);
        if (json[position] != ':')
        {
            return fail("expected ':' after a key at byte " + position);
        }
        position = skipWhitespace(position + 1);
        return value();
    }

    int start()
    {
        return start;
    }

    int end()
    {
        return end;
    }

    boolean plain()
    {
        return plain;
    }

    int keyStart()
    {
        return keyStart;
    }

    int keyEnd()
    {
        return keyEnd;
    }

    boolean keyPlain()
    {
        return keyPlain;
    }

    String error()
    {
        return error;
    }

    /** Skips to the next item: past the comma that must follow every item but the last. False at the end. */
    private boolean separator()
    {
        position = skipWhitespace(position);
        if (count > 0)
        {
            if (position == close)
            {
                return false;
            }
            if (json[position] != ',')
            {
                return fail("expected ',' or '" + (char)json[close] + "' at byte " + position);
            }
            position = skipWhitespace(position + 1);
        }
        if (position == close)
        {
            return count == 0 ? false : fail("expected a value after ',' at byte " + position);
        }
        count++;
        return true;
    }

    private boolean value()
    {
        start = position;
        final byte first = json[position];
        if (first == '"')
        {
            end = stringEnd(position + 1);
        }
        else if (first == '[' || first == '{')
        {
            end = structureEnd(position);
            plain = false;
        }
        else
        {
            plain = false;
            int i = position;
            while (i < close && json[i] != ',' && !JsonFieldIndex.isWhitespace(json[i]))
            {
                i++;
            }
            end = i;
            if (end == start)
            {
                return fail("expected a value at byte " + start);
            }
            if (!JsonSkipper.isWord(json, start, end) && !JsonNumbers.isNumber(json, start, end))
            {
                return fail("invalid value at byte " + start);
            }
        }
        position = end;
        return true;
    }

    /** The index after the quote closing the string whose body starts at {@code from}; sets {@link #plain}. */
    private int stringEnd(final int from)
    {
        final int quote = quotes.close(json, from, close);
        plain = quotes.plain();
        return quote < 0 ? close : quote + 1;
    }

    /** The index after the bracket matching the one at {@code from}. */
    private int structureEnd(final int from)
    {
        int depth = 0;
        int i = from;
        do
        {
            final byte b = json[i];
            if (b == '"')
            {
                i = stringEnd(i + 1);
                continue;
            }
            depth += b == '[' || b == '{' ? 1 : b == ']' || b == '}' ? -1 : 0;
            i++;
        }
        while (depth > 0);
        return i;
    }

    private int skipWhitespace(final int from)
    {
        return JsonSkipper.whitespace(json, from, close);
    }

    private boolean fail(final String reason)
    {
        error = "not JSON: " + reason;
        return false;
    }
}
