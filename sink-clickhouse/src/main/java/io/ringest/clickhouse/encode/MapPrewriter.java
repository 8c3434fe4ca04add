package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;

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
            final int keyClose = quotes.close(json, i + 1, end);
            final int colon = keyClose < 0 ? end : JsonSkipper.whitespace(json, keyClose + 1, end);
            if (colon == end || json[colon] != ':')
            {
                break;
            }
            final boolean keyPlain = quotes.plain();
            final int valueStart = JsonSkipper.whitespace(json, colon + 1, end);
            final int valueEnd = valueEnd(json, valueStart, end);
            if (valueEnd < 0)
            {
                break;
            }
            if (problem == null)
            {
                problem = entry(value, json, i, keyClose + 1, keyPlain, valueStart, valueEnd);
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

    /** Writes one entry; null, or why not, naming the key. */
    private String entry(
        final ClickHouseType value, final byte[] json, final int keyStart, final int keyEnd, final boolean keyPlain,
        final int valueStart, final int valueEnd)
    {
        String problem = values.writeString(json, keyStart, keyEnd, keyPlain, scratch);
        if (problem == null)
        {
            problem = values.writeElement(value, json, valueStart, valueEnd, valuePlain, scratch);
        }
        return problem == null ? null : "key " + JsonValueText.excerpt(json, keyStart, keyEnd) + ": " + problem;
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
