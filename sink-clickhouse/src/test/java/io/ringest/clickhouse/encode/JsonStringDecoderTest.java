package io.ringest.clickhouse.encode;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonStringDecoderTest
{
    private static final String[] PIECES = {"a", "Z", " ", "0", "\"", "\\", "\n", "\t", "/", "é", "日本", "😀", "\u0001"};

    /** JSON-escapes {@code s}, writing some characters as \\u escapes and the rest raw. */
    private static String escape(final String s, final Random random)
    {
        final StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp ->
        {
            switch (cp)
            {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append(random.nextBoolean() ? "\\t" : "\\u0009");
                case '/' -> b.append(random.nextBoolean() ? "\\/" : "/");
                default ->
                {
                    if (cp > 127 && random.nextInt(3) == 0)
                    {
                        for (final char c : Character.toChars(cp))
                        {
                            b.append(String.format("\\u%04x", (int)c));
                        }
                    }
                    else
                    {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.toString();
    }

    @Test
    void shouldDecodeEveryMixOfPlainRunsEscapesAndMultiByteCharactersAtEveryAlignment()
    {
        final Random random = new Random(7);
        final JsonStringDecoder decoder = new JsonStringDecoder();
        for (int round = 0; round < 20_000; round++)
        {
            final StringBuilder text = new StringBuilder();
            final int pieces = random.nextInt(40);
            for (int i = 0; i < pieces; i++)
            {
                text.append(random.nextInt(4) == 0 ? PIECES[random.nextInt(PIECES.length)] : "x".repeat(random.nextInt(12)));
            }
            final int offset = random.nextInt(9);
            final byte[] json = (" ".repeat(offset) + escape(text.toString(), random) + "   ").getBytes(StandardCharsets.UTF_8);
            final int end = json.length - 3;
            final int length = decoder.decode(json, offset, end);
            final byte[] expected = text.toString().getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, length, text.toString());
            assertArrayEquals(expected, Arrays.copyOf(decoder.scratch(), length), text.toString());
        }
    }

    @Test
    void shouldRejectInvalidUtf8AfterALongPlainRun()
    {
        final byte[] json = "aaaaaaaaaaaaaaaaaaaaaaa\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(-1, new JsonStringDecoder().decode(json, 0, json.length));
    }

    /**
     * Random bytes, mostly ASCII runs of every length and alignment with valid sequences and stray bytes between, must be
     * judged as Java's own strict UTF-8 decoder judges them (it too refuses overlong forms, encoded surrogates and
     * anything above U+10FFFF).
     */
    @Test
    void shouldJudgeUtf8AsTheJavaDecoderDoes()
    {
        final Random random = new Random(20261130);
        final JsonStringDecoder decoder = new JsonStringDecoder();
        final byte[][] pieces = {"é".getBytes(StandardCharsets.UTF_8), "日本".getBytes(StandardCharsets.UTF_8),
            "😀".getBytes(StandardCharsets.UTF_8), {(byte)0xC0, (byte)0xAF}, {(byte)0xED, (byte)0xA0, (byte)0x80},
            {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, {(byte)0x80}, {(byte)0xE6, (byte)0x97}};
        int valid = 0;
        int invalid = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final int offset = random.nextInt(9);
            bytes.writeBytes(new byte[offset]);
            for (int i = random.nextInt(6); i > 0; i--)
            {
                bytes.writeBytes("x".repeat(random.nextInt(20)).getBytes(StandardCharsets.US_ASCII));
                if (random.nextInt(3) == 0)
                {
                    bytes.writeBytes(pieces[random.nextInt(random.nextInt(4) == 0 ? pieces.length : 3)]);
                }
            }
            final byte[] input = bytes.toByteArray();
            final boolean expected = isUtf8(Arrays.copyOfRange(input, offset, input.length));
            assertEquals(expected, decoder.isValidUtf8(input, offset, input.length), Arrays.toString(input));
            if (expected)
            {
                valid++;
            }
            else
            {
                invalid++;
            }
        }
        assertTrue(valid > 5_000 && invalid > 2_000, valid + " valid, " + invalid + " invalid");
    }

    private static boolean isUtf8(final byte[] bytes)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (final CharacterCodingException e)
        {
            return false;
        }
    }
}
