package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a column's value sits in the JSON log: a top-level key, or a path of keys into nested objects. In a
 * {@code mapping.<column>} value, dots separate the keys ({@code http.response.status}); a key that holds dots itself is
 * written in double quotes ({@code resource."k8s.pod.name"}, or {@code "service.name"} for a top-level key with dots).
 * A column without a mapping reads the top-level key of its own name, dots and all. Immutable.
 *
 * @param text     the path as configured, for messages
 * @param segments the keys from the top level down, at least one
 */
public record FieldPath(String text, List<String> segments)
{
    /** The top-level key {@code name}, taken literally. */
    public static FieldPath literal(final String name)
    {
        return new FieldPath(name, List.of(name));
    }

    /** Parses a {@code mapping.<column>} value; a malformed one names {@code key} and says what is valid. */
    public static FieldPath parse(final String key, final String text)
    {
        final List<String> segments = new ArrayList<>();
        final StringBuilder segment = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' && (quoted || segment.length() == 0))
            {
                quoted = !quoted;
                wasQuoted = true;
            }
            else if (c == '.' && !quoted)
            {
                add(key, text, segments, segment, wasQuoted);
                wasQuoted = false;
            }
            else if (wasQuoted && !quoted)
            {
                throw invalid(key, text, "a quoted key must be followed by '.' or the end");
            }
            else
            {
                segment.append(c);
            }
        }
        if (quoted)
        {
            throw invalid(key, text, "a quote is not closed");
        }
        add(key, text, segments, segment, wasQuoted);
        return new FieldPath(text, List.copyOf(segments));
    }

    private static void add(
        final String key, final String text, final List<String> segments, final StringBuilder segment, final boolean quoted)
    {
        if (segment.length() == 0 && !quoted)
        {
            throw invalid(key, text, "an empty key between dots");
        }
        segments.add(segment.toString());
        segment.setLength(0);
    }

    private static ConfigException invalid(final String key, final String text, final String problem)
    {
        return new ConfigException(key + " must be a JSON key or a dotted path of keys (a key with dots in double "
            + "quotes, e.g. resource.\"k8s.pod.name\"), got '" + text + "': " + problem);
    }

    /** The UTF-8 bytes of segment {@code i}, as a key decodes to. */
    byte[] bytes(final int i)
    {
        return segments.get(i).getBytes(StandardCharsets.UTF_8);
    }

    public boolean isNested()
    {
        return segments.size() > 1;
    }
}
