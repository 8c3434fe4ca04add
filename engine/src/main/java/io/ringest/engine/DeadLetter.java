package io.ringest.engine;

/**
 * A record that could not become a row: its original bytes, where it came from, why, and the route it was for (null
 * when no route took it).
 */
public record DeadLetter(String topic, int partition, long offset, byte[] value, String reason, String route)
{
    /** A letter without a route. */
    public DeadLetter(final String topic, final int partition, final long offset, final byte[] value, final String reason)
    {
        this(topic, partition, offset, value, reason, null);
    }
}
