package io.ringest.clickhouse.encode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference for {@code Array(T)} and {@code Map(String, V)}: Jackson walks the array or object and each element
 * (or member value) is worked out as a column of T (or V) would be, a null in a non-Nullable one being its zero.
 * Rendered {@code [a, b]} and <code>{"k": v}</code>, as {@link RowBinaryRows} renders what it reads.
 */
final class FuzzCompositeReference
{
    private FuzzCompositeReference()
    {
    }

    /** The rendered array or map, or null if the value is not an array (an object) or an element cannot be taken. */
    static String convert(final FuzzColumn column, final FuzzReference.Value value, final EpochUnit unit)
    {
        final boolean map = column.base().startsWith("Map(");
        if (value.token() != (map ? JsonToken.START_OBJECT : JsonToken.START_ARRAY))
        {
            return null;
        }
        final FuzzColumn element = column.element();
        final byte[] json = value.text().getBytes(StandardCharsets.UTF_8);
        final List<String> items = new ArrayList<>();
        try (JsonParser parser = FuzzReference.JSON.createParser(json))
        {
            parser.nextToken();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY && token != JsonToken.END_OBJECT;
                token = parser.nextToken())
            {
                final String key = map ? RowBinaryRows.renderString(parser.currentName().getBytes(StandardCharsets.UTF_8)) : null;
                final String item = FuzzReference.expectValue(element, FuzzReference.valueAt(parser, json,
                    map ? parser.nextToken() : token), unit);
                if (item == null)
                {
                    return null;
                }
                items.add(map ? key + ": " + item : item);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return (map ? "{" : "[") + String.join(", ", items) + (map ? "}" : "]");
    }
}
