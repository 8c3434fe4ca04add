package io.ringest.clickhouse.encode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link JsonSkipper} against Jackson's strict parser: random nested arrays and objects, each also with one byte
 * deleted, inserted or replaced, must be accepted by both with the same end, or refused by both.
 */
class JsonSkipperTest
{
    private static final JsonFactory JACKSON = new JsonFactory();
    private static final String MUTATIONS = "{}[],:\"1-.eE+0tn ";

    @Test
    void shouldAcceptAndEndExactlyWhereJacksonDoes()
    {
        final long seed = Long.getLong("ringest.fuzz.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final JsonSkipper skipper = new JsonSkipper();
        int refused = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final StringBuilder sb = new StringBuilder();
            container(random, sb, 0);
            if (i % 4 != 0)
            {
                mutate(random, sb);
            }
            sb.append(random.nextBoolean() ? " ,\"tail\":1}" : "");
            final byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (json[0] != '{' && json[0] != '[')
            {
                continue;
            }
            final int expected = jacksonEnd(json);
            final int actual = skipper.skip(json, 0, json.length);
            assertEquals(expected, actual, () -> "seed " + seed + ": " + sb + (actual < 0 ? " refused: " + skipper.error() : ""));
            refused += actual < 0 ? 1 : 0;
        }
        assertEquals(true, refused > 1000 && refused < 19_000, "mutations should make some inputs malformed: " + refused);
    }

    @Test
    void shouldRefuseMoreThanItsDepth()
    {
        final JsonSkipper skipper = new JsonSkipper();
        final String ok = "[".repeat(JsonSkipper.MAX_DEPTH) + "]".repeat(JsonSkipper.MAX_DEPTH);
        assertEquals(ok.length(), skipper.skip(ok.getBytes(StandardCharsets.UTF_8), 0, ok.length()));
        final String deep = "[" + ok + "]";
        assertEquals(-1, skipper.skip(deep.getBytes(StandardCharsets.UTF_8), 0, deep.length()));
        assertEquals("nested deeper than 1000 levels at byte 1000", skipper.error());
    }

    /** Index after the first value Jackson reads from {@code json}, or -1 if it is malformed. */
    private static int jacksonEnd(final byte[] json)
    {
        try (JsonParser parser = JACKSON.createParser(json))
        {
            parser.nextToken();
            parser.skipChildren();
            return (int)parser.currentLocation().getByteOffset();
        }
        catch (final IOException e)
        {
            return -1;
        }
    }

    private static void container(final SplittableRandom random, final StringBuilder sb, final int depth)
    {
        final boolean object = random.nextBoolean();
        sb.append(object ? '{' : '[').append(space(random));
        final int items = random.nextInt(depth > 3 ? 2 : 4);
        for (int i = 0; i < items; i++)
        {
            sb.append(i > 0 ? "," + space(random) : "");
            if (object)
            {
                sb.append('"').append(word(random)).append('"').append(space(random)).append(':').append(space(random));
            }
            value(random, sb, depth + 1);
            sb.append(space(random));
        }
        sb.append(object ? '}' : ']');
    }

    private static void value(final SplittableRandom random, final StringBuilder sb, final int depth)
    {
        switch (random.nextInt(depth > 4 ? 4 : 6))
        {
            case 0 -> sb.append('"').append(word(random)).append('"');
            case 1 -> sb.append(random.nextBoolean() ? "-" : "").append(random.nextInt(1000))
                .append(random.nextBoolean() ? ".5e-3" : "");
            case 2 -> sb.append(random.nextBoolean() ? "true" : "null");
            case 3 -> sb.append("false");
            default -> container(random, sb, depth);
        }
    }

    private static String word(final SplittableRandom random)
    {
        return new String[] {"", "a", "k8s.pod", "caf\u00e9", "{x}", "[1,2]", "a:b", "12345678901234567"}[random.nextInt(8)];
    }

    private static String space(final SplittableRandom random)
    {
        return new String[] {"", "", " ", "\n\t", "\r "}[random.nextInt(5)];
    }

    /** Deletes, inserts or replaces one byte outside a string's non-ASCII text. */
    private static void mutate(final SplittableRandom random, final StringBuilder sb)
    {
        final int at = random.nextInt(sb.length());
        if (sb.charAt(at) > 0x7F)
        {
            return;
        }
        final char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        switch (random.nextInt(3))
        {
            case 0 -> sb.deleteCharAt(at);
            case 1 -> sb.insert(at, c);
            default -> sb.setCharAt(at, c);
        }
    }
}
