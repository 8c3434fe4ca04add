package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Map field at the top level is written by {@link MapPrewriter} during the first pass; the same object one level down
 * ({@code mapping.s=x.s}) is walked by the value writer after it. Random objects, well formed or broken by one byte,
 * must give the same row or the same refusal either way.
 */
class MapPrewriterTest
{
    private static final List<Column> COLUMNS = Rows.columns("s", "Map(String, String)", "n", "Map(LowCardinality(String), Nullable(UInt8))");
    private final JsonRowEncoder top = new JsonRowEncoder(ColumnPlan.fromConfig(COLUMNS, Map.of(), false));
    private final JsonRowEncoder nested = new JsonRowEncoder(
        ColumnPlan.fromConfig(COLUMNS, Map.of("mapping.s", "x.s", "mapping.n", "x.n"), false));

    @Test
    void shouldWriteWhatTheValueWriterWritesForRandomObjects()
    {
        final Random random = new Random(20261130);
        int refused = 0;
        int written = 0;
        for (int i = 0; i < 20_000; i++)
        {
            String object = object(random, 0);
            if (random.nextInt(4) == 0)
            {
                object = broken(random, object);
            }
            final String first = random.nextBoolean() ? "null" : object(random, 0);
            final String json = "{\"s\":" + first + ",\"s\":" + object + ", \"n\" : " + object + "}";
            final String nestedJson = "{\"x\":{\"s\":" + first + ",\"s\":" + object + ", \"n\" : " + object + "}}";
            final RowBuffer a = new RowBuffer(64);
            final RowBuffer b = new RowBuffer(64);
            final boolean topOk = top.encode(Rows.event(json), a);
            final boolean nestedOk = nested.encode(Rows.event(nestedJson), b);
            assertEquals(nestedOk, topOk, json + ": " + top.failure() + " / " + nested.failure());
            if (topOk)
            {
                written++;
                assertArrayEquals(Arrays.copyOf(b.array(), b.size()), Arrays.copyOf(a.array(), a.size()), json);
            }
            else
            {
                refused++;
                final String reason = top.failure();
                assertTrue(reason.startsWith("not a JSON object") || reason.endsWith(suffix(nested.failure())),
                    json + ": " + reason + " / " + nested.failure());
            }
        }
        assertTrue(written > 2_000 && refused > 2_000, written + " written, " + refused + " refused");
    }

    /** A field's reason without its label, which names the path. */
    private static String suffix(final String reason)
    {
        return reason.substring(reason.indexOf(": ") + 2);
    }

    private static String object(final Random random, final int depth)
    {
        final StringBuilder sb = new StringBuilder("{").append(space(random));
        final int members = random.nextInt(5);
        for (int m = 0; m < members; m++)
        {
            if (m > 0)
            {
                sb.append(',').append(space(random));
            }
            sb.append(string(random)).append(space(random)).append(':').append(space(random)).append(value(random, depth))
                .append(space(random));
        }
        return sb.append('}').toString();
    }

    private static String value(final Random random, final int depth)
    {
        return switch (random.nextInt(depth < 2 ? 9 : 7))
        {
            case 0, 1 -> string(random);
            case 2 -> Integer.toString(random.nextInt(300) - 20);
            case 3 -> "2.5e1";
            case 4 -> "null";
            case 5 -> random.nextBoolean() ? "true" : "false";
            case 6 -> "\"" + random.nextInt(256) + "\"";
            case 7 -> object(random, depth + 1);
            default -> "[" + value(random, depth + 1) + "," + space(random) + value(random, depth + 1) + "]";
        };
    }

    private static String string(final Random random)
    {
        final String[] parts = {"a", "k8s.pod", "\\u006c", "\\\"", "é", "😀", "\\n", "x y", "", "0123456789abcdef".repeat(8).substring(1)};
        final StringBuilder sb = new StringBuilder("\"");
        for (int i = random.nextInt(4); i > 0; i--)
        {
            sb.append(parts[random.nextInt(parts.length)]);
        }
        return sb.append('"').toString();
    }

    private static String space(final Random random)
    {
        return random.nextInt(4) == 0 ? " \n\t\r".substring(random.nextInt(4)) : "";
    }

    /** The object with one byte deleted, doubled or replaced by a structural character. */
    private static String broken(final Random random, final String object)
    {
        final int at = 1 + random.nextInt(object.length() - 1);
        return switch (random.nextInt(3))
        {
            case 0 -> object.substring(0, at) + object.substring(at + 1 > object.length() ? at : at + 1);
            case 1 -> object.substring(0, at) + object.charAt(at - 1) + object.substring(at);
            default -> object.substring(0, at) + ",:{}[]\"".charAt(random.nextInt(7)) + object.substring(at);
        };
    }
}
