package io.ringest.benchmarks;

import io.ringest.engine.BatchSink;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;

/** A writer's sink that acknowledges every batch at once and only counts it; one per writer thread. */
final class DiscardingSink implements BatchSink
{
    private long rows;
    private long bytes;

    @Override
    public InsertOutcome insert(final RowBuffer buffer, final int from, final int to, final int rowCount)
    {
        rows += rowCount;
        bytes += to - from;
        return InsertOutcome.ACKNOWLEDGED;
    }

    @Override
    public String failure()
    {
        return null;
    }

    long rows()
    {
        return rows;
    }

    long bytes()
    {
        return bytes;
    }

    @Override
    public void close()
    {
    }
}
