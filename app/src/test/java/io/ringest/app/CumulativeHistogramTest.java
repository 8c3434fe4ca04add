package io.ringest.app;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CumulativeHistogramTest
{
    /** Buckets counted from the raw values (milliseconds on 1 ms, 5 ms, ... bounds in seconds), not from HdrHistogram. */
    @Test
    void shouldPutEveryValueInTheBucketOfItsUpperBoundAcrossIntervals()
    {
        final CumulativeHistogram histogram = new CumulativeHistogram("test_latency_seconds", "test", 1e-3);
        final long[] values = new Random(7).longs(2_000, 0, 400_000).map(v -> v % 3 == 0 ? v / 1000 : v).toArray();
        final long[] expected = new long[CumulativeHistogram.BOUNDS.length + 1];
        long sum = 0;
        for (int start = 0; start < values.length; start += 500)
        {
            final Histogram interval = new Histogram(3);
            for (int i = start; i < start + 500; i++)
            {
                interval.recordValue(values[i]);
                expected[bucketOf(values[i] / 1000.0)]++;
                sum += values[i];
            }
            histogram.add(interval);
        }
        final HistogramSnapshot.HistogramDataPointSnapshot point = histogram.snapshot().getDataPoints().get(0);
        final ClassicHistogramBuckets buckets = point.getClassicBuckets();
        assertEquals(expected.length, buckets.size());
        for (int b = 0; b < expected.length; b++)
        {
            assertEquals(expected[b], buckets.getCount(b), 0.002 * values.length, "bucket le=" + buckets.getUpperBound(b));
        }
        assertEquals(values.length, point.getCount());
        assertEquals(sum / 1000.0, point.getSum(), sum / 1000.0 * 0.001);
    }

    private static int bucketOf(final double seconds)
    {
        for (int b = 0; b < CumulativeHistogram.BOUNDS.length; b++)
        {
            if (seconds <= CumulativeHistogram.BOUNDS[b])
            {
                return b;
            }
        }
        return CumulativeHistogram.BOUNDS.length;
    }
}
