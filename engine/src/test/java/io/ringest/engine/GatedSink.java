package io.ringest.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A sink whose every insert waits until the test decides its outcome, so the test orders acknowledgements and
 * failures across writers. Rows are the records' offsets ({@link TestRows.OffsetEncoder}); acknowledged rows are
 * added to {@code stored} before the insert returns. Once {@link #kill}ed, every insert fails at once.
 */
final class GatedSink implements BatchSink
{
    private final Set<Long> stored;
    private final BlockingQueue<InsertOutcome> decisions = new LinkedBlockingQueue<>();
    /** The rows of the insert waiting for a decision, or null. */
    volatile List<Long> waiting;
    volatile int calls;
    private volatile boolean dead;

    GatedSink(final Set<Long> stored)
    {
        this.stored = stored;
    }

    @Override
    public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
    {
        if (dead)
        {
            return InsertOutcome.FATAL;
        }
        final ByteBuffer bytes = ByteBuffer.wrap(rows.array(), from, to - from).slice().order(ByteOrder.LITTLE_ENDIAN);
        final List<Long> records = new ArrayList<>(rowCount);
        for (int i = 0; i < rowCount; i++)
        {
            records.add(bytes.getLong());
        }
        waiting = records;
        calls++;
        final InsertOutcome outcome = take();
        if (outcome == InsertOutcome.ACKNOWLEDGED)
        {
            stored.addAll(records);
        }
        waiting = null;
        return outcome;
    }

    void decide(final InsertOutcome outcome)
    {
        decisions.add(outcome);
    }

    /** Fails the waiting insert and every later one, as a crash would leave them unanswered. */
    void kill()
    {
        dead = true;
        decisions.add(InsertOutcome.FATAL);
    }

    private InsertOutcome take()
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    return decisions.take();
                }
                catch (final InterruptedException e)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String failure()
    {
        return "refused by the test";
    }

    @Override
    public void close()
    {
    }
}
