package io.ringest.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a batch's linger runs out, on a clock the test sets: counted from its first record's timestamp while that record
 * is at most half the linger old when the batch opens, else from the opening.
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
    void shouldTakeOffUpToHalfTheLinger()
    {
        batch.startLinger(200 * MS, LINGER);

        assertFalse(batch.lingered(OPENED + 199 * MS));
        assertTrue(batch.lingered(OPENED + 200 * MS));
    }

    /** A record more than half the linger old: ringest is behind, and the batch fills for the whole linger. */
    @Test
    void shouldCountFromTheOpeningForARecordAlreadyLate()
    {
        batch.startLinger(201 * MS, LINGER);

        assertFalse(batch.lingered(OPENED + 399 * MS));
        assertTrue(batch.lingered(OPENED + 400 * MS));
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
