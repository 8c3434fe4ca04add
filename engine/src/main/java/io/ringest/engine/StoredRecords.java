package io.ringest.engine;

/**
 * What the sink already holds of a partition at or beyond an offset. After a crash between an insert and its offset
 * commit, the records of that insert are read again; a poller asks this on assignment and skips exactly those, so
 * the replay stores nothing twice. Records it does not list are ingested as usual: a lookup that fails or knows
 * nothing costs duplicates at worst, never a loss.
 */
public interface StoredRecords
{
    /** For sinks that cannot tell. */
    StoredRecords NONE = (topic, partition, from) -> new long[0];

    /** The offsets at or above {@code from} already stored for this partition, ascending. */
    long[] storedSince(String topic, int partition, long from);
}
