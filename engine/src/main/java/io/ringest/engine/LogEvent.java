package io.ringest.engine;

import java.nio.ByteBuffer;

/**
 * One slot of the ring: a Kafka record's value bytes and coordinates, overwritten in place for every record.
 * A poller thread fills it between claim and publish; the batching thread reads it after.
 * Values up to the slot's own capacity are copied into it; a larger value gets an array of its own, dropped at
 * {@link #reset}, so a slot never grows and the ring's memory stays {@code ringSize * slotCapacity}. The key and the
 * headers are copied only where the sink reads them ({@link RecordParts}); their arrays grow to fit, up to
 * {@code slotCapacity} each, and a larger key or set of headers gets an array of its own, dropped at {@link #reset}.
 */
public final class LogEvent
{
    private final byte[] ownValue;
    private byte[] value;
    private int length;
    private String topic;
    private int partition;
    private int partitionIndex;
    private long offset;
    private long timestampMs;
    private final SlotBytes key;
    private int keyLength = -1;
    private final EventHeaders headers;

    public LogEvent(final int slotCapacity)
    {
        ownValue = new byte[slotCapacity];
        value = ownValue;
        key = new SlotBytes(slotCapacity);
        headers = new EventHeaders(slotCapacity);
    }

    /** Fills the slot; a null {@code source} (a tombstone) becomes an empty value of length -1. */
    public void set(
        final String topic, final int partition, final int partitionIndex, final long offset, final long timestampMs,
        final byte[] source)
    {
        coordinates(topic, partition, partitionIndex, offset, timestampMs);
        if (source != null)
        {
            System.arraycopy(source, 0, target(source.length), 0, source.length);
        }
    }

    /**
     * Fills the slot from the bytes between the buffer's position and limit, leaving the buffer as it was. This is
     * how Kafka hands a value over without copying it first.
     */
    public void set(
        final String topic, final int partition, final int partitionIndex, final long offset, final long timestampMs,
        final ByteBuffer source)
    {
        coordinates(topic, partition, partitionIndex, offset, timestampMs);
        if (source != null)
        {
            source.get(source.position(), target(source.remaining()), 0, source.remaining());
        }
    }

    /**
     * Copies the record key from the bytes between the buffer's position and limit, leaving the buffer as it was; a
     * null {@code source} is a null key. A poller calls it after {@code set}, only if the sink reads the key.
     */
    public void copyKey(final ByteBuffer source)
    {
        if (source == null)
        {
            keyLength = -1;
            return;
        }
        final int length = source.remaining();
        source.get(source.position(), key.ensure(length, 0), 0, length);
        keyLength = length;
    }

    /** The key bytes; valid from 0 to {@link #keyLength()}. */
    public byte[] key()
    {
        return key.array();
    }

    /** Length of the key, or -1 for a null key or one not copied. */
    public int keyLength()
    {
        return keyLength;
    }

    /** The record's headers: empty after {@code set}, filled by a poller only if the sink reads them. */
    public EventHeaders headers()
    {
        return headers;
    }

    /** Sets the coordinates, clears key and headers, and makes the slot a tombstone until {@link #target} gives it a value. */
    private void coordinates(
        final String topic, final int partition, final int partitionIndex, final long offset, final long timestampMs)
    {
        this.topic = topic;
        this.partition = partition;
        this.partitionIndex = partitionIndex;
        this.offset = offset;
        this.timestampMs = timestampMs;
        this.value = ownValue;
        this.length = -1;
        this.keyLength = -1;
        headers.clear();
    }

    /** The array a value of {@code length} bytes is copied into: the slot's own, or a new one if it does not fit. */
    private byte[] target(final int length)
    {
        this.length = length;
        value = length <= ownValue.length ? ownValue : new byte[length];
        return value;
    }

    /** The value bytes; valid from 0 to {@link #length()}. */
    public byte[] value()
    {
        return value;
    }

    /** Length of the value, or -1 for a record with a null value. */
    public int length()
    {
        return length;
    }

    public String topic()
    {
        return topic;
    }

    public int partition()
    {
        return partition;
    }

    /** The partition's index in the {@link PartitionTable}. */
    public int partitionIndex()
    {
        return partitionIndex;
    }

    public long offset()
    {
        return offset;
    }

    /** The Kafka record timestamp in epoch milliseconds; end-to-end latency is measured from it. */
    public long timestampMs()
    {
        return timestampMs;
    }

    /** Drops references to an oversized value, key or headers so they can be collected. */
    public void reset()
    {
        value = ownValue;
        length = 0;
        topic = null;
        key.reset();
        keyLength = -1;
        headers.reset();
    }
}
