package io.ringest.engine;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * What the tables a topic's routes write to already hold: the union of their answers, as each record goes to exactly
 * one table. A topic none of whose tables can tell gets an empty answer (its replayed records are stored again).
 * Immutable; poller threads call it on assignment.
 */
public final class StoredRecordsByTopic implements StoredRecords
{
    private final Map<String, List<StoredRecords>> byTopic;

    /** @param byTopic per topic, the stored-records lookup of each distinct table its routes write to */
    public StoredRecordsByTopic(final Map<String, List<StoredRecords>> byTopic)
    {
        this.byTopic = Map.copyOf(byTopic);
    }

    @Override
    public long[] storedSince(final String topic, final int partition, final long from)
    {
        final List<StoredRecords> tables = byTopic.getOrDefault(topic, List.of());
        if (tables.size() == 1)
        {
            return tables.get(0).storedSince(topic, partition, from);
        }
        LongStream union = LongStream.empty();
        for (final StoredRecords table : tables)
        {
            union = LongStream.concat(union, LongStream.of(table.storedSince(topic, partition, from)));
        }
        return union.sorted().distinct().toArray();
    }
}
