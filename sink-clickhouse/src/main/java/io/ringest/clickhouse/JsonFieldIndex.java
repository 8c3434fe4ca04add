package io.ringest.clickhouse;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;

import java.io.IOException;
import java.util.Arrays;

/**
 * First pass over one JSON object: walks its keys with dsl-json, skips unknown fields (nested values included) and
 * records where each planned column's value starts and ends in the input, so the row can then be written in table
 * order. Duplicate keys: the last one wins. One instance per encoder thread; nothing is allocated unless the input is
 * malformed.
 */
final class JsonFieldIndex
{
    private static final DslJson<Object> DSL_JSON = new DslJson<>(
        new DslJson.Settings<>().errorInfo(JsonReader.ErrorInfo.DESCRIPTION_AND_POSITION));

    private final ColumnPlan plan;
    private final JsonReader<Object> reader;
    private final int[] starts;
    private final int[] ends;
    private String error;

    JsonFieldIndex(final ColumnPlan plan)
    {
        this.plan = plan;
        this.reader = DSL_JSON.newReader(new byte[0], 0);
        this.starts = new int[plan.size()];
        this.ends = new int[plan.size()];
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

    String error()
    {
        return error;
    }

    /** Indexes {@code json[0..length)}; false with {@link #error()} if it is not one well-formed JSON object. */
    boolean scan(final byte[] json, final int length)
    {
        Arrays.fill(starts, -1);
        reader.process(json, length);
        try
        {
            if (length == 0 || reader.getNextToken() != '{')
            {
                error = length == 0 ? "not a JSON object: empty value" : "not a JSON object: starts with '"
                    + (char)reader.last() + "' at byte " + (reader.getCurrentIndex() - 1);
                return false;
            }
            byte token = reader.getNextToken();
            if (token != '}')
            {
                token = fields(json);
            }
            if (token != '}')
            {
                return unexpected(json, length, "expected ',' or '}'");
            }
            for (int i = reader.getCurrentIndex(); i < length; i++)
            {
                if (!isWhitespace(json[i]))
                {
                    error = "not a JSON object: unexpected '" + (char)json[i] + "' after the object at byte " + i;
                    return false;
                }
            }
            return true;
        }
        catch (final IOException | RuntimeException e)
        {
            return unexpected(json, length, e.getMessage());
        }
    }

    private byte fields(final byte[] json) throws IOException
    {
        byte token;
        do
        {
            if (reader.last() != '"')
            {
                throw new IOException("expected a quoted key at byte " + (reader.getCurrentIndex() - 1));
            }
            final int column = plan.find(reader.fillName(), reader);
            reader.getNextToken();
            final int start = reader.getCurrentIndex() - 1;
            token = reader.skip();
            int end = reader.getCurrentIndex() - 1;
            while (end > start && isWhitespace(json[end - 1]))
            {
                end--;
            }
            if (!isValue(json, start, end))
            {
                throw new IOException("invalid value at byte " + start);
            }
            if (column >= 0)
            {
                starts[column] = start;
                ends[column] = end;
            }
        }
        while (token == ',' && reader.getNextToken() != 0);
        return token;
    }

    /** dsl-json skips scalars loosely; this rejects bare words and malformed numbers at the top level. */
    private static boolean isValue(final byte[] json, final int start, final int end)
    {
        final byte first = json[start];
        return first == '"' || first == '{' || first == '[' || first == 't' || first == 'f' || first == 'n'
            || JsonNumbers.isNumber(json, start, end);
    }

    private boolean unexpected(final byte[] json, final int length, final String detail)
    {
        final int at = Math.min(reader.getCurrentIndex(), length);
        error = at >= length
            ? "not a JSON object: unexpected end of input at byte " + length
            : "not a JSON object: " + detail + " (at byte " + at + ")";
        return false;
    }

    static boolean isWhitespace(final byte b)
    {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
