package io.ringest.engine;

/**
 * Trips when more than {@code percent}% of the last {@code window} records could not be encoded: a producer gone wrong
 * should stop ingestion with an alarm, not be drained into the dead-letter topic. At 100% it never trips. Used by the
 * batching thread only.
 */
final class DeadLetterBreaker
{
    /** Whether each of the last {@code window} records was bad, as a ring. */
    private final boolean[] last;
    private final long limit;
    private int next;
    private int bad;

    DeadLetterBreaker(final int window, final int percent)
    {
        this.last = new boolean[window];
        this.limit = (long)window * percent;
    }

    /** Counts one record; true once the bad ones among the last {@code window} exceed the share. */
    boolean tripsOn(final boolean deadLetter)
    {
        bad += (deadLetter ? 1 : 0) - (last[next] ? 1 : 0);
        last[next] = deadLetter;
        next = next + 1 == last.length ? 0 : next + 1;
        return bad * 100L > limit;
    }
}
