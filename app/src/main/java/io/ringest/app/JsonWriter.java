package io.ringest.app;

/**
 * Writes JSON text into a string, with the commas placed and strings escaped (quote, backslash, control characters);
 * enough for {@code /status}, so the launcher needs no JSON library. Not thread-safe: one per response.
 */
final class JsonWriter
{
    private final StringBuilder out = new StringBuilder(4096);
    /** True after a value: the next value or name needs a comma first. */
    private boolean comma;

    JsonWriter beginObject()
    {
        separate().append('{');
        comma = false;
        return this;
    }

    JsonWriter endObject()
    {
        out.append('}');
        comma = true;
        return this;
    }

    JsonWriter beginArray()
    {
        separate().append('[');
        comma = false;
        return this;
    }

    JsonWriter endArray()
    {
        out.append(']');
        comma = true;
        return this;
    }

    /** The name of the next member of the current object. */
    JsonWriter name(final String name)
    {
        string(separate(), name).append(':');
        comma = false;
        return this;
    }

    JsonWriter value(final String value)
    {
        if (value == null)
        {
            separate().append("null");
        }
        else
        {
            string(separate(), value);
        }
        comma = true;
        return this;
    }

    JsonWriter value(final long value)
    {
        separate().append(value);
        comma = true;
        return this;
    }

    /** NaN and the infinities, which JSON cannot hold, as {@code null}. */
    JsonWriter value(final double value)
    {
        separate().append(Double.isFinite(value) ? Double.toString(value) : "null");
        comma = true;
        return this;
    }

    JsonWriter value(final boolean value)
    {
        separate().append(value);
        comma = true;
        return this;
    }

    JsonWriter field(final String name, final String value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final long value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final double value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final boolean value)
    {
        return name(name).value(value);
    }

    @Override
    public String toString()
    {
        return out.toString();
    }

    private StringBuilder separate()
    {
        return comma ? out.append(',') : out;
    }

    private static StringBuilder string(final StringBuilder sb, final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029')
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
