package io.ringest.clickhouse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonNumbersTest
{
    private final JsonNumbers numbers = new JsonNumbers();

    private float parse(final String text) throws Exception
    {
        final byte[] bytes = (" " + text + " ").getBytes(StandardCharsets.US_ASCII);
        return numbers.parseFloat(bytes, 1, bytes.length - 1);
    }

    @Test
    void shouldParseFloatsExactlyAsJavaDoesOnTheFastPathAndOffIt() throws Exception
    {
        final String[] samples = {"0", "-0", "0.0", "-0.0", "12.125", "1234.625", "0.1", "0.3", "9999999", "16777217",
            "3.4028235e38", "1.4e-45", "1e-7", "123456.78", "0.0000001", "-7.5", "1E3", "99999.99", "0.1234567"};
        for (final String s : samples)
        {
            assertEquals(Float.floatToIntBits(Float.parseFloat(s)), Float.floatToIntBits(parse(s)), s);
        }
        final Random random = new Random(42);
        for (int i = 0; i < 200_000; i++)
        {
            final int digits = 1 + random.nextInt(9);
            final long mantissa = (long)(random.nextDouble() * Math.pow(10, digits));
            final int fraction = random.nextInt(digits + 1);
            final StringBuilder s = new StringBuilder(Long.toString(mantissa));
            while (s.length() <= fraction)
            {
                s.insert(0, '0');
            }
            if (fraction > 0)
            {
                s.insert(s.length() - fraction, '.');
            }
            if (random.nextBoolean())
            {
                s.insert(0, '-');
            }
            final String text = s.toString();
            assertEquals(Float.floatToIntBits(Float.parseFloat(text)), Float.floatToIntBits(parse(text)), text);
        }
    }
}
