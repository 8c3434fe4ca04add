package io.ringest.clickhouse.encode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonNumbersTest
{
    private static final JsonNumbers NUMBERS = new JsonNumbers();

    /** The values issue 9 found stored wrong (a power of ten, or one unit in the last place), and rounding edges. */
    private static final String[] SAMPLES = {"-726842.9513101398", "845016.158254538", "0.683594036546467", "3.681E+299",
        "45.41247490896853", "0", "-0", "0.0", "-0.0", "0.1", "0.3", "1e23", "9007199254740993", "2.2250738585072011e-308",
        "4.9e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "1e-400",
        "3.4028235e38", "1.4e-45", "7.1e-46", "16777217", "1.00000005960464477539062501", "123456789012345678901234567890"};

    /** Parses {@code text} where it starts the array, where it ends it, and in the middle, as the encoder meets it. */
    private static void assertExact(final String text)
    {
        for (final String around : new String[] {"%s", "{\"v\":%s", "{\"v\":%s}"})
        {
            final byte[] bytes = String.format(around, text).getBytes(StandardCharsets.US_ASCII);
            final int start = around.indexOf('%');
            final int end = start + text.length();
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)),
                Double.doubleToRawLongBits(NUMBERS.parseDouble(bytes, start, end)), text);
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(text)),
                Float.floatToRawIntBits(NUMBERS.parseFloat(bytes, start, end)), text);
        }
    }

    @Test
    void shouldParseFloatsBitForBitAsJavaDoes()
    {
        for (final String sample : SAMPLES)
        {
            assertExact(sample);
        }
        final Random random = new Random(42);
        for (int i = 0; i < 100_000; i++)
        {
            final double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(value))
            {
                assertExact(Double.toString(value));
            }
            final float single = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(single))
            {
                assertExact(Float.toString(single));
            }
        }
    }

    @Test
    void shouldOverflowToInfinityForTheWriterToRefuse()
    {
        final byte[] big = "1e309".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Double.POSITIVE_INFINITY, NUMBERS.parseDouble(big, 0, big.length));
        final byte[] floatBig = "-3.5e38".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Float.NEGATIVE_INFINITY, NUMBERS.parseFloat(floatBig, 0, floatBig.length));
    }
}
