package io.ringest.engine;

/**
 * A variable-length byte field of a ring slot, such as the record key or the headers. It starts without an array, so
 * a field nobody fills costs nothing; its own array then grows to fit the records it is given, up to {@code cap}
 * bytes. A record beyond the cap gets an array of its own, dropped at {@link #reset}, so a slot stays within its cap
 * and, once grown, allocates nothing. Used by the thread that fills the slot, then read by the one that drains it.
 */
final class SlotBytes
{
    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_GROWTH = 64;

    private final int cap;
    private byte[] own = EMPTY;
    private byte[] bytes = EMPTY;

    SlotBytes(final int cap)
    {
        this.cap = cap;
    }

    /** The array, at least {@code needed} bytes long, holding the first {@code kept} bytes it held before. */
    byte[] ensure(final int needed, final int kept)
    {
        if (needed <= bytes.length)
        {
            return bytes;
        }
        final int grown = Math.max(needed, Math.max(MIN_GROWTH, 2 * bytes.length));
        final byte[] larger = new byte[needed <= cap ? Math.min(grown, cap) : grown];
        System.arraycopy(bytes, 0, larger, 0, kept);
        if (needed <= cap)
        {
            own = larger;
        }
        bytes = larger;
        return bytes;
    }

    byte[] array()
    {
        return bytes;
    }

    /** Drops an array beyond the cap so it can be collected. */
    void reset()
    {
        bytes = own;
    }
}
