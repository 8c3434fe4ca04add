package io.ringest.clickhouse.encode;

import java.nio.charset.StandardCharsets;

/** Describes a JSON value for failure messages ({@code string "abc"}, {@code an object}, {@code number 2.5}); failure path only. */
final class JsonValueText
{
    private static final int EXCERPT = 40;

    private JsonValueText()
    {
    }

    static String mismatch(final String expected, final ClickHouseType type, final byte[] json, final int start, final int end)
    {
        return "expected " + expected + " for " + type.displayName() + ", found " + describe(json, start, end);
    }

    static String describe(final byte[] json, final int start, final int end)
    {
        return switch (json[start])
        {
            case '"' -> "string " + excerpt(json, start, end);
            case '{' -> "an object";
            case '[' -> "an array";
            case 't', 'f' -> excerpt(json, start, end);
            default -> "number " + excerpt(json, start, end);
        };
    }

    static String excerpt(final byte[] json, final int start, final int end)
    {
        final int length = Math.min(end - start, EXCERPT);
        final String text = new String(json, start, length, StandardCharsets.UTF_8);
        return length < end - start ? text + "..." : text;
    }
}
