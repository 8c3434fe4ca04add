package io.ringest.engine;

/**
 * Trips when more than {@code percent}% of {@code window} consecutive records (counted in fixed windows) could not be
 * encoded: a producer gone wrong should stop ingestion with an alarm, not be drained into the dead-letter topic.
 * At 100% it never trips. Used by the batching thread only.
 */
final class DeadLetterBreaker
{
    private final int window;
    private final long limit;
    private int records;
    private int bad;

    DeadLetterBreaker(final int window, final int percent)
    {
        this.window = window;
        this.limit = (long)window * percent;
    }

    /** Counts one record; true once the bad ones in the current window exceed the share. */
    boolean tripsOn(final boolean deadLetter)
    {
        records++;
        bad += deadLetter ? 1 : 0;
        final boolean tripped = bad * 100L > limit;
        if (records == window)
        {
            records = 0;
            bad = 0;
        }
        return tripped;
    }
}
