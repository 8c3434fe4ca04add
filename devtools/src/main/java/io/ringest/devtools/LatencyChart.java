package io.ringest.devtools;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws latency percentile distributions as a PNG, one line per log, in the HdrHistogram style: x is the
 * percentile p on a log scale of 1/(1-p), so 0%, 90%, 99%, 99.9%... are equally spaced and the tail is visible;
 * y is the latency in milliseconds. Rendered off-screen, so it works headless.
 * <p>
 * The x values are the "nines", log10(1/(1-p)), on a linear axis: XChart ignores a log axis's scale once its
 * tick labels are custom (and then loops for minutes), so the log is taken here.
 */
final class LatencyChart
{
    static final int WIDTH = 1200;
    static final int HEIGHT = 700;
    /** Points per halving of the distance to 100%, as in {@code Histogram.outputPercentileDistribution}. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;
    /** The x axis shows at least 0% to 99.999% (five nines), more when a log has enough values to reach further. */
    private static final int MIN_NINES = 5;
    /** Ratio of the largest to the smallest maximum above which the y axis is logarithmic. */
    private static final double LOG_Y_SPREAD = 20;

    private final int width;
    private final int height;

    LatencyChart(final int width, final int height)
    {
        if (width < 200 || height < 150)
        {
            throw new IllegalArgumentException("chart size must be at least 200x150 pixels, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    /**
     * Writes the chart of the logs to {@code png}, replacing it. The y axis turns logarithmic when the logs'
     * maxima differ by more than {@link #LOG_Y_SPREAD} times, so that a fast run stays readable beside a slow one.
     */
    void write(final List<LatencyReport.Log> logs, final Path png) throws IOException
    {
        final boolean logY = spread(logs) > LOG_Y_SPREAD;
        final XYChart chart = new XYChartBuilder().width(width).height(height)
            .title("ringest end-to-end latency by percentile (Kafka record timestamp to ClickHouse ack)")
            .xAxisTitle("percentile").yAxisTitle(logY ? "latency (ms, log scale)" : "latency (ms)").build();
        style(chart.getStyler(), logY);
        double xMax = MIN_NINES;
        double yMin = Double.MAX_VALUE;
        double yMax = 1;
        for (final LatencyReport.Log log : logs)
        {
            final List<double[]> points = percentileCurve(log.histogram());
            final double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            final double[] y = points.stream().mapToDouble(p -> logY ? Math.max(1, p[1]) : p[1]).toArray();
            chart.addSeries(legend(log, chart), x, y).setMarker(SeriesMarkers.NONE);
            xMax = Math.max(xMax, x[x.length - 1]);
            yMin = Math.min(yMin, y[0]);
            yMax = Math.max(yMax, y[y.length - 1]);
        }
        if (logY)
        {
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(yMin))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(yMax))));
        }
        final int nines = (int)Math.ceil(xMax - 1e-9);
        chart.getStyler().setXAxisMax((double)nines);
        chart.getStyler().setXAxisTickMarkSpacingHint(width / (nines + 2));
        try (OutputStream out = Files.newOutputStream(png))
        {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static double spread(final List<LatencyReport.Log> logs)
    {
        final long highest = logs.stream().mapToLong(log -> log.histogram().getMaxValue()).max().orElse(1);
        final long lowest = logs.stream().mapToLong(log -> log.histogram().getMaxValue()).min().orElse(1);
        return (double)highest / Math.max(1, lowest);
    }

    private static void style(final XYStyler styler, final boolean logY)
    {
        styler.setXAxisMin(0.0);
        styler.setxAxisTickLabelsFormattingFunction(LatencyChart::percentileLabel);
        styler.setYAxisLogarithmic(logY);
        styler.setYAxisLogarithmicDecadeOnly(true);
        styler.setYAxisMin(0.0);
        styler.setYAxisDecimalPattern("#,##0");
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
    }

    /**
     * The distribution as (x = log10(1/(1-p)), latency ms) points. It ends with the maximum at p = 1 - 1/count,
     * the percentile the largest of count values stands for; 100% itself would be at an infinite x.
     */
    static List<double[]> percentileCurve(final Histogram histogram)
    {
        final double lastX = Math.log10(histogram.getTotalCount());
        final List<double[]> points = new ArrayList<>();
        for (final HistogramIterationValue v : histogram.percentiles(TICKS_PER_HALF_DISTANCE))
        {
            final double x = Math.log10(100.0 / (100.0 - v.getPercentileLevelIteratedTo()));
            if (x >= lastX)
            {
                break;
            }
            points.add(new double[] {x, v.getValueIteratedTo()});
        }
        points.add(new double[] {lastX, histogram.getMaxValue()});
        return points;
    }

    /** The label of the tick at x = log10(1/(1-p)): 0%, 90%, 99%, 99.9%... for x = 0, 1, 2, 3...; none between. */
    static String percentileLabel(final double x)
    {
        final long nines = Math.round(x);
        if (Math.abs(x - nines) > 1e-9 || nines < 0)
        {
            return "";
        }
        if (nines == 0)
        {
            return "0%";
        }
        final BigDecimal p = BigDecimal.ONE.subtract(BigDecimal.ONE.movePointLeft((int)nines)).movePointRight(2);
        return p.stripTrailingZeros().toPlainString() + "%";
    }

    /** Series names must be unique in a chart: a repeated name gets a " (2)", " (3)"... suffix. */
    private static String legend(final LatencyReport.Log log, final XYChart chart)
    {
        final Histogram h = log.histogram();
        final String base = String.format(Locale.ROOT, "%s: %,d rows, p99 %,d ms, max %,d ms",
            log.name(), h.getTotalCount(), h.getValueAtPercentile(99), h.getMaxValue());
        String name = base;
        for (int i = 2; chart.getSeriesMap().containsKey(name); i++)
        {
            name = base + " (" + i + ")";
        }
        return name;
    }
}
