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
        new DslJson.Settings<>().errorInfo(JsonReader.ErrorInfo.DESCRIPTION_ONLY));

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
            return true;
        }
        catch (final IOException | RuntimeException e)
        {
            final String message = String.valueOf(e.getMessage());
            return message.contains("end of JSON input") || reader.getCurrentIndex() > length
                ? fail("unexpected end of input at byte " + length)
                : fail(message + " at byte " + (reader.getCurrentIndex() - 1));
        }
        catch (final StackOverflowError e)
        {
            return fail("nested too deeply for dsl-json's recursive skip");
        }
    }

    /** Reads the fields after '{'; returns the token after the last value, or 0 with {@link #error()} set. */
    private byte fields(final byte[] json) throws IOException
    {
        byte token;
        do
        {
            if (reader.last() != '"')
            {
                fail("expected a quoted key at byte " + (reader.getCurrentIndex() - 1));
                return 0;
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
                fail("invalid value at byte " + start);
                return 0;
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

    private boolean fail(final String detail)
    {
        error = "not a JSON object: " + detail;
        return false;
    }

    static boolean isWhitespace(final byte b)
    {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
