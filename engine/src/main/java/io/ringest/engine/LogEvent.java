package io.ringest.engine;

import java.nio.ByteBuffer;

/**
 * One slot of the ring: a Kafka record's value bytes and coordinates, overwritten in place for every record.
 * A poller thread fills it between claim and publish; the batching thread reads it after.
 * Values up to the slot's own capacity are copied into it; a larger value gets an array of its own, dropped at
 * {@link #reset}, so a slot never grows and the ring's memory stays {@code ringSize * slotCapacity}.
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

    public LogEvent(final int slotCapacity)
    {
        ownValue = new byte[slotCapacity];
        value = ownValue;
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

    /** Sets the coordinates and makes the slot a tombstone until {@link #target} gives it a value. */
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

    /** Drops a reference to an oversized value so it can be collected. */
    public void reset()
    {
        value = ownValue;
        length = 0;
        topic = null;
    }
}
