package io.ringest.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian views of a byte array, as RowBinary lays out numbers. */
final class LittleEndian
{
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian()
    {
    }

    static void putInt(final byte[] bytes, final int index, final int value)
    {
        INT.set(bytes, index, value);
    }

    static int getInt(final byte[] bytes, final int index)
    {
        return (int)INT.get(bytes, index);
    }

    static void putLong(final byte[] bytes, final int index, final long value)
    {
        LONG.set(bytes, index, value);
    }
}
