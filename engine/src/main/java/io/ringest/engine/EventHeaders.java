package io.ringest.engine;

/**
 * A Kafka record's headers as a ring slot holds them: every key and value, in record order and duplicates included,
 * packed into one byte array that is reused from record to record ({@link SlotBytes}). A poller appends them with
 * {@link #add}, which writes the key's UTF-8 straight from its chars; the batching thread walks them with the static
 * offset functions below.
 *
 * <pre>
 *   per header, from offset 0 on:
 *   +------------------+-----------+--------------------+-------------+
 *   | key length int32 | key UTF-8 | value length int32 | value bytes |
 *   +------------------+-----------+--------------------+-------------+
 *   little-endian; a null value has length -1 and no bytes
 * </pre>
 */
public final class EventHeaders
{
    private static final int INT = 4;

    private final SlotBytes bytes;
    private int length;
    private int count;

    EventHeaders(final int cap)
    {
        bytes = new SlotBytes(cap);
    }

    /** Appends a header: {@code key} as UTF-8 (the bytes of {@code getBytes(UTF_8)}), {@code value} as is, null kept. */
    public void add(final String key, final byte[] value)
    {
        final int keyLength = Utf8.length(key);
        final int valueLength = value == null ? 0 : value.length;
        final byte[] array = bytes.ensure(length + INT + keyLength + INT + valueLength, length);
        LittleEndian.putInt(array, length, keyLength);
        int at = Utf8.encode(key, array, length + INT);
        LittleEndian.putInt(array, at, value == null ? -1 : valueLength);
        at += INT;
        if (value != null)
        {
            System.arraycopy(value, 0, array, at, valueLength);
        }
        length = at + valueLength;
        count++;
    }

    /** How many headers the record has. */
    public int count()
    {
        return count;
    }

    /** The packed headers; valid from 0 to {@link #length()}. */
    public byte[] bytes()
    {
        return bytes.array();
    }

    public int length()
    {
        return length;
    }

    /** Where the key of the header at {@code at} starts. */
    public static int keyOffset(final int at)
    {
        return at + INT;
    }

    public static int keyLength(final byte[] headers, final int at)
    {
        return LittleEndian.getInt(headers, at);
    }

    /** Where the value of the header at {@code at} starts. */
    public static int valueOffset(final byte[] headers, final int at)
    {
        return at + INT + keyLength(headers, at) + INT;
    }

    /** The length of the value of the header at {@code at}, -1 for a null value. */
    public static int valueLength(final byte[] headers, final int at)
    {
        return LittleEndian.getInt(headers, at + INT + keyLength(headers, at));
    }

    /** Where the header after the one at {@code at} starts. */
    public static int next(final byte[] headers, final int at)
    {
        return valueOffset(headers, at) + Math.max(0, valueLength(headers, at));
    }

    /** No headers, keeping the array for the next record. */
    void clear()
    {
        length = 0;
        count = 0;
    }

    /** Drops an array beyond the slot's cap so it can be collected. */
    void reset()
    {
        clear();
        bytes.reset();
    }
}
