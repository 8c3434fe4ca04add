package io.ringest.kafka;

/**
 * Which records of a source partition this group already sent to the dead-letter topic, so that records read again
 * after a crash are not dead-lettered twice. Called by poller threads when partitions are assigned.
 */
public interface DeadLetterLookup
{
    /** Looks nothing up: every record read again is dead-lettered again if it is bad. */
    DeadLetterLookup NONE = (topic, partition, from, sinceMillis) -> new long[0];

    /**
     * The source offsets at or above {@code from} of {@code topic}-{@code partition} that this group dead-lettered, sorted;
     * only letters written at or after {@code sinceMillis} are read, all of them when it is negative.
     */
    long[] deadLettered(String topic, int partition, long from, long sinceMillis);
}
