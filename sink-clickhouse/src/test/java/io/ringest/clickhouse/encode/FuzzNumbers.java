package io.ringest.clickhouse.encode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;

/**
 * Legal JSON number texts of every shape for the differential fuzzer: what producers print (Java's, JavaScript's and
 * Python's shortest round-trip doubles), plain digit strings of 1-40 digits with a point anywhere and exponents of
 * both signs and cases, exact decimal expansions of random doubles and floats, the midpoints between neighbouring
 * doubles and floats (the hard cases of correct rounding) and just off them, subnormals, overflow, and the edges of
 * every integer width.
 */
final class FuzzNumbers
{
    /** Texts that overflow a double or a float, or hold no number for an integer column. */
    private static final String[] OVERFLOW = {"1.7976931348623159e308", "1e309", "-1e309", "1E400", "3.4028236e38",
        "-3.5e38", "1e39", "123e456"};
    private static final String[] SPECIAL = {
        "0", "-0", "0.0", "-0.0", "0e0", "-0E-0", "0.000", "1", "-1", "1.0", "1e0", "1E+0", "1e-0",
        "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "2.2250738585072014E-308", "1.7976931348623157e308", "1.7976931348623158e308",
        "-1.7976931348623157E308", "1e308", "1e-400", "-1e-400",
        "123456789012345678901234567890", "9007199254740993", "9007199254740992.5", "18446744073709551616",
        "3.4028235e38", "3.40282356e38", "-3.4028235E38", "1.4e-45", "1.4E-45", "7.0e-46", "7.1e-46",
        "1.17549435e-38", "1.1754942e-38", "16777217", "0.1", "0.2", "0.3", "2.5", "0.5", "1e23", "8.41e21",
        "-726842.9513101398", "845016.158254538", "0.683594036546467", "3.681E+299", "1e-7", "100000000000000000000000",
        "0.30000000000000004", "5e-1", "4.35e-2", "1.00000005960464477539062499", "1.000000059604644775390625",
        "1.00000005960464477539062501", "9.999999999999999e22", "1e-323", "2.225073858507201e-308"};

    private final Random random;

    FuzzNumbers(final Random random)
    {
        this.random = random;
    }

    /**
     * A JSON number for a Float32 or Float64 column, one that overflows it if {@code outOfRange}; {@code float32}
     * favours floats' own hard cases.
     */
    String floating(final boolean float32, final boolean outOfRange)
    {
        if (outOfRange)
        {
            return OVERFLOW[random.nextInt(float32 ? OVERFLOW.length : 4)];
        }
        final String text = switch (random.nextInt(10))
        {
            case 0 -> SPECIAL[random.nextInt(SPECIAL.length)];
            case 1, 2 -> javaStyle(float32);
            case 3, 4 -> digits();
            case 5 -> float32 ? exact(randomFloat()) : exact(randomDouble());
            case 6 -> float32 ? midpoint(randomFloat()) : midpoint(randomDouble());
            case 7 -> integer(random.nextBoolean() ? BigInteger.valueOf(Long.MIN_VALUE) : BigInteger.ZERO,
                BigInteger.ONE.shiftLeft(64), false);
            default -> sixteenDigits();
        };
        final double value = Double.parseDouble(text);
        return Double.isInfinite(value) || (float32 && Float.isInfinite((float)value)) ? floating(float32, false) : text;
    }

    /**
     * A JSON integer for a column of [min, max]: inside, often at an edge; if {@code outOfRange}, just past an edge,
     * far past it, or not integral.
     */
    String integer(final BigInteger min, final BigInteger max, final boolean outOfRange)
    {
        if (outOfRange)
        {
            final String[] outside = {min.subtract(BigInteger.ONE).toString(), max.add(BigInteger.ONE).toString(),
                BigInteger.ONE.shiftLeft(64).toString(), "-" + BigInteger.TEN.pow(19), "1.0", "1e2", "-3.5E0", "0.0"};
            return outside[random.nextInt(outside.length)];
        }
        final int choice = random.nextInt(20);
        if (choice < 6)
        {
            final BigInteger[] edges = {min, max, BigInteger.ZERO, min.add(BigInteger.ONE), max.subtract(BigInteger.ONE)};
            final String edge = edges[random.nextInt(edges.length)].toString();
            return edge.equals("0") && random.nextBoolean() ? "-0" : edge;
        }
        final BigInteger span = max.subtract(min).add(BigInteger.ONE);
        final BigInteger offset = new BigInteger(span.bitLength() + 8, random).mod(span);
        final BigInteger value = min.add(offset);
        // Small magnitudes are the common case in logs; scale down half the time.
        return choice < 13 ? value.toString() : value.shiftRight(random.nextInt(Math.max(1, value.bitLength()))).toString();
    }

    /** What Java, JavaScript and Python print for a double: the shortest text that round-trips. */
    private String javaStyle(final boolean float32)
    {
        final double magnitude = Math.pow(10, random.nextInt(40) - 20);
        final double value = (random.nextDouble() - 0.5) * 2 * magnitude;
        String text = float32 ? Float.toString((float)value) : Double.toString(value);
        if (random.nextBoolean())
        {
            text = text.replace('E', 'e');
        }
        return text.endsWith(".0") && random.nextBoolean() ? text.substring(0, text.length() - 2) : text;
    }

    /** A plain decimal of 15-17 significant digits: what Math.random() or a metrics library prints. */
    private String sixteenDigits()
    {
        final int digits = 15 + random.nextInt(3);
        final StringBuilder s = new StringBuilder().append((char)('1' + random.nextInt(9)));
        for (int i = 1; i < digits; i++)
        {
            s.append((char)('0' + random.nextInt(10)));
        }
        final int point = random.nextInt(digits + 1);
        if (point == 0)
        {
            s.insert(0, "0.");
        }
        else if (point < digits)
        {
            s.insert(point, '.');
        }
        return (random.nextInt(3) == 0 ? "-" : "") + s;
    }

    /** 1-40 random digits with an optional point and exponent, as JSON allows them. */
    private String digits()
    {
        final StringBuilder s = new StringBuilder();
        if (random.nextInt(3) == 0)
        {
            s.append('-');
        }
        final int intDigits = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(20);
        s.append(intDigits == 1 ? (char)('0' + random.nextInt(10)) : (char)('1' + random.nextInt(9)));
        appendDigits(s, intDigits - 1);
        if (random.nextBoolean())
        {
            s.append('.');
            appendDigits(s, 1 + random.nextInt(20));
        }
        if (random.nextInt(3) == 0)
        {
            s.append(random.nextBoolean() ? 'e' : 'E');
            final int sign = random.nextInt(3);
            s.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
            s.append(random.nextInt(4) == 0 ? random.nextInt(400) : random.nextInt(20));
        }
        return s.toString();
    }

    private void appendDigits(final StringBuilder s, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            s.append((char)('0' + random.nextInt(10)));
        }
    }

    private double randomDouble()
    {
        double d;
        do
        {
            d = Double.longBitsToDouble(random.nextLong());
        }
        while (Double.isNaN(d) || Double.isInfinite(d));
        return d;
    }

    private float randomFloat()
    {
        float f;
        do
        {
            f = Float.intBitsToFloat(random.nextInt());
        }
        while (Float.isNaN(f) || Float.isInfinite(f));
        return f;
    }

    /** The exact decimal value of a double or float, sometimes cut to fewer digits. */
    private String exact(final double value)
    {
        BigDecimal exact = new BigDecimal(value);
        if (random.nextBoolean())
        {
            exact = exact.round(new MathContext(1 + random.nextInt(25)));
        }
        return json(exact, value);
    }

    /** Halfway between {@code value} and the next double (or float) up, or a digit above or below that. */
    private String midpoint(final double value)
    {
        final boolean isFloat = value == (float)value;
        final double next = isFloat ? Math.nextUp((float)value) : Math.nextUp(value);
        if (Double.isInfinite(next) || (isFloat && Float.isInfinite((float)next)))
        {
            return exact(value);
        }
        BigDecimal mid = new BigDecimal(value).add(new BigDecimal(next)).divide(BigDecimal.valueOf(2));
        final int nudge = random.nextInt(3) - 1;
        if (nudge != 0)
        {
            mid = mid.add(BigDecimal.ONE.movePointLeft(mid.scale() + 3).multiply(BigDecimal.valueOf(nudge)));
        }
        return json(mid, value);
    }

    /** BigDecimal's text is legal JSON but for a bare exponent sign; vary the case of the exponent. */
    private String json(final BigDecimal value, final double sign)
    {
        String text = random.nextBoolean() ? value.toString() : value.toPlainString();
        if (random.nextBoolean())
        {
            text = text.replace('E', 'e');
        }
        if (text.length() > 900)
        {
            text = value.round(new MathContext(800)).toString();
        }
        return sign == 0 && 1 / sign < 0 && !text.startsWith("-") ? "-" + text : text;
    }
}
