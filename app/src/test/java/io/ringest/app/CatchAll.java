package io.ringest.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a catch-all column ({@code encode.overflow}) must hold, worked out from Jackson's reading of the record without
 * any of ringest's code: every leaf no column reads, as a dotted key and its text, in document order.
 */
final class CatchAll
{
    private CatchAll()
    {
    }

    /**
     * Appends to {@code keys} and {@code values} every leaf of {@code node} whose path is not in {@code read}; an empty
     * object is {@code {}}, a string its text, anything else its JSON.
     */
    static void flatten(final JsonNode node, final Set<List<String>> read, final ArrayNode keys, final ArrayNode values)
    {
        flatten(node, new ArrayList<>(), read, keys, values);
    }

    private static void flatten(
        final JsonNode node, final List<String> path, final Set<List<String>> read, final ArrayNode keys, final ArrayNode values)
    {
        for (final Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); )
        {
            final Map.Entry<String, JsonNode> field = it.next();
            final List<String> at = new ArrayList<>(path);
            at.add(field.getKey());
            if (read.contains(at))
            {
                continue;
            }
            final JsonNode value = field.getValue();
            if (value.isObject() && !value.isEmpty())
            {
                flatten(value, at, read, keys, values);
                continue;
            }
            keys.add(String.join(".", at));
            values.add(value.isTextual() ? value.asText() : value.toString());
        }
    }
}
