package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes a {@code Map} column whose field is a top-level object while {@link JsonFieldIndex}'s first pass crosses that
 * object, into a scratch buffer that the row copies from when it reaches the column in table order. The object is
 * walked once, where otherwise the first pass skips it and the writer walks it again: in an OpenTelemetry log the
 * attribute maps are half the bytes. The walk checks what {@link JsonSkipper} checks; on anything malformed it gives up
 * and the first pass skips the object as before, which finds the same error. One instance per encoder thread, cleared
 * per record.
 *
 * <pre>
 *   scratch:  | entries of column a | entries of column b | ...     each entry: key as String, value as V
 *   row:      varint count, then the column's entries copied as they are
 * </pre>
 */
final class MapPrewriter
{
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ColumnPlan plan;
    private final ValueWriter values;
    private final QuoteScanner quotes = new QuoteScanner();
    private final JsonSkipper structures = new JsonSkipper();
    private final RowBuffer scratch = new RowBuffer(4096);
    /** Per column, where its value started when it was written, or -1: a later duplicate key may replace the value. */
    private final int[] at;
    private final int[] from;
    private final int[] to;
    private final int[] counts;
    private final String[] problems;
    /** Whether the value {@link #valueEnd} crossed last is a plain string. */
    private boolean valuePlain;
    /** Why the last {@link #writeString} or {@link #writeValue} could not write its value, or null. */
    private String stringProblem;

    MapPrewriter(final ColumnPlan plan, final ValueWriter values)
    {
        this.plan = plan;
        this.values = values;
        this.at = new int[plan.size()];
        this.from = new int[plan.size()];
        this.to = new int[plan.size()];
        this.counts = new int[plan.size()];
        this.problems = new String[plan.size()];
    }

    void clear()
    {
        scratch.clear();
        Arrays.fill(at, -1);
    }

    /** True if column {@code index} was written from the value that starts at {@code start}. */
    boolean wrote(final int index, final int start)
    {
        return at[index] == start;
    }

    /** Writes column {@code index}'s count and entries to the row; null, or why its value could not be written. */
    String copy(final int index, final RowBuffer out)
    {
        if (problems[index] != null)
        {
            return problems[index];
        }
        out.writeVarInt(counts[index]);
        out.writeBytes(scratch.array(), from[index], to[index] - from[index]);
        return null;
    }

    /**
     * Writes the object at {@code json[start]} (a <code>{</code>) as column {@code index}'s entries; returns the index
     * after its closing brace, or -1 if it is malformed, leaving the column unwritten. A value that cannot become the
     * map's value type is kept as the column's problem, and the walk goes on to the object's end.
     */
    int write(final int index, final byte[] json, final int start, final int end)
    {
        final ClickHouseType value = plan.slot(index).type().args().get(1);
        final boolean strings = value.kind() == ClickHouseType.Kind.STRING && !value.nullable();
        final int mark = scratch.size();
        String problem = null;
        int count = 0;
        int i = JsonSkipper.whitespace(json, start + 1, end);
        if (i < end && json[i] == '}')
        {
            return done(index, start, mark, 0, null, i + 1);
        }
        while (i < end && json[i] == '"')
        {
            final int keyClose = writeString(json, i, end);
            final String keyProblem = stringProblem;
            final int colon = keyClose < 0 ? end : JsonSkipper.whitespace(json, keyClose + 1, end);
            if (colon == end || json[colon] != ':')
            {
                break;
            }
            final int valueEnd = writeValue(value, strings, json, JsonSkipper.whitespace(json, colon + 1, end), end);
            if (valueEnd < 0)
            {
                break;
            }
            final String entryProblem = keyProblem != null ? keyProblem : stringProblem;
            if (problem == null && entryProblem != null)
            {
                problem = "key " + JsonValueText.excerpt(json, i, keyClose + 1) + ": " + entryProblem;
            }
            count++;
            final int next = JsonSkipper.whitespace(json, valueEnd, end);
            if (next < end && json[next] == '}')
            {
                return done(index, start, mark, count, problem, next + 1);
            }
            if (next == end || json[next] != ',')
            {
                break;
            }
            i = JsonSkipper.whitespace(json, next + 1, end);
        }
        scratch.truncate(mark);
        return -1;
    }

    /**
     * Writes the value at {@code json[start]} as the map's value type; returns the index after it, or -1 if it is
     * malformed. {@link #stringProblem} says why the value could not be written, or is null.
     */
    private int writeValue(
        final ClickHouseType value, final boolean strings, final byte[] json, final int start, final int end)
    {
        if (strings && start < end && json[start] == '"')
        {
            final int close = writeString(json, start, end);
            return close < 0 ? -1 : close + 1;
        }
        final int valueEnd = valueEnd(json, start, end);
        stringProblem = valueEnd < 0 ? null : values.writeElement(value, json, start, valueEnd, valuePlain, scratch);
        return valueEnd;
    }

    /**
     * Writes the JSON string whose opening quote is {@code json[quote]} to the scratch as a String; returns the index
     * of its closing quote, or -1 if it is not closed. A plain string (no escape, only ASCII), as keys and attribute
     * values usually are, is scanned and copied in one pass eight bytes at a time behind room for a one-byte length,
     * moved up if its length needs more; any other is found by {@link QuoteScanner} and written by
     * {@link ValueWriter}, with {@link #stringProblem} saying why not.
     */
    private int writeString(final byte[] json, final int quote, final int end)
    {
        stringProblem = null;
        final int at = scratch.reserve(end - quote + Long.BYTES);  // a word written past the string's end fits too
        final byte[] out = scratch.array();
        int i = quote + 1;
        long high = 0;
        while (i + Long.BYTES <= end)
        {
            final long word = (long)LONG.get(json, i);
            LONG.set(out, at + i - quote, word);
            final long found = QuoteScanner.quoteOrBackslash(word);
            if (found != 0)
            {
                final int before = Long.numberOfTrailingZeros(found) >>> 3;
                high |= word & ((1L << (before << 3)) - 1);
                i += before;
                break;
            }
            high |= word;
            i += Long.BYTES;
        }
        // Every byte before i was copied and is neither a quote nor a backslash.
        if (i < end && json[i] == '"' && (high & 0x8080808080808080L) == 0)
        {
            final int length = i - quote - 1;
            final int prefix = RowBuffer.varIntSize(length);
            if (prefix != 1)
            {
                System.arraycopy(out, at + 1, out, at + prefix, length);  // a length of 128 or more takes more bytes
            }
            scratch.writeVarInt(length);
            scratch.advance(length);
            return i;
        }
        final int close = quotes.close(json, quote + 1, end);
        if (close >= 0)
        {
            stringProblem = values.writeString(json, quote, close + 1, quotes.plain(), scratch);
        }
        return close;
    }

    /** The index after the value at {@code json[start]}, or -1 if it is malformed; sets {@link #valuePlain}. */
    private int valueEnd(final byte[] json, final int start, final int end)
    {
        valuePlain = false;
        if (start == end)
        {
            return -1;
        }
        final byte first = json[start];
        if (first == '"')
        {
            final int close = quotes.close(json, start + 1, end);
            valuePlain = quotes.plain();
            return close < 0 ? -1 : close + 1;
        }
        if (first == '{' || first == '[')
        {
            return structures.skip(json, start, end);
        }
        int i = start;
        while (i < end && json[i] != ',' && json[i] != '}' && json[i] != ']' && !JsonFieldIndex.isWhitespace(json[i]))
        {
            i++;
        }
        return JsonSkipper.isWord(json, start, i) || JsonNumbers.isNumber(json, start, i) ? i : -1;
    }

    private int done(final int index, final int start, final int mark, final int count, final String problem, final int after)
    {
        at[index] = start;
        from[index] = mark;
        to[index] = scratch.size();
        counts[index] = count;
        problems[index] = problem;
        return after;
    }
}
