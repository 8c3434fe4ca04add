package io.ringest.clickhouse.encode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of legal JSON logs (RFC 8259) for a table of {@link FuzzColumn}s: each column's field mostly
 * holds a value of its type, of every shape the spec allows ({@link FuzzNumbers}; strings with every escape, surrogate
 * pairs, raw multi-byte UTF-8 and raw U+2028; RFC 3339 timestamps and epoch numbers), and sometimes is missing, null,
 * of another JSON type or given twice. Keys may be written with escapes, whitespace of all four kinds goes between
 * tokens, and extra fields nest objects and arrays. The same seed gives the same records.
 */
public final class FuzzLogs
{
    private static final String WHITESPACE = " \t\n\r";
    private static final String[] SIMPLE_ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
    private static final long MIN_DT64_9 = -9_223_372_036L;
    private static final long MAX_DT64_9 = 9_223_372_035L;
    private static final long MIN_YEAR_0 = -62_167_219_200L;
    private static final long MAX_YEAR_9999 = 253_402_300_799L;

    private final Random random;
    private final FuzzNumbers numbers;
    private final FuzzScalars scalars;
    private final List<FuzzColumn> columns;
    private final StringBuilder out = new StringBuilder();

    public FuzzLogs(final long seed, final List<FuzzColumn> columns)
    {
        this.random = new Random(seed);
        this.numbers = new FuzzNumbers(random);
        this.scalars = new FuzzScalars(random, numbers, this::quoted);
        this.columns = columns;
    }

    /** The next record, as the UTF-8 bytes a producer sends; epoch numbers are made for {@code unit}. */
    public byte[] next(final EpochUnit unit)
    {
        out.setLength(0);
        final List<Runnable> fields = new ArrayList<>();
        for (final FuzzColumn column : columns)
        {
            final int roll = random.nextInt(100);
            if (roll < 4)
            {
                continue;
            }
            if (roll < 8)
            {
                fields.add(() -> field(column.name(), () -> value(column, unit)));
            }
            fields.add(() -> field(column.name(), () -> value(column, unit)));
        }
        for (int i = random.nextInt(4); i > 0; i--)
        {
            final String key = string(8);
            fields.add(() -> field(key, () -> appendAny(4)));
        }
        Collections.rotate(fields, random.nextInt(fields.size() + 1));
        whitespace();
        out.append('{');
        for (int i = 0; i < fields.size(); i++)
        {
            whitespace();
            if (i > 0)
            {
                out.append(',');
                whitespace();
            }
            fields.get(i).run();
        }
        whitespace();
        out.append('}');
        whitespace();
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void field(final String key, final Runnable value)
    {
        final int roll = random.nextInt(20);
        out.append('"').append(roll == 0 ? escapedEverywhere(key) : roll == 1 ? escapedMinimally(key) : escapedOnlyAsNeeded(key))
            .append('"');
        whitespace();
        out.append(':');
        whitespace();
        value.run();
    }

    /**
     * A value for {@code column}: nearly always one it can take (edges included), so most records are stored and every
     * column is checked; about one in 300 is null, one in 1,000 of another JSON type, one in 300 just out of range.
     */
    private void value(final FuzzColumn column, final EpochUnit unit)
    {
        final int roll = random.nextInt(1000);
        if (roll < 3)
        {
            out.append("null");
            return;
        }
        if (roll < 4)
        {
            appendAny(2);
            return;
        }
        final boolean outOfRange = roll < 7;
        final String base = column.base();
        if (column.isComposite())
        {
            composite(column, unit);
            return;
        }
        final String scalar = scalars.value(column, outOfRange);
        if (scalar != null)
        {
            out.append(scalar);
        }
        else if (base.equals("String"))
        {
            if (random.nextInt(10) == 0)
            {
                appendAny(3);
            }
            else
            {
                out.append(quoted(string(random.nextInt(8) == 0 ? 300 : 40)));
            }
        }
        else if (base.startsWith("FixedString"))
        {
            out.append(quoted(fixedString(column.param() + (outOfRange ? 1 + random.nextInt(4) : 0))));
        }
        else if (base.startsWith("Float"))
        {
            out.append(numbers.floating(base.equals("Float32"), outOfRange));
        }
        else if (base.equals("Bool"))
        {
            out.append(random.nextBoolean() ? "true" : "false");
        }
        else if (base.startsWith("DateTime"))
        {
            timestamp(base, unit, outOfRange);
        }
        else
        {
            final int bits = Integer.parseInt(base.replaceAll("[^0-9]", ""));
            final boolean unsigned = base.startsWith("U");
            final BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
            final BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
            out.append(numbers.integer(min, max, outOfRange));
        }
    }

    /** An array of 0-5 values of the element type, or an object of 0-5 members with values of the value type. */
    private void composite(final FuzzColumn column, final EpochUnit unit)
    {
        final boolean map = column.base().startsWith("Map(");
        final FuzzColumn element = column.element();
        out.append(map ? '{' : '[');
        for (int i = random.nextInt(6); i > 0; i--)
        {
            whitespace();
            if (map)
            {
                out.append(quoted(string(6)));
                whitespace();
                out.append(':');
                whitespace();
            }
            if (element.nullable() && random.nextInt(8) == 0)
            {
                out.append("null");
            }
            else
            {
                value(element, unit);
            }
            whitespace();
            out.append(i > 1 ? "," : "");
        }
        out.append(map ? '}' : ']');
    }

    /** A string of at most {@code maxBytes} UTF-8 bytes. */
    private String fixedString(final int maxBytes)
    {
        final String candidate = string(maxBytes);
        final StringBuilder s = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < candidate.length(); )
        {
            final int c = candidate.codePointAt(i);
            final int length = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > maxBytes)
            {
                break;
            }
            s.appendCodePoint(c);
            bytes += length;
            i += Character.charCount(c);
        }
        return s.toString();
    }

    /** Appends any JSON value, nesting up to {@code depth} levels. */
    private void appendAny(final int depth)
    {
        switch (random.nextInt(depth > 0 ? 8 : 6))
        {
            case 0 -> out.append(quoted(string(20)));
            case 1 -> out.append(numbers.floating(false, false));
            case 2 -> out.append(numbers.integer(BigInteger.valueOf(-1000), BigInteger.valueOf(1000), false));
            case 3 -> out.append(random.nextBoolean() ? "true" : "false");
            case 4 -> out.append("null");
            case 5 -> out.append(quoted(rfc3339(0, 0xFFFF_FFFFL)));
            case 6 ->
            {
                out.append('[');
                for (int i = random.nextInt(4); i > 0; i--)
                {
                    whitespace();
                    appendAny(depth - 1);
                    whitespace();
                    out.append(i > 1 ? "," : "");
                }
                out.append(']');
            }
            default ->
            {
                out.append('{');
                for (int i = random.nextInt(4); i > 0; i--)
                {
                    whitespace();
                    out.append(quoted(string(6)));
                    whitespace();
                    out.append(':');
                    whitespace();
                    appendAny(depth - 1);
                    whitespace();
                    out.append(i > 1 ? "," : "");
                }
                out.append('}');
            }
        }
    }

    private void whitespace()
    {
        if (random.nextInt(3) == 0)
        {
            for (int i = random.nextInt(3); i >= 0; i--)
            {
                out.append(WHITESPACE.charAt(random.nextInt(4)));
            }
        }
    }

    /** A random string of up to {@code maxLength} code points from every class: ASCII, controls, BMP, astral. */
    String string(final int maxLength)
    {
        final StringBuilder s = new StringBuilder();
        final int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++)
        {
            final int roll = random.nextInt(20);
            if (roll < 12)
            {
                s.append((char)(0x20 + random.nextInt(0x5F)));
            }
            else if (roll < 14)
            {
                s.append((char)random.nextInt(0x20));
            }
            else if (roll < 16)
            {
                s.append((char)(0x80 + random.nextInt(0x780)));
            }
            else if (roll < 18)
            {
                char c;
                do
                {
                    c = (char)(0x800 + random.nextInt(0x10000 - 0x800));
                }
                while (Character.isSurrogate(c));
                s.append(c);
            }
            else if (roll < 19)
            {
                s.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
            else
            {
                s.append(random.nextBoolean() ? '\u2028' : '\u2029');
            }
        }
        return s.toString();
    }

    private String quoted(final String s)
    {
        return '"' + escapedMinimally(s) + '"';
    }

    /** JSON text of {@code s}: controls, quote and backslash escaped; everything else raw or, at random, escaped. */
    private String escapedMinimally(final String s)
    {
        final StringBuilder e = new StringBuilder();
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            final boolean pair = Character.isHighSurrogate(c);
            if (c == '"' || c == '\\' || c < 0x20 || random.nextInt(10) == 0)
            {
                escape(e, c);
                if (pair)
                {
                    escape(e, s.charAt(++i));
                }
            }
            else
            {
                e.append(c);
                if (pair)
                {
                    e.append(s.charAt(++i));
                }
            }
        }
        return e.toString();
    }

    private static String escapedOnlyAsNeeded(final String s)
    {
        final StringBuilder e = new StringBuilder();
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                e.append('\\');
            }
            if (c < 0x20)
            {
                e.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                e.append(c);
            }
        }
        return e.toString();
    }

    private String escapedEverywhere(final String s)
    {
        final StringBuilder e = new StringBuilder();
        for (int i = 0; i < s.length(); i++)
        {
            escape(e, s.charAt(i));
        }
        return e.toString();
    }

    private void escape(final StringBuilder e, final char c)
    {
        final String simple = switch (c)
        {
            case '"' -> SIMPLE_ESCAPES[0];
            case '\\' -> SIMPLE_ESCAPES[1];
            case '/' -> SIMPLE_ESCAPES[2];
            case '\b' -> SIMPLE_ESCAPES[3];
            case '\f' -> SIMPLE_ESCAPES[4];
            case '\n' -> SIMPLE_ESCAPES[5];
            case '\r' -> SIMPLE_ESCAPES[6];
            case '\t' -> SIMPLE_ESCAPES[7];
            default -> null;
        };
        if (simple != null && random.nextInt(3) > 0)
        {
            e.append(simple);
            return;
        }
        final String hex = String.format("\\u%04x", (int)c);
        e.append(random.nextBoolean() ? hex : hex.toUpperCase().replace("\\U", "\\u"));
    }

    /**
     * An RFC 3339 string or an epoch number in {@code unit} for a DateTime or DateTime64(P) column: inside its range,
     * often within a second of its ends, or just past them if {@code outOfRange}.
     */
    private void timestamp(final String base, final EpochUnit unit, final boolean outOfRange)
    {
        final boolean dateTime = base.equals("DateTime");
        final boolean nanos = base.equals("DateTime64(9)");
        final long min = dateTime ? 0 : nanos ? MIN_DT64_9 : MIN_YEAR_0;
        final long max = dateTime ? 0xFFFF_FFFFL : nanos ? MAX_DT64_9 : MAX_YEAR_9999;
        final long second = outOfRange ? (random.nextBoolean() ? min - 1 - random.nextInt(3) : max + 1 + random.nextInt(3))
            : switch (random.nextInt(6))
            {
                case 0 -> min + (long)(random.nextDouble() * (max - min));
                case 1 -> random.nextBoolean() ? min + random.nextInt(2) : max - random.nextInt(2);
                default -> 1_500_000_000L + random.nextInt(500_000_000);
            };
        if (random.nextInt(3) > 0 && second >= MIN_YEAR_0 + 86_400 && second <= MAX_YEAR_9999 - 86_400)
        {
            out.append('"').append(rfc3339(second, second)).append('"');
            return;
        }
        final long unitsPerSecond = 1_000_000_000L / unit.nanosPerUnit();
        final BigInteger units = BigInteger.valueOf(second).multiply(BigInteger.valueOf(unitsPerSecond))
            .add(BigInteger.valueOf(random.nextLong(unitsPerSecond)));
        out.append(units);
        if (random.nextBoolean())
        {
            out.append('.');
            appendDigits(out, 1 + random.nextInt(12));
        }
    }

    /**
     * {@code YYYY-MM-DD(T|t| )hh:mm:ss[.f{1,9}](Z|z|±hh:mm)} for an instant between {@code from} and {@code to}
     * seconds, in a random offset unless that would leave years 0000-9999.
     */
    private String rfc3339(final long from, final long to)
    {
        final long second = from + (long)(random.nextDouble() * (to - from));
        final int offsetMinutes = random.nextInt(3) == 0 ? 0 : random.nextInt(2 * 18 * 60 + 1) - 18 * 60;
        final LocalDateTime utc = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        final boolean shift = utc.getYear() > 0 && utc.getYear() < 9999;
        final LocalDateTime local = shift ? utc.plusMinutes(offsetMinutes) : utc;
        final int shown = shift ? offsetMinutes : 0;
        final StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02d%c%02d:%02d:%02d", local.getYear(),
            local.getMonthValue(), local.getDayOfMonth(), "TTTt ".charAt(random.nextInt(5)), local.getHour(),
            local.getMinute(), local.getSecond()));
        if (random.nextBoolean())
        {
            s.append('.');
            appendDigits(s, 1 + random.nextInt(9));
        }
        if (shown == 0 && random.nextBoolean())
        {
            s.append(random.nextBoolean() ? 'Z' : 'z');
        }
        else
        {
            s.append(String.format("%c%02d:%02d", shown < 0 ? '-' : '+', Math.abs(shown) / 60, Math.abs(shown) % 60));
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
}
