package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionTableTest
{
    @Test
    void shouldReuseTheIndexOfAReleasedPartitionOnceEveryIndexWasUsed()
    {
        final PartitionTable table = new PartitionTable(2);
        final int a0 = table.acquire("a", 0);
        final int a1 = table.acquire("a", 1);
        assertNotEquals(a0, a1);
        table.published(a0, 3);
        table.finished(a0, 3);
        table.release(a0);
        assertEquals(a0, table.indexOf("a", 0), "a released partition keeps its name until its index is needed");

        assertEquals(a0, table.acquire("b", 7));
        assertEquals(-1, table.indexOf("a", 0));
        assertEquals(List.of("b", 7), List.of(table.topic(a0), table.partition(a0)));
        assertEquals(a1, table.indexOf("a", 1));
    }

    @Test
    void shouldNeverReuseAnIndexWhileRecordsPublishedUnderItAreInFlight()
    {
        final PartitionTable table = new PartitionTable(1);
        final int a0 = table.acquire("a", 0);
        table.published(a0, 5);
        table.release(a0);

        assertTrue(table.waitsForRecords("b", 0));
        assertThrows(IllegalStateException.class, () -> table.acquire("b", 0));
        table.finished(a0, 3);
        assertTrue(table.waitsForRecords("b", 0));
        assertThrows(IllegalStateException.class, () -> table.acquire("b", 0));
        table.finished(a0, 2);
        assertFalse(table.waitsForRecords("b", 0));
        assertEquals(a0, table.acquire("b", 0));
    }

    @Test
    void shouldNeverReuseAnIndexWhileAProducerStillOwnsIt()
    {
        final PartitionTable table = new PartitionTable(1);
        final int a0 = table.acquire("a", 0);
        assertEquals(a0, table.acquire("a", 0), "a second owner, as while a lost partition is taken over");
        table.release(a0);

        assertFalse(table.waitsForRecords("b", 0), "nothing to wait for: the partition is still owned");
        assertThrows(IllegalStateException.class, () -> table.acquire("b", 0));
        table.release(a0);
        assertEquals(a0, table.acquire("b", 0));
    }

    @Test
    void shouldKeepTheIndexOfAPartitionAssignedAgainBeforeItWasFreed()
    {
        final PartitionTable table = new PartitionTable(2);
        final PartitionCounter stored = new PartitionCounter(table);
        final int a0 = table.acquire("a", 0);
        stored.add(a0, 10);
        table.published(a0, 4);
        table.release(a0);
        table.acquire("a", 1);

        assertEquals(a0, table.acquire("a", 0));
        assertEquals(10, stored.get(a0));
        table.finished(a0, 4);
        assertThrows(IllegalStateException.class, () -> table.acquire("c", 0), "both partitions are owned");
    }

    @Test
    void shouldFailNamingTheSettingWhenMorePartitionsThanItHoldsAreLive()
    {
        final PartitionTable table = new PartitionTable(2);
        table.acquire("a", 0);
        table.acquire("a", 1);

        final IllegalStateException full = assertThrows(IllegalStateException.class, () -> table.acquire("a", 2));
        assertTrue(full.getMessage().contains("pipeline.max.partitions=2"), full.getMessage());
        assertFalse(table.waitsForRecords("a", 2));
    }

    /** A freed index's counts stay with its old partition's topic; the partition that gets it starts from zero. */
    @Test
    void shouldMoveCountsToTheirTopicAndResetStateWhenAnIndexIsFreed()
    {
        final PartitionTable table = new PartitionTable(2);
        final PartitionCounter stored = new PartitionCounter(table);
        final List<String> released = new ArrayList<>();
        table.onRelease(index -> released.add(table.topic(index) + "-" + table.partition(index) + "@" + index));
        final int a0 = table.acquire("a", 0);
        final int b0 = table.acquire("b", 0);
        stored.add(a0, 5);
        stored.add(b0, 7);
        table.release(a0);

        final int c0 = table.acquire("c", 0);
        stored.add(c0, 2);
        assertEquals(a0, c0);
        assertEquals(List.of("a-0@" + a0), released);
        assertEquals(2, stored.get(c0));
        assertEquals(Map.of("a", 5L, "b", 7L, "c", 2L), stored.byTopic());

        table.release(b0);
        table.release(c0);
        final int a1 = table.acquire("a", 1);
        final int a2 = table.acquire("a", 2);
        stored.add(a1, 1);
        assertEquals(Map.of("a", 6L, "b", 7L, "c", 2L), stored.byTopic());
        final List<String> named = new ArrayList<>();
        table.forEach((index, topic, partition) -> named.add(topic + "-" + partition + "@" + index));
        assertEquals(List.of("a-1@" + a1, "a-2@" + a2).stream().sorted().toList(), named.stream().sorted().toList());
    }
}
