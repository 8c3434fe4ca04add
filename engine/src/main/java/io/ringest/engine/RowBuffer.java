package io.ringest.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer that rows are encoded into, reused from batch to batch.
 * Single-threaded: the batching thread fills it, then one writer thread reads it, never both at once.
 *
 * <pre>
 *   0                 mark()          size()        capacity()
 *   |== complete rows ==|== row in progress ==|........|
 * </pre>
 * A row that fails half-way is dropped with {@code truncate(mark)}.
 */
public final class RowBuffer
{
    private byte[] bytes;
    private static final int VARINT_ROOM = 5;

    private int size;

    public RowBuffer(final int initialCapacity)
    {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public byte[] array()
    {
        return bytes;
    }

    public int size()
    {
        return size;
    }

    public int capacity()
    {
        return bytes.length;
    }

    public void clear()
    {
        size = 0;
    }

    /** Drops everything written after {@code position}, e.g. a row that failed half-way. */
    public void truncate(final int position)
    {
        size = position;
    }

    /** Makes room for {@code extra} more bytes and returns the position they start at; the caller then calls {@link #advance}. */
    public int reserve(final int extra)
    {
        final int needed = size + extra;
        if (needed > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
        return size;
    }

    /** Counts {@code count} bytes written straight into {@link #array()} after {@link #reserve}. */
    public void advance(final int count)
    {
        size += count;
    }

    public void writeByte(final int value)
    {
        reserve(1);
        bytes[size++] = (byte)value;
    }

    public void writeShortLE(final int value)
    {
        reserve(2);
        bytes[size] = (byte)value;
        bytes[size + 1] = (byte)(value >>> 8);
        size += 2;
    }

    public void writeIntLE(final int value)
    {
        reserve(4);
        LittleEndian.putInt(bytes, size, value);
        size += 4;
    }

    public void writeLongLE(final long value)
    {
        reserve(8);
        LittleEndian.putLong(bytes, size, value);
        size += 8;
    }

    public void writeFloatLE(final float value)
    {
        writeIntLE(Float.floatToRawIntBits(value));
    }

    public void writeDoubleLE(final double value)
    {
        writeLongLE(Double.doubleToRawLongBits(value));
    }

    /** How many bytes {@link #writeVarInt} writes for {@code value} (0 or more). */
    public static int varIntSize(final int value)
    {
        return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
    }

    /** Unsigned LEB128, as RowBinary prefixes string lengths. */
    public void writeVarInt(final long value)
    {
        reserve(10);
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            bytes[size++] = (byte)((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte)v;
    }

    /**
     * Reserves room for an unsigned LEB128 count that is known only once the items after it are written (an Array's
     * elements, a Map's entries); returns where it goes, for {@link #putVarInt}.
     */
    public int reserveVarInt()
    {
        reserve(VARINT_ROOM);
        size += VARINT_ROOM;
        return size - VARINT_ROOM;
    }

    /** Writes {@code value} at {@code at}, from {@link #reserveVarInt}, moving what follows back over the unused room. */
    public void putVarInt(final int at, final int value)
    {
        int length = 1;
        for (int rest = value >>> 7; rest != 0; rest >>>= 7)
        {
            length++;
        }
        System.arraycopy(bytes, at + VARINT_ROOM, bytes, at + length, size - at - VARINT_ROOM);
        size -= VARINT_ROOM - length;
        int v = value;
        for (int i = at; i < at + length - 1; i++)
        {
            bytes[i] = (byte)((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[at + length - 1] = (byte)v;
    }

    public void writeBytes(final byte[] src, final int offset, final int length)
    {
        reserve(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    public void writeTo(final OutputStream out) throws IOException
    {
        out.write(bytes, 0, size);
    }
}
