package io.ringest.clickhouse.encode;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * First pass over one JSON object: walks its top level with dsl-json's reader, finds each key with
 * {@link QuoteScanner} and looks it up by its bytes, crosses strings with {@link QuoteScanner} and arrays and objects
 * with {@link JsonSkipper} (both eight bytes at a time, checking they are well formed), and records where each planned
 * column's value starts and ends in the input, following nested paths into objects, so the row can then be written in
 * table order. Duplicate keys: the last one wins. One instance per encoder thread;
 * nothing is allocated unless the input is malformed.
 */
final class JsonFieldIndex
{
    private static final DslJson<Object> DSL_JSON = new DslJson<>(
        new DslJson.Settings<>().errorInfo(JsonReader.ErrorInfo.DESCRIPTION_ONLY));

    private static final VarHandle CURRENT_INDEX;

    static
    {
        try
        {
            CURRENT_INDEX = MethodHandles.privateLookupIn(JsonReader.class, MethodHandles.lookup())
                .findVarHandle(JsonReader.class, "currentIndex", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int INVALID_KEY = -2;

    private final ColumnPlan plan;
    private final JsonReader<Object> reader;
    private final JsonStringDecoder keys = new JsonStringDecoder();
    private final int[] rootStarts;
    private final int[] rootEnds;
    private final boolean[] rootPlain;
    private final JsonElements members = new JsonElements();
    private final int[] starts;
    private final int[] ends;
    private final boolean[] plain;
    private final QuoteScanner quotes = new QuoteScanner();
    private final JsonSkipper structures = new JsonSkipper();
    private final MapPrewriter maps;
    /** Per key position in the object, the root the key there had last time, or -1: see {@link ColumnPlan#keyAt}. */
    private final int[] guesses = new int[64];
    private boolean plainString;
    private String error;

    JsonFieldIndex(final ColumnPlan plan, final MapPrewriter maps)
    {
        this.plan = plan;
        this.maps = maps;
        this.reader = DSL_JSON.newReader(new byte[0], 0);
        this.rootStarts = new int[plan.roots()];
        this.rootEnds = new int[plan.roots()];
        this.rootPlain = new boolean[plan.roots()];
        this.starts = new int[plan.size()];
        this.ends = new int[plan.size()];
        this.plain = new boolean[plan.size()];
        Arrays.fill(guesses, -1);
    }

    /** Start of column {@code index}'s value in the input (its first byte), or -1 if the field is absent. */
    int start(final int index)
    {
        return starts[index];
    }

    /** End (exclusive) of column {@code index}'s value, trailing whitespace excluded. */
    int end(final int index)
    {
        return ends[index];
    }

    /** True if column {@code index}'s value is a string with no escapes and only ASCII: its body needs no decoding. */
    boolean plain(final int index)
    {
        return plain[index];
    }

    String error()
    {
        return error;
    }

    /** Indexes {@code json[0..length)}; false with {@link #error()} if it is not one well-formed JSON object. */
    boolean scan(final byte[] json, final int length)
    {
        Arrays.fill(starts, -1);
        maps.clear();
        if (plan.nested().length > 0)
        {
            Arrays.fill(rootStarts, -1);
        }
        reader.process(json, length);
        try
        {
            if (length == 0 || reader.getNextToken() != '{')
            {
                return length == 0 ? fail("empty value") : fail("starts with '" + (char)reader.last() + "' at byte "
                    + (reader.getCurrentIndex() - 1));
            }
            final byte token = reader.getNextToken() == '}' ? (byte)'}' : fields(json);
            if (token != '}')
            {
                return token != 0 && fail("expected ',' or '}' at byte " + (reader.getCurrentIndex() - 1)
                    + ", found '" + (char)token + "'");
            }
            for (int i = reader.getCurrentIndex(); i < length; i++)
            {
                if (!isWhitespace(json[i]))
                {
                    return fail("unexpected '" + (char)json[i] + "' after the object at byte " + i);
                }
            }
            return resolve(json);
        }
        catch (final IOException | RuntimeException e)
        {
            final String message = String.valueOf(e.getMessage());
            return message.contains("end of JSON input") || reader.getCurrentIndex() > length
                ? fail("unexpected end of input at byte " + length)
                : fail(message + " at byte " + (reader.getCurrentIndex() - 1));
        }
    }

    /** Reads the fields after '{'; returns the token after the last value, or 0 with {@link #error()} set. */
    private byte fields(final byte[] json) throws IOException
    {
        byte token;
        int position = 0;
        do
        {
            if (reader.last() != '"')
            {
                fail("expected a quoted key at byte " + (reader.getCurrentIndex() - 1));
                return 0;
            }
            final int keyStart = reader.getCurrentIndex();
            final int guess = position < guesses.length ? guesses[position] : -1;
            final int root;
            if (guess >= 0 && plan.keyAt(guess, json, keyStart, reader.length()))
            {
                root = guess;
                CURRENT_INDEX.set(reader, keyStart + plan.rootLength(root) + 1);
            }
            else
            {
                root = findKey(json, keyStart, position);
                if (root == INVALID_KEY)
                {
                    return 0;
                }
            }
            position++;
            if (reader.getNextToken() != ':')
            {
                fail("expected ':' after the key at byte " + (reader.getCurrentIndex() - 1) + ", found '"
                    + (char)reader.last() + "'");
                return 0;
            }
            reader.getNextToken();
            final int start = reader.getCurrentIndex() - 1;
            if (reader.last() == '"')
            {
                final int close = quotes.close(json, start + 1, reader.length());
                if (close < 0)
                {
                    fail("unexpected end of input at byte " + reader.length());
                    return 0;
                }
                plainString = quotes.plain();
                CURRENT_INDEX.set(reader, close + 1);
                token = reader.getNextToken();
            }
            else if (reader.last() == '{' || reader.last() == '[')
            {
                plainString = false;
                final int map = root >= 0 && reader.last() == '{' ? plan.mapOf(root) : -1;
                final int written = map >= 0 ? maps.write(map, json, start, reader.length()) : -1;
                final int after = written >= 0 ? written : structures.skip(json, start, reader.length());
                if (after < 0)
                {
                    fail(structures.error());
                    return 0;
                }
                CURRENT_INDEX.set(reader, after);
                token = reader.getNextToken();
            }
            else
            {
                plainString = false;
                token = reader.skip();
            }
            int end = reader.getCurrentIndex() - 1;
            while (end > start && isWhitespace(json[end - 1]))
            {
                end--;
            }
            if (!isValue(json, start, end))
            {
                fail("invalid value at byte " + start);
                return 0;
            }
            if (root >= 0)
            {
                for (final int column : plan.direct(root))
                {
                    starts[column] = start;
                    ends[column] = end;
                    plain[column] = plainString;
                }
                if (plan.nestedBelow(root))
                {
                    rootStarts[root] = start;
                    rootEnds[root] = end;
                    rootPlain[root] = plainString;
                }
            }
        }
        while (token == ',' && reader.getNextToken() != 0);
        return token;
    }

    /**
     * Finds the value of each column reading a nested path (the first pass filled the others): the value reached by
     * following the keys below its root through nested objects (of duplicate keys, the last). A path that meets a
     * missing key or a value that is not an object leaves the column absent. False with {@link #error()} if a nested
     * object on the way is malformed.
     */
    private boolean resolve(final byte[] json)
    {
        for (final int i : plan.nested())
        {
            final int root = plan.rootOf(i);
            starts[i] = rootStarts[root];
            ends[i] = rootEnds[root];
            plain[i] = rootPlain[root];
            for (final byte[] key : plan.rest(i))
            {
                if (starts[i] >= 0 && !descend(json, i, key))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /** Moves column {@code i}'s value to its member {@code key}, or makes it absent; false with an error if malformed. */
    private boolean descend(final byte[] json, final int i, final byte[] key)
    {
        final int from = starts[i];
        starts[i] = -1;
        if (json[from] != '{')
        {
            return true;
        }
        members.open(json, from, ends[i]);
        int found = -1;
        int end = 0;
        boolean isPlain = false;
        while (members.nextMember())
        {
            if (keyEquals(json, key))
            {
                found = members.start();
                end = members.end();
                isPlain = members.plain();
            }
        }
        if (members.error() != null)
        {
            return fail(members.error());
        }
        starts[i] = found;
        ends[i] = end;
        plain[i] = isPlain;
        return true;
    }

    private boolean keyEquals(final byte[] json, final byte[] key)
    {
        final int from = members.keyStart();
        final int to = members.keyEnd();
        if (members.keyPlain())
        {
            return Arrays.equals(json, from, to, key, 0, key.length);
        }
        final int length = keys.decode(json, from, to);
        return length >= 0 && Arrays.equals(keys.scratch(), 0, length, key, 0, key.length);
    }

    /**
     * The root of the key whose body starts at {@code from}, or -1 for an unknown one, with the reader moved past it;
     * {@link #INVALID_KEY} with {@link #error()} if it is not closed or does not decode. A key found as written becomes
     * the guess for its position in the next record.
     */
    private int findKey(final byte[] json, final int from, final int position)
    {
        final int close = quotes.close(json, from, reader.length());
        if (close < 0)
        {
            fail("unexpected end of input at byte " + reader.length());
            return INVALID_KEY;
        }
        CURRENT_INDEX.set(reader, close + 1);
        if (quotes.escaped())
        {
            return findEscaped(json, from, close);
        }
        final int root = plan.find(json, from, close - from);
        if (position < guesses.length)
        {
            guesses[position] = root;
        }
        return root;
    }

    /**
     * The column of a key written with escapes ({@code "\u006cevel"} is {@code level}, as for ClickHouse's own JSON
     * input): the key is decoded and looked up by its bytes. {@link #INVALID_KEY} with {@link #error()} if it does not
     * decode.
     */
    private int findEscaped(final byte[] json, final int from, final int close)
    {
        final int length = keys.decode(json, from, close);
        if (length < 0)
        {
            fail(keys.error() + " in the key at byte " + (from - 1));
            return INVALID_KEY;
        }
        return plan.find(keys.scratch(), 0, length);
    }

    /** dsl-json skips scalars loosely; this rejects bare words and malformed numbers at the top level. */
    private static boolean isValue(final byte[] json, final int start, final int end)
    {
        final byte first = json[start];
        return first == '"' || first == '{' || first == '[' || first == 't' || first == 'f' || first == 'n'
            || JsonNumbers.isNumber(json, start, end);
    }

    private boolean fail(final String detail)
    {
        error = "not a JSON object: " + detail;
        return false;
    }

    static boolean isWhitespace(final byte b)
    {
        // One compare for the usual byte, which is above the space (non-ASCII bytes are negative, hence the second).
        return b <= ' ' && b >= '\t' && (b == ' ' || b == '\n' || b == '\r' || b == '\t');
    }
}
