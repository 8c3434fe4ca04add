package io.ringest.clickhouse.encode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * JSON values for the fuzzer's Date, Date32, UUID, IPv4, IPv6, Enum, Decimal and 128/256-bit integer columns: every
 * text form each takes (day numbers and dates at the range's ends and leap days; UUIDs of either case; IPv6 full,
 * compressed at any run of zeros, with embedded IPv4; enum names and values; decimals with trailing zeros, exponents
 * and too many fraction digits, as numbers and strings), and now and then one just out of range or malformed.
 */
final class FuzzScalars
{
    private static final String[] BAD_IPV6 = {"1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "12345::", "1:", "::1:", "fe80::1%eth0",
        "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "g::", "1:2:3:4::5:6:7:8", ""};
    private static final String[] BAD_IPV4 = {"01.2.3.4", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "::1", "", "1.2.3.-4"};
    private static final String[] BAD_DATES = {"2023-02-29", "2024-1-01", "2024-13-01", "2024-00-10", "2024-01-32",
        "2024-01-01T00:00:00Z", "20240101"};

    private static final int[] LEAP_YEARS = {1904, 1972, 2000, 2024, 2096, 2104, 2148, 2296};

    private final Random random;
    private final FuzzNumbers numbers;
    private final UnaryOperator<String> quoted;

    FuzzScalars(final Random random, final FuzzNumbers numbers, final UnaryOperator<String> quoted)
    {
        this.random = random;
        this.numbers = numbers;
        this.quoted = quoted;
    }

    /** A JSON value for the column, or null if its type is not one of these (or, for the wide integers, at random). */
    String value(final FuzzColumn column, final boolean outOfRange)
    {
        final String base = column.base();
        return switch (base)
        {
            case "Date" -> date(0, 65_535, outOfRange);
            case "Date32" -> date(-25_567, 120_529, outOfRange);
            case "UUID" -> uuid(outOfRange);
            case "IPv4" -> quoted.apply(outOfRange ? BAD_IPV4[random.nextInt(BAD_IPV4.length)] : ipv4());
            case "IPv6" -> quoted.apply(outOfRange ? BAD_IPV6[random.nextInt(BAD_IPV6.length)] : ipv6());
            default -> base.startsWith("Enum") ? enumValue(column.enumValues(), outOfRange)
                : base.startsWith("Decimal(") ? decimal(column.decimal()[0], column.decimal()[1], outOfRange)
                : base.matches("U?Int(128|256)") && random.nextInt(4) == 0 ? quoted.apply(integer(base, outOfRange)) : null;
        };
    }

    private String integer(final String base, final boolean outOfRange)
    {
        final int bits = Integer.parseInt(base.replaceAll("[^0-9]", ""));
        final boolean unsigned = base.startsWith("U");
        return numbers.integer(unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate(),
            unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE) : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE),
            outOfRange);
    }

    private String date(final long min, final long max, final boolean outOfRange)
    {
        if (outOfRange && random.nextInt(4) == 0)
        {
            return quoted.apply(BAD_DATES[random.nextInt(BAD_DATES.length)]);
        }
        final long day = outOfRange ? (random.nextBoolean() ? min - 1 - random.nextInt(400) : max + 1 + random.nextInt(400))
            : switch (random.nextInt(5))
            {
                case 0 -> random.nextBoolean() ? min + random.nextInt(2) : max - random.nextInt(2);
                case 1 -> LocalDate.of(LEAP_YEARS[random.nextInt(LEAP_YEARS.length)], 2, 29).toEpochDay();
                default -> min + (long)(random.nextDouble() * (max - min + 1));
            };
        return random.nextInt(3) == 0 ? Long.toString(day) : quoted.apply(LocalDate.ofEpochDay(day).toString());
    }

    private String uuid(final boolean outOfRange)
    {
        final String[] edges = {"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "80000000-0000-0000-8000-000000000000", "7fffffff-ffff-ffff-7fff-ffffffffffff"};
        final String canonical = random.nextInt(5) == 0 ? edges[random.nextInt(edges.length)]
            : new UUID(random.nextLong(), random.nextLong()).toString();
        final String text = switch (random.nextInt(3))
        {
            case 0 -> canonical.toUpperCase(Locale.ROOT);
            case 1 -> mixedCase(canonical);
            default -> canonical;
        };
        if (!outOfRange)
        {
            return quoted.apply(text);
        }
        final int cut = random.nextInt(36);
        return quoted.apply(switch (random.nextInt(4))
        {
            case 0 -> text.replace("-", "");
            case 1 -> "{" + text + "}";
            case 2 -> text.substring(0, cut) + "g" + text.substring(cut + 1);
            default -> text.substring(0, cut) + text.substring(cut + 1);
        });
    }

    private String mixedCase(final String text)
    {
        final StringBuilder s = new StringBuilder();
        for (final char c : text.toCharArray())
        {
            s.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return s.toString();
    }

    private String ipv4()
    {
        final int roll = random.nextInt(6);
        final int address = roll == 0 ? 0 : roll == 1 ? -1 : random.nextInt();
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** An IPv6 address in one of its text forms, zero groups made likely so {@code ::} has work to do. */
    private String ipv6()
    {
        if (random.nextInt(10) == 0)
        {
            return ipv4();
        }
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(4) == 0 ? random.nextInt(16) : random.nextInt(0x10000);
        }
        final boolean embedded = random.nextInt(4) == 0;
        if (embedded && random.nextBoolean())
        {
            Arrays.fill(groups, 0, 5, 0);
            groups[5] = random.nextBoolean() ? 0xFFFF : 0;
        }
        final int hexGroups = embedded ? 6 : 8;
        final List<String> parts = new ArrayList<>();
        final boolean padded = random.nextInt(4) == 0;
        for (int i = 0; i < hexGroups; i++)
        {
            final String hex = Integer.toHexString(groups[i]);
            parts.add(padded ? "0".repeat(4 - hex.length()) + hex : hex);
        }
        if (embedded)
        {
            parts.add((groups[6] >>> 8) + "." + (groups[6] & 0xFF) + "." + (groups[7] >>> 8) + "." + (groups[7] & 0xFF));
        }
        final String text = compress(parts, groups, hexGroups);
        return random.nextBoolean() ? text : random.nextBoolean() ? text.toUpperCase(Locale.ROOT) : mixedCase(text);
    }

    /** Joins the groups with {@code :}, replacing a random run of zero groups (or none) with {@code ::}. */
    private String compress(final List<String> parts, final int[] groups, final int hexGroups)
    {
        final int from = random.nextInt(hexGroups + 1);
        int to = from;
        while (to < hexGroups && groups[to] == 0 && random.nextInt(6) > 0)
        {
            to++;
        }
        if (to == from || random.nextInt(5) == 0)
        {
            return String.join(":", parts);
        }
        return String.join(":", parts.subList(0, from)) + "::" + String.join(":", parts.subList(to, parts.size()));
    }

    private String enumValue(final Map<String, Integer> values, final boolean outOfRange)
    {
        final List<String> names = new ArrayList<>(values.keySet());
        if (outOfRange)
        {
            return random.nextBoolean() ? quoted.apply(names.get(random.nextInt(names.size())) + "x")
                : Integer.toString(random.nextInt(200) + 200);
        }
        final String name = names.get(random.nextInt(names.size()));
        return random.nextInt(3) == 0 ? Integer.toString(values.get(name)) : quoted.apply(name);
    }

    /**
     * A number for {@code Decimal(P, S)}: up to P digits at scale S, sometimes with 1-3 more fraction digits (to be
     * truncated) or trailing zeros, written plain, with an exponent, or as any JSON number; a string one time in four.
     */
    private String decimal(final int precision, final int scale, final boolean outOfRange)
    {
        final String text;
        if (outOfRange)
        {
            text = (random.nextBoolean() ? "-" : "") + "1" + "0".repeat(precision - scale) + (random.nextBoolean() ? ".5" : "");
        }
        else if (random.nextInt(5) == 0)
        {
            final String any = numbers.floating(false, false);
            text = Math.abs(Double.parseDouble(any)) < Math.pow(10, precision - scale) ? any : "0";
        }
        else
        {
            text = render(decimalValue(precision, scale));
        }
        return random.nextInt(4) == 0 ? quoted.apply(text) : text;
    }

    private BigDecimal decimalValue(final int precision, final int scale)
    {
        final int digits = 1 + random.nextInt(precision);
        final BigInteger unscaled = random.nextInt(4) == 0 ? BigInteger.TEN.pow(precision).subtract(BigInteger.ONE)
            : new BigInteger(digits * 4, random).mod(BigInteger.TEN.pow(digits));
        final BigDecimal value = new BigDecimal(random.nextBoolean() ? unscaled.negate() : unscaled, scale);
        if (random.nextInt(4) == 0)
        {
            final int extra = 1 + random.nextInt(3);
            final BigInteger more = unscaled.multiply(BigInteger.TEN.pow(extra))
                .add(BigInteger.valueOf(random.nextInt((int)Math.pow(10, extra))));
            return new BigDecimal(value.signum() < 0 ? more.negate() : more, scale + extra);
        }
        return random.nextInt(4) == 0 ? value.setScale(scale + 1 + random.nextInt(3)) : value;
    }

    private String render(final BigDecimal value)
    {
        return switch (random.nextInt(4))
        {
            case 0 -> value.toString().replace("E+", random.nextBoolean() ? "e+" : "E");
            case 1 -> value.unscaledValue() + (random.nextBoolean() ? "e" : "E") + (-value.scale());
            default -> value.toPlainString();
        };
    }
}
