package io.ringest.clickhouse.encode;

import io.ringest.clickhouse.encode.ClickHouseType.Kind;
import io.ringest.engine.RowBuffer;

import java.util.Arrays;

/**
 * Writes {@code IPv4} (UInt32, little-endian) from a dotted quad and {@code IPv6} (16 bytes, network order) from any
 * RFC 4291 text form: one to four hex digits per group, {@code ::} once, a dotted quad as the last 32 bits. A dotted
 * quad into IPv6 becomes {@code ::ffff:a.b.c.d}, as ClickHouse maps it. Octets with leading zeros ({@code 01.2.3.4},
 * octal to some parsers) and zone ids ({@code %eth0}) are refused. One instance per encoder thread.
 */
final class IpWriter
{
    private final JsonStringDecoder strings;
    private final int[] groups = new int[8];

    IpWriter(final JsonStringDecoder strings)
    {
        this.strings = strings;
    }

    /** Writes the value; null if written, else why not. */
    String write(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        if (json[start] != '"')
        {
            return JsonValueText.mismatch("an IP address string", type, json, start, end);
        }
        final int length = strings.decode(json, start + 1, end - 1);
        if (length < 0)
        {
            return strings.error();
        }
        final byte[] text = strings.scratch();
        final long v4 = ipv4(text, 0, length);
        if (type.kind() == Kind.IPV4)
        {
            if (v4 < 0)
            {
                return "expected a dotted quad for IPv4, found " + JsonValueText.excerpt(json, start, end);
            }
            out.writeIntLE((int)v4);
            return null;
        }
        if (v4 >= 0)
        {
            out.writeLongLE(0);
            out.writeLongLE(Long.reverseBytes(0xFFFF_0000_0000L | v4));
            return null;
        }
        if (!ipv6(text, length))
        {
            return "expected an IPv6 address for " + type.displayName() + ", found " + JsonValueText.excerpt(json, start, end);
        }
        out.writeLongLE(Long.reverseBytes((long)groups[0] << 48 | (long)groups[1] << 32 | (long)groups[2] << 16 | groups[3]));
        out.writeLongLE(Long.reverseBytes((long)groups[4] << 48 | (long)groups[5] << 32 | (long)groups[6] << 16 | groups[7]));
        return null;
    }

    /** The address of the dotted quad {@code text[from..to)} as an unsigned 32-bit value, or -1. */
    private static long ipv4(final byte[] text, final int from, final int to)
    {
        long address = 0;
        int i = from;
        for (int octet = 0; octet < 4; octet++)
        {
            if (octet > 0 && (i >= to || text[i++] != '.'))
            {
                return -1;
            }
            final int first = i;
            int value = 0;
            while (i < to && i - first < 3 && text[i] >= '0' && text[i] <= '9')
            {
                value = value * 10 + text[i++] - '0';
            }
            if (i == first || value > 255 || (text[first] == '0' && i - first > 1))
            {
                return -1;
            }
            address = address << 8 | value;
        }
        return i == to ? address : -1;
    }

    /** Parses {@code text[0..length)} as an IPv6 address into {@link #groups}; false if it is not one. */
    private boolean ipv6(final byte[] text, final int length)
    {
        int count = 0;
        int gap = -1;
        int i = 0;
        if (length >= 2 && text[0] == ':' && text[1] == ':')
        {
            gap = 0;
            i = 2;
        }
        while (i < length)
        {
            final int first = i;
            int value = 0;
            while (i < length && Character.digit(text[i], 16) >= 0)
            {
                value = value << 4 | Character.digit(text[i++], 16);
            }
            if (i < length && text[i] == '.')
            {
                final long v4 = count <= 6 ? ipv4(text, first, length) : -1;
                if (v4 < 0)
                {
                    return false;
                }
                groups[count++] = (int)(v4 >>> 16);
                groups[count++] = (int)(v4 & 0xFFFF);
                break;
            }
            if (i == first || i - first > 4 || count == 8)
            {
                return false;
            }
            groups[count++] = value;
            if (i == length)
            {
                break;
            }
            if (text[i] != ':' || ++i == length)
            {
                return false;
            }
            if (text[i] == ':')
            {
                if (gap >= 0)
                {
                    return false;
                }
                gap = count;
                i++;
            }
        }
        return expand(count, gap);
    }

    /** Moves the groups after the {@code ::} at {@code gap} to the end, zero-filling between; false if the count is wrong. */
    private boolean expand(final int count, final int gap)
    {
        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }
        if (gap >= 0)
        {
            final int tail = count - gap;
            System.arraycopy(groups, gap, groups, 8 - tail, tail);
            Arrays.fill(groups, gap, 8 - tail, 0);
        }
        return true;
    }
}
