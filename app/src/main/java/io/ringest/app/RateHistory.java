package io.ringest.app;

/**
 * The rows stored per second in each of the last {@code capacity} progress intervals, oldest first, so the status page
 * draws the recent throughput as soon as it loads. Written by the progress reporter once an interval, read by the
 * HTTP server's threads.
 */
final class RateHistory
{
    private final double[] rates;
    private int next;
    private int size;

    RateHistory(final int capacity)
    {
        this.rates = new double[capacity];
    }

    synchronized void add(final double perSecond)
    {
        rates[next] = perSecond;
        next = (next + 1) % rates.length;
        size = Math.min(size + 1, rates.length);
    }

    /** The rates kept, oldest first. */
    synchronized double[] last()
    {
        final double[] copy = new double[size];
        for (int i = 0; i < size; i++)
        {
            copy[i] = rates[(next - size + i + rates.length) % rates.length];
        }
        return copy;
    }
}
