package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RowBufferTest
{
    private static byte[] bytes(final RowBuffer b)
    {
        return Arrays.copyOf(b.array(), b.size());
    }

    @Test
    void shouldWriteLittleEndianAndGrow()
    {
        final RowBuffer b = new RowBuffer(1);
        b.writeShortLE(0x0102);
        b.writeIntLE(0x03040506);
        b.writeLongLE(0x0708090A0B0C0D0EL);
        assertArrayEquals(new byte[] {2, 1, 6, 5, 4, 3, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 9, 8, 7}, bytes(b));
    }

    @Test
    void shouldWriteLeb128Lengths()
    {
        final RowBuffer b = new RowBuffer(16);
        b.writeVarInt(0);
        b.writeVarInt(127);
        b.writeVarInt(128);
        b.writeVarInt(300);
        assertArrayEquals(new byte[] {0, 127, (byte)0x80, 1, (byte)0xAC, 2}, bytes(b));
    }

    @Test
    void shouldDropAHalfWrittenRowOnTruncate()
    {
        final RowBuffer b = new RowBuffer(16);
        b.writeByte(1);
        final int mark = b.size();
        b.writeLongLE(-1);
        b.truncate(mark);
        b.writeByte(2);
        assertArrayEquals(new byte[] {1, 2}, bytes(b));
        assertEquals(2, b.size());
    }
}
