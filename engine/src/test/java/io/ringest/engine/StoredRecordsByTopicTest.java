package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class StoredRecordsByTopicTest
{
    @Test
    void shouldAnswerWithTheUnionOfTheTopicsTablesInOffsetOrder()
    {
        final StoredRecords evens = (topic, partition, from) -> new long[] {from, from + 2, from + 4};
        final StoredRecords odds = (topic, partition, from) -> partition == 1 ? new long[] {from + 1, from + 3} : new long[0];
        final StoredRecords byTopic = new StoredRecordsByTopic(Map.of(
            "split", List.of(evens, odds), "one", List.of(odds), "blind", List.of()));
        assertArrayEquals(new long[] {10, 11, 12, 13, 14}, byTopic.storedSince("split", 1, 10));
        assertArrayEquals(new long[] {10, 12, 14}, byTopic.storedSince("split", 0, 10));
        assertArrayEquals(new long[] {6, 8}, byTopic.storedSince("one", 1, 5));
        assertArrayEquals(new long[0], byTopic.storedSince("blind", 1, 5));
        assertArrayEquals(new long[0], byTopic.storedSince("unknown", 1, 5));
    }
}
