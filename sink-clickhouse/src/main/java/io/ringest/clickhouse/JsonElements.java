package io.ringest.clickhouse;

/**
 * Walks the elements of one JSON array, or the members of one JSON object, in place: where each element (or member
 * value) starts and ends, whether a string is plain (no escapes, ASCII only: its body is already the UTF-8 to store)
 * and, for objects, where each key's body lies. Brackets and strings were balanced by {@link JsonFieldIndex}'s pass;
 * this checks the rest: commas and colons, and that a bare word is {@code true}, {@code false}, {@code null} or a JSON
 * number. One instance per encoder thread; allocates nothing but the error text of a malformed value.
 */
final class JsonElements
{
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
     * Opens the array (or, if {@code members}, the object) {@code json[from..to)}, from its first bracket to the matching
     * one, and returns how many items it holds, or -1 with {@link #error()} if it is malformed. The walk then starts
     * before the first item.
     */
    int open(final byte[] json, final int from, final int to, final boolean members)
    {
        reset(json, from, to);
        int n = 0;
        while (members ? nextMember() : next())
        {
            n++;
        }
        if (error != null)
        {
            return -1;
        }
        reset(json, from, to);
        return n;
    }

    private void reset(final byte[] json, final int from, final int to)
    {
        this.json = json;
        this.position = from + 1;
        this.close = to - 1;
        this.count = 0;
        this.error = null;
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
            if (!isWord(start, end) && !JsonNumbers.isNumber(json, start, end))
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
        boolean simple = true;
        int i = from;
        while (json[i] != '"')
        {
            simple &= json[i] >= 0 && json[i] != '\\';
            i += json[i] == '\\' ? 2 : 1;
        }
        plain = simple;
        return i + 1;
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

    private boolean isWord(final int from, final int to)
    {
        return matches(from, to, "true") || matches(from, to, "false") || matches(from, to, "null");
    }

    private boolean matches(final int from, final int to, final String word)
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

    private int skipWhitespace(final int from)
    {
        int i = from;
        while (i < close && JsonFieldIndex.isWhitespace(json[i]))
        {
            i++;
        }
        return i;
    }

    private boolean fail(final String reason)
    {
        error = "not JSON: " + reason;
        return false;
    }
}
