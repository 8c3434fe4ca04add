package io.ringest.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a batch's linger runs out, on a clock the test sets: counted from its first record's timestamp, with at most
 * half the linger taken off for the time the record spent upstream.
 */
class BatchLingerTest
{
    private static final long MS = 1_000_000L;
    private static final long OPENED = 7_000 * MS;
    private static final long LINGER = 400 * MS;

    private final Batch batch = new Batch(1, 64, 4, 1);

    BatchLingerTest()
    {
        batch.clear(OPENED, new RowEncoder[] {new TestRows.OffsetEncoder()});
    }

    @Test
    void shouldCountTheLingerFromTheFirstRecordsTimestamp()
    {
        batch.startLinger(120 * MS, LINGER);

        // 400 ms after the record was produced, 120 ms of them before the batch opened: 280 ms after the opening.
        assertFalse(batch.lingered(OPENED + 279 * MS));
        assertTrue(batch.lingered(OPENED + 280 * MS));
    }

    @Test
    void shouldTakeOffAtMostHalfTheLingerForAnOldRecord()
    {
        batch.startLinger(3_600_000 * MS, LINGER);

        assertFalse(batch.lingered(OPENED + 199 * MS));
        assertTrue(batch.lingered(OPENED + 200 * MS));
    }

    @Test
    void shouldCountFromTheOpeningForARecordFromTheFuture()
    {
        batch.startLinger(-5_000 * MS, LINGER);

        assertFalse(batch.lingered(OPENED + 399 * MS));
        assertTrue(batch.lingered(OPENED + 400 * MS));
    }

    @Test
    void shouldNotLingerOutBeforeTheLingerIsStarted()
    {
        assertFalse(batch.lingered(OPENED + 3_600_000 * MS));
    }
}
