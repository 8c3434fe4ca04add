package io.ringest.clickhouse.encode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampParserTest
{
    private final TimestampParser parser = new TimestampParser();

    private boolean parse(final String text)
    {
        final byte[] bytes = ("\"" + text + "\"").getBytes(StandardCharsets.US_ASCII);
        return parser.parseRfc3339(bytes, 1, bytes.length - 1);
    }

    private void assertInstant(final String text, final String expected)
    {
        assertTrue(parse(text), () -> text + ": " + parser.error());
        final Instant instant = Instant.parse(expected);
        assertEquals(instant.getEpochSecond(), parser.epochSecond(), text);
        assertEquals(instant.getNano(), parser.nano(), text);
    }

    private void assertRejected(final String text, final String reasonPart)
    {
        assertFalse(parse(text), text);
        assertTrue(parser.error().contains(reasonPart), () -> text + ": " + parser.error());
    }

    private boolean epoch(final String number, final EpochUnit unit)
    {
        final byte[] bytes = number.getBytes(StandardCharsets.US_ASCII);
        return parser.parseEpoch(bytes, 0, bytes.length, unit);
    }

    @Test
    void shouldParseUtcAndOffsets()
    {
        assertInstant("2024-05-06T07:08:09Z", "2024-05-06T07:08:09Z");
        assertInstant("2024-05-06t07:08:09z", "2024-05-06T07:08:09Z");
        assertInstant("2024-05-06 07:08:09Z", "2024-05-06T07:08:09Z");
        assertInstant("2024-05-06T07:08:09+02:00", "2024-05-06T05:08:09Z");
        assertInstant("2024-05-06T07:08:09-05:30", "2024-05-06T12:38:09Z");
        assertInstant("2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z");
        assertInstant("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z");
        assertInstant("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.5Z");
        assertInstant("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z");
        assertInstant("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z");
    }

    @Test
    void shouldParseZeroToNineFractionDigits()
    {
        final String digits = "123456789";
        for (int n = 0; n <= 9; n++)
        {
            final String fraction = n == 0 ? "" : "." + digits.substring(0, n);
            final String text = "2023-11-14T22:13:20" + fraction + "Z";
            assertInstant(text, text.toUpperCase());
        }
    }

    @Test
    void shouldHandleLeapYears()
    {
        assertInstant("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z");
        assertInstant("2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z");
        assertRejected("2023-02-29T00:00:00Z", "no such date");
        assertRejected("1900-02-29T00:00:00Z", "no such date");
        assertRejected("2100-02-29T00:00:00Z", "no such date");
    }

    @Test
    void shouldMatchJavaTimeForEveryDayOfFourHundredYears()
    {
        LocalDate date = LocalDate.of(1800, 1, 1);
        while (date.getYear() < 2200)
        {
            assertEquals(date.toEpochDay(), CivilDate.daysFromEpoch(date.getYear(), date.getMonthValue(), date.getDayOfMonth()));
            date = date.plusDays(1);
        }
        final OffsetDateTime time = OffsetDateTime.parse("2037-07-01T13:14:15.016-03:00");
        assertInstant(time.toString(), time.toInstant().truncatedTo(ChronoUnit.NANOS).toString());
    }

    /**
     * Random timestamps, valid and not (every field out of range now and then, 0 to 10 fraction digits, offsets or none,
     * one byte replaced), against a reference built on a regular expression and java.time.
     */
    @Test
    void shouldAgreeWithJavaTimeOnRandomTimestamps()
    {
        final long seed = Long.getLong("ringest.fuzz.seed", System.nanoTime());
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        final java.util.regex.Pattern shape = java.util.regex.Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?([Zz]|[+-](\\d{2}):(\\d{2}))?");
        final byte[] odd = {'0', '9', '/', ':', '-', 'T', ' ', 'Z', '.', (byte)0xC3, (byte)0xFF, 0x06, '`'};
        int accepted = 0;
        for (int n = 0; n < 100_000; n++)
        {
            final String text = String.format("%04d-%02d-%02d%c%02d:%02d:%02d%s%s", random.nextInt(10_000),
                random.nextInt(14), random.nextInt(33), "Tt ".charAt(random.nextInt(3)), random.nextInt(25), random.nextInt(61),
                random.nextInt(61), random.nextInt(3) == 0 ? "" : "." + Long.toString(random.nextLong(Long.MAX_VALUE)).substring(0, 1 + random.nextInt(10)),
                new String[] {"", "Z", "z", "+05:30", "-23:59", "+24:00", "-00:60"}[random.nextInt(7)]);
            final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            if (random.nextInt(3) == 0)
            {
                bytes[random.nextInt(bytes.length)] = odd[random.nextInt(odd.length)];
            }
            final String input = new String(bytes, StandardCharsets.ISO_8859_1);
            final java.util.regex.Matcher m = shape.matcher(input);
            Instant expected = null;
            if (m.matches())
            {
                try
                {
                    // RFC 3339 allows offsets up to ±23:59, beyond java.time's ±18:00: applied by hand.
                    final int offset = m.group(9) == null ? 0 : (m.group(8).charAt(0) == '-' ? -1 : 1)
                        * (Integer.parseInt(m.group(9)) * 3600 + Integer.parseInt(m.group(10)) * 60);
                    final boolean offsetInRange = m.group(9) == null
                        || Integer.parseInt(m.group(9)) < 24 && Integer.parseInt(m.group(10)) < 60;
                    final String fraction = m.group(7) == null ? "" : m.group(7).substring(1);
                    expected = offsetInRange ? java.time.LocalDateTime.of(Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                        Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                        fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9)))
                        .toInstant(java.time.ZoneOffset.UTC).minusSeconds(offset) : null;
                }
                catch (final java.time.DateTimeException e)
                {
                    expected = null;
                }
            }
            final boolean parsed = parser.parseRfc3339(bytes, 0, bytes.length);
            assertEquals(expected != null, parsed, () -> "seed " + seed + ": " + input + " " + parser.error());
            if (parsed)
            {
                accepted++;
                assertEquals(expected.getEpochSecond(), parser.epochSecond(), () -> "seed " + seed + ": " + input);
                assertEquals(expected.getNano(), parser.nano(), () -> "seed " + seed + ": " + input);
            }
        }
        assertTrue(accepted > 10_000 && accepted < 90_000, "accepted " + accepted);
    }

    @Test
    void shouldRejectBadInputs()
    {
        assertRejected("2024-13-01T00:00:00Z", "no such date");
        assertRejected("2024-00-01T00:00:00Z", "no such date");
        assertRejected("2024-01-32T00:00:00Z", "no such date");
        assertRejected("2024-04-31T00:00:00Z", "no such date");
        assertRejected("2024-02-30T00:00:00Z", "no such date");
        assertRejected("2024-01-01T24:00:00Z", "no such time");
        assertRejected("2024-01-01T23:60:00Z", "no such time");
        assertRejected("2024-01-01T23:59:60Z", "no such time");
        assertRejected("2024-01-01T00:00:0", "too short");
        assertRejected("2024-01-01T00:00:00+0200", "expected Z or");
        assertRejected("2024-01-01T00:00:00+24:00", "expected Z or");
        assertRejected("2024-01-01T00:00:00ZZ", "expected Z or");
        assertRejected("2024-01-01T00:00:00.1234567891Z", "more than 9 fraction digits");
        assertRejected("2024-01-01T00:00:00.Z", "no digits after");
        assertRejected("2024-01-01X00:00:00Z", "expected YYYY");
        assertRejected("24-01-01T00:00:00Z000", "expected YYYY");
        assertRejected("hello, this is not a time", "expected YYYY");
        assertRejected("", "too short");
    }

    /** A timestamp without an offset is read in encode.timezone: UTC by default, a zone's offset of that local time. */
    @Test
    void shouldReadTimestampsWithoutOffsetInTheConfiguredZone()
    {
        assertTrue(parse("2024-01-01T00:00:00"));
        assertEquals(1_704_067_200L, parser.epochSecond());
        assertTrue(parse("2024-01-01 00:00:00.25"));
        assertEquals(250_000_000, parser.nano());
        parser.zone(java.time.ZoneId.of("Europe/Paris"));
        assertTrue(parse("2024-01-01T00:00:00"));
        assertEquals(1_704_067_200L - 3_600, parser.epochSecond());
        assertTrue(parse("2024-07-01T00:00:00"));
        assertEquals(java.time.Instant.parse("2024-06-30T22:00:00Z").getEpochSecond(), parser.epochSecond());
        assertTrue(parse("2024-07-01T00:00:00Z"), "an explicit offset wins");
        assertEquals(java.time.Instant.parse("2024-07-01T00:00:00Z").getEpochSecond(), parser.epochSecond());
        parser.zone(java.time.ZoneOffset.ofHours(-5));
        assertTrue(parse("2024-07-01T00:00:00"));
        assertEquals(java.time.Instant.parse("2024-07-01T05:00:00Z").getEpochSecond(), parser.epochSecond());
    }

    @Test
    void shouldParseEpochNumbersInEachUnit()
    {
        assertTrue(epoch("1700000000", EpochUnit.SECONDS));
        assertEquals(1_700_000_000L, parser.epochSecond());
        assertTrue(epoch("1700000000123", EpochUnit.MILLISECONDS));
        assertEquals(1_700_000_000L, parser.epochSecond());
        assertEquals(123_000_000, parser.nano());
        assertTrue(epoch("1700000000123456", EpochUnit.MICROSECONDS));
        assertEquals(123_456_000, parser.nano());
        assertTrue(epoch("1700000000123456789", EpochUnit.NANOSECONDS));
        assertEquals(123_456_789, parser.nano());
        assertTrue(epoch("1700000000.25", EpochUnit.SECONDS));
        assertEquals(250_000_000, parser.nano());
        assertTrue(epoch("-1500", EpochUnit.MILLISECONDS));
        assertEquals(-2L, parser.epochSecond());
        assertEquals(500_000_000, parser.nano());
        assertFalse(epoch("1e9", EpochUnit.SECONDS));
        assertFalse(epoch("99999999999999999999", EpochUnit.SECONDS));
        assertFalse(epoch("01", EpochUnit.SECONDS));
    }

    @Test
    void shouldRangeCheckDateTimeAndDateTime64()
    {
        assertTrue(parse("2106-02-07T06:28:15Z"));
        assertEquals(0xFFFF_FFFFL, parser.toDateTime());
        assertTrue(parse("2106-02-07T06:28:16Z"));
        assertEquals(-1L, parser.toDateTime());
        assertTrue(parse("1969-12-31T23:59:59Z"));
        assertEquals(-1L, parser.toDateTime());
        assertTrue(parser.toDateTime64(9));
        assertEquals(-1_000_000_000L, parser.ticks());

        assertTrue(parse("2262-04-11T23:47:16.854775807Z"));
        assertTrue(parser.toDateTime64(9));
        assertEquals(Long.MAX_VALUE, parser.ticks());
        assertTrue(parse("2262-04-11T23:47:16.854775808Z"));
        assertFalse(parser.toDateTime64(9));
        assertTrue(parse("1677-09-21T00:12:43.145224192Z"));
        assertTrue(parser.toDateTime64(9));
        assertEquals(Long.MIN_VALUE, parser.ticks());
        assertTrue(parse("1677-09-21T00:12:43.145224191Z"));
        assertFalse(parser.toDateTime64(9));
        assertTrue(parse("9999-12-31T23:59:59.999999999Z"));
        assertTrue(parser.toDateTime64(6));
        assertEquals(253_402_300_799_999_999L, parser.ticks());
    }
}
