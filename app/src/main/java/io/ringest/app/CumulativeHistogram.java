package io.ringest.app;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import org.HdrHistogram.Histogram;

/**
 * An HdrHistogram of every value since start, fed interval histograms by one thread and read by others: the progress
 * reporter's percentiles and the Prometheus endpoint's classic buckets, so the writers record each value once.
 */
final class CumulativeHistogram
{
    /** Upper bounds in seconds of the classic buckets exposed; {@code +Inf} is added. */
    static final double[] BOUNDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
    private final Histogram total = new Histogram(3);
    private final String name;
    private final String help;
    /** Seconds per recorded unit: 1e-3 for milliseconds, 1e-6 for microseconds. */
    private final double unitSeconds;

    CumulativeHistogram(final String name, final String help, final double unitSeconds)
    {
        this.name = name;
        this.help = help;
        this.unitSeconds = unitSeconds;
    }

    synchronized void add(final Histogram interval)
    {
        total.add(interval);
    }

    synchronized long valueAtPercentile(final double percentile)
    {
        return total.getValueAtPercentile(percentile);
    }

    synchronized long count()
    {
        return total.getTotalCount();
    }

    synchronized long maxValue()
    {
        return total.getMaxValue();
    }

    /** The histogram as Prometheus classic buckets in seconds; values are placed at HdrHistogram's 3-digit precision. */
    synchronized HistogramSnapshot snapshot()
    {
        final double[] bounds = new double[BOUNDS.length + 1];
        final long[] counts = new long[BOUNDS.length + 1];
        long below = 0;
        for (int i = 0; i < BOUNDS.length; i++)
        {
            final long upTo = total.getCountBetweenValues(0, (long)Math.floor(BOUNDS[i] / unitSeconds));
            bounds[i] = BOUNDS[i];
            counts[i] = upTo - below;
            below = upTo;
        }
        bounds[BOUNDS.length] = Double.POSITIVE_INFINITY;
        counts[BOUNDS.length] = total.getTotalCount() - below;
        return HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS)
            .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                .sum(total.getMean() * total.getTotalCount() * unitSeconds)
                .build())
            .build();
    }
}
