package io.ringest.app;

import io.ringest.engine.PartitionTable;
import io.ringest.engine.PipelineMetrics;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseProbeTest
{
    private static final long SECOND = 1_000_000_000L;
    private final PipelineMetrics metrics = new PipelineMetrics(1, new PartitionTable(4));
    private final AtomicLong clock = new AtomicLong(100 * SECOND);
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicBoolean answers = new AtomicBoolean(true);
    private final ClickHouseProbe probe = new ClickHouseProbe(metrics, timeout ->
    {
        pings.incrementAndGet();
        return answers.get();
    }, clock::get, 5 * SECOND);

    @Test
    void shouldPingWhenIdleAndAtMostOncePerInterval()
    {
        assertNull(probe.problem());
        assertNull(probe.problem());
        clock.addAndGet(4 * SECOND);
        assertNull(probe.problem());
        assertEquals(1, pings.get(), "answers within the interval come from the cache");
        answers.set(false);
        clock.addAndGet(SECOND);
        assertTrue(probe.problem().startsWith("ClickHouse does not answer a ping"), probe.problem());
        assertEquals(2, pings.get());
    }

    @Test
    void shouldTakeAcknowledgedInsertsAsAnswersWithoutAPing()
    {
        probe.problem();
        answers.set(false);
        metrics.insertsAcknowledged.addAndGet(3);
        metrics.insertRetries.addAndGet(1);
        clock.addAndGet(5 * SECOND);
        assertNull(probe.problem());
        assertEquals(1, pings.get());
    }

    @Test
    void shouldTakeRetriesWithoutAcknowledgementsAsNotAnswering()
    {
        probe.problem();
        metrics.insertRetries.addAndGet(4);
        clock.addAndGet(6 * SECOND);
        assertEquals("ClickHouse inserts failing: 4 retried and none acknowledged in the last 6 s", probe.problem());
        assertEquals(1, pings.get(), "the writers' outcome is enough: no ping");
        metrics.insertsAcknowledged.incrementAndGet();
        clock.addAndGet(5 * SECOND);
        assertNull(probe.problem());
    }
}
