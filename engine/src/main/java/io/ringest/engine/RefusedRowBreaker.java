package io.ringest.engine;

/**
 * Trips when a route's table refused more than {@code percent}% of the last {@code window} rows sent to it: a table
 * whose columns no longer fit the rows (a column retyped under ringest) should stop ingestion with an alarm, not have
 * the topic dead-lettered row by row. Shared by the route's writer threads, which count each acknowledged insert at
 * once and each refused row as the split finds it; while nothing is refused a count costs the lock and an addition.
 * At 100% it never trips.
 */
final class RefusedRowBreaker
{
    /** Whether each of the last {@code window} rows was refused, as a ring. */
    private final boolean[] last;
    private final int window;
    private final int percent;
    private int next;
    private int refused;

    RefusedRowBreaker(final int window, final int percent)
    {
        this.last = new boolean[window];
        this.window = window;
        this.percent = percent;
    }

    /** Counts {@code rows} rows the table stored. */
    synchronized void stored(final int rows)
    {
        if (refused == 0)
        {
            next = (int)((next + (long)rows) % window);
            return;
        }
        for (int i = Math.min(rows, window); i > 0; i--)
        {
            push(false);
        }
    }

    /** Counts one row the table refused; true once the refused ones among the last {@code window} exceed the share. */
    synchronized boolean tripsOnRefused()
    {
        push(true);
        return refused * 100L > (long)window * percent;
    }

    /** Rows refused among the last {@code window}: the breaker's state, for the metrics endpoint. */
    synchronized int refusedInWindow()
    {
        return refused;
    }

    /** E.g. {@code more than 50% of the last 1000 rows}. */
    String share()
    {
        return "more than " + percent + "% of the last " + window + " rows";
    }

    private void push(final boolean refusedRow)
    {
        refused += (refusedRow ? 1 : 0) - (last[next] ? 1 : 0);
        last[next] = refusedRow;
        next = next + 1 == window ? 0 : next + 1;
    }
}
