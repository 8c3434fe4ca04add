package io.ringest.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a JMH JSON result file ({@code -rf json}) as PNG charts and prints a markdown table:
 * <pre>
 *   java -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar io.ringest.benchmarks.Charts FILE.json OUTDIR
 * </pre>
 * {@code pipeline-throughput.png}: logs/s against batch rows, one line per ring size and poller count plus the
 * ArrayBlockingQueue baseline; {@code insert-throughput.png}: rows/s into ClickHouse against batch rows, one line per
 * writer count; {@code allocation.png}: bytes allocated per log, ringest against baseline;
 * {@code encode.png}: ns per row. A chart is skipped when the file has no results for it.
 */
public final class Charts
{
    private Charts()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 2)
        {
            System.err.println("usage: Charts JMH_RESULT.json OUTDIR");
            System.exit(2);
        }
        final List<Result> results = new ArrayList<>();
        for (final JsonNode run : new ObjectMapper().readTree(new File(args[0])))
        {
            results.add(Result.of(run));
        }
        final File out = new File(args[1]);
        if (!out.isDirectory() && !out.mkdirs())
        {
            throw new IOException("cannot create " + out);
        }
        throughput(results, out);
        insert(results, out);
        allocation(results, out);
        encode(results, out);
        Table.print(results);
    }

    private static void throughput(final List<Result> results, final File out) throws IOException
    {
        final Map<String, TreeMap<Integer, Double>> lines = new TreeMap<>();
        for (final Result r : results)
        {
            if (r.isPipeline())
            {
                lines.computeIfAbsent(r.seriesLabel(), k -> new TreeMap<>()).put(r.intParam("batchRows"), r.logsPerSecond());
            }
        }
        if (lines.isEmpty())
        {
            return;
        }
        lineChart(lines, "Pipeline throughput (in-memory records to discarding writers)", "logs/s", out, "pipeline-throughput");
    }

    private static void insert(final List<Result> results, final File out) throws IOException
    {
        final Map<String, TreeMap<Integer, Double>> lines = new TreeMap<>();
        for (final Result r : results)
        {
            if (r.isInsert())
            {
                lines.computeIfAbsent(r.params.get("writers") + " writer(s)", k -> new TreeMap<>())
                    .put(r.intParam("batchRows"), r.logsPerSecond());
            }
        }
        if (lines.isEmpty())
        {
            return;
        }
        lineChart(lines, "ClickHouseWriter inserts of pre-encoded RowBinary batches (all writers together)", "rows/s", out,
            "insert-throughput");
    }

    /** One line per series of (batch rows, rate) points, on a log x axis; baseline series get diamond markers. */
    private static void lineChart(
        final Map<String, TreeMap<Integer, Double>> lines, final String title, final String yTitle, final File out,
        final String name) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(1000).height(600)
            .title(title).xAxisTitle("batch rows (log scale)").yAxisTitle(yTitle).build();
        final XYStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(true);
        styler.setYAxisMin(0.0);
        styler.setYAxisDecimalPattern("#,###");
        styler.setXAxisDecimalPattern("#,###");
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        lines.forEach((label, points) -> chart.addSeries(label, new ArrayList<>(points.keySet()),
            new ArrayList<>(points.values())).setMarker(label.startsWith("ABQ") ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE));
        save(chart, out, name);
    }

    private static void allocation(final List<Result> results, final File out) throws IOException
    {
        final Map<String, double[]> bars = new TreeMap<>();
        for (final Result r : results)
        {
            if (Double.isNaN(r.bytesPerLog()) || (!r.isPipeline() && !r.mode.equals("avgt")))
            {
                continue;
            }
            final String category = r.isPipeline()
                ? String.format(Locale.ROOT, "pipeline %,9d rows, %dp", r.intParam("batchRows"), r.intParam("pollers"))
                : "encode " + r.params.get("schema");
            final double[] pair = bars.computeIfAbsent(category, k -> new double[] {Double.NaN, Double.NaN});
            final int side = r.isBaseline() ? 1 : 0;
            pair[side] = Double.isNaN(pair[side]) ? r.bytesPerLog() : Math.min(pair[side], r.bytesPerLog());
        }
        if (bars.isEmpty())
        {
            return;
        }
        final CategoryChart chart = new CategoryChartBuilder().width(1000).height(600)
            .title("Bytes allocated per log (-prof gc; pipeline: least over ring sizes)")
            .xAxisTitle("").yAxisTitle("B/log").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(20);
        final List<String> categories = new ArrayList<>(bars.keySet());
        chart.addSeries("ringest", categories, column(bars, 0));
        chart.addSeries("baseline (Jackson + client-v2)", categories, column(bars, 1));
        save(chart, out, "allocation");
    }

    private static void encode(final List<Result> results, final File out) throws IOException
    {
        final Map<String, double[]> bars = new TreeMap<>();
        for (final Result r : results)
        {
            if (!r.isPipeline() && r.mode.equals("avgt"))
            {
                bars.computeIfAbsent(r.params.get("schema"), k -> new double[2])[r.isBaseline() ? 1 : 0] = r.nanosPerOp();
            }
        }
        if (bars.isEmpty())
        {
            return;
        }
        final CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
            .title("Encode one ~300-byte JSON log to RowBinary").yAxisTitle("ns/row").build();
        style(chart.getStyler());
        final List<String> categories = new ArrayList<>(bars.keySet());
        chart.addSeries("ringest JsonRowEncoder", categories, column(bars, 0));
        chart.addSeries("Jackson + client-v2", categories, column(bars, 1));
        save(chart, out, "encode");
    }

    private static void style(final CategoryStyler styler)
    {
        styler.setLabelsVisible(true);
        styler.setYAxisDecimalPattern("#,###");
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
    }

    private static List<Double> column(final Map<String, double[]> bars, final int side)
    {
        final List<Double> values = new ArrayList<>();
        bars.values().forEach(pair -> values.add(Double.isNaN(pair[side]) ? 0.0 : pair[side]));
        return values;
    }

    private static void save(final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, final File dir, final String name)
        throws IOException
    {
        final File file = new File(dir, name + ".png");
        BitmapEncoder.saveBitmap(chart, file.getPath(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("chart: " + file);
    }
}
