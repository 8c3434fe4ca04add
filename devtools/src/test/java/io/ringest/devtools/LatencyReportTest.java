package io.ringest.devtools;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class LatencyReportTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintThePercentilesOfTheSummedIntervals() throws IOException
    {
        final List<Histogram> small = List.of(histogram(1, 200, 1), histogram(150, 400, 3), histogram(2_500, 2_500, 1));
        final List<Histogram> large = List.of(histogram(10, 900, 1), histogram(5, 12_000, 7));
        final Path smallLog = writeLog("ring-64k", small);
        final Path largeLog = writeLog("ring-1m", large);

        assertEquals(0, run(smallLog.toString(), largeLog.toString(), "--out", dir.resolve("png").toString()), err.toString());

        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), out.toString());
        assertEquals(List.of("file", "count", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "p99.99 ms", "max ms"), cells(lines.get(0)));
        assertEquals(expectedRow("ring-64k/latency.hlog", small), cells(lines.get(2)));
        assertEquals(expectedRow("ring-1m/latency.hlog", large), cells(lines.get(3)));
    }

    @Test
    void shouldRenderAPngOfTheConfiguredSize() throws IOException
    {
        final Path a = writeLog("a", List.of(histogram(1, 300, 1)));
        final Path b = writeLog("b", List.of(histogram(1, 900, 2)));
        final Path pngDir = dir.resolve("png");

        assertEquals(0, run(a.toString(), b.toString(), "--out", pngDir.toString()), err.toString());

        final List<Path> pngs;
        try (Stream<Path> files = Files.list(pngDir))
        {
            pngs = files.toList();
        }
        assertEquals(1, pngs.size());
        final Path png = pngs.get(0);
        assertTrue(png.getFileName().toString().matches("latency-\\d{8}T\\d{6}Z\\.png"), png.toString());
        assertTrue(Files.size(png) > 0);
        final BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(LatencyChart.WIDTH, image.getWidth());
        assertEquals(LatencyChart.HEIGHT, image.getHeight());
        assertTrue(err.toString().contains(png.toString()), err.toString());
    }

    @Test
    void shouldDrawAChartOfAnyValidSize() throws IOException
    {
        final Path png = dir.resolve("small.png");
        new LatencyChart(640, 400).write(List.of(new LatencyReport.Log("x/latency.hlog", histogram(1, 100, 1))), png);

        final BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
    }

    @Test
    void shouldLabelTheXAxisInPercentiles()
    {
        assertEquals("0%", LatencyChart.percentileLabel(0));
        assertEquals("90%", LatencyChart.percentileLabel(1));
        assertEquals("99%", LatencyChart.percentileLabel(2));
        assertEquals("99.9%", LatencyChart.percentileLabel(3));
        assertEquals("99.99%", LatencyChart.percentileLabel(4));
        assertEquals("99.999%", LatencyChart.percentileLabel(5));
        assertEquals("", LatencyChart.percentileLabel(2.5));
    }

    @Test
    void shouldEndTheCurveAtTheMaximumAtPercentileOneMinusOneOverCount()
    {
        final Histogram histogram = histogram(1, 1_000, 1);

        final List<double[]> curve = LatencyChart.percentileCurve(histogram);

        assertEquals(0.0, curve.get(0)[0]);
        assertEquals(histogram.getValueAtPercentile(0), (long)curve.get(0)[1]);
        assertEquals(3.0, curve.get(curve.size() - 1)[0], 1e-9);
        assertEquals(histogram.getMaxValue(), (long)curve.get(curve.size() - 1)[1]);
        for (int i = 1; i < curve.size(); i++)
        {
            assertTrue(curve.get(i)[0] > curve.get(i - 1)[0] && curve.get(i)[1] >= curve.get(i - 1)[1], "not monotonic at " + i);
        }
    }

    @Test
    void shouldNameAMissingFileAndExitWithTwo()
    {
        final Path missing = dir.resolve("nowhere/latency.hlog");

        assertEquals(2, run(missing.toString()));

        assertTrue(err.toString().contains(missing + ": no such file"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldRejectAFileThatIsNotAnHlog() throws IOException
    {
        final Path csv = Files.writeString(dir.resolve("throughput.csv"), "timestamp,logs_per_second\n2026-01-01T00:00:00Z,5\n");

        assertEquals(2, run(csv.toString()));

        assertTrue(err.toString().contains(csv + ": not an HdrHistogram log"), err.toString());
    }

    @Test
    void shouldRejectAnEmptyLog() throws IOException
    {
        final Path headerOnly = writeLog("empty", List.of());
        final Path zeroCounts = writeLog("idle", List.of(new Histogram(3), new Histogram(3)));

        assertEquals(2, run(headerOnly.toString()));
        assertEquals(2, run(zeroCounts.toString()));

        assertTrue(err.toString().contains(headerOnly + ": empty log"), err.toString());
        assertTrue(err.toString().contains(zeroCounts + ": empty log"), err.toString());
    }

    @Test
    void shouldRejectAnHlogWithAnUnreadableInterval() throws IOException
    {
        final Path log = writeLog("cut", List.of(histogram(1, 10, 1), histogram(1, 10, 1)));
        final List<String> lines = Files.readAllLines(log);
        lines.add(lines.size() - 1, "1.0,1.0,1.0,HISTFnotbase64");
        Files.write(log, lines);

        assertEquals(2, run(log.toString()));

        assertTrue(err.toString().contains(log + ": corrupt"), err.toString());
    }

    @Test
    void shouldPrintUsageWithoutFiles()
    {
        assertEquals(2, run("--out", "x"));

        assertTrue(err.toString().startsWith("usage: "), err.toString());
    }

    private int run(final String... args)
    {
        return LatencyReport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Values from..to in steps of step ms, each recorded once. */
    private static Histogram histogram(final long from, final long to, final long step)
    {
        final Histogram histogram = new Histogram(3);
        for (long v = from; v <= to; v += step)
        {
            histogram.recordValue(v);
        }
        return histogram;
    }

    private Path writeLog(final String parent, final List<Histogram> intervals) throws IOException
    {
        final Path file = Files.createDirectories(dir.resolve(parent)).resolve("latency.hlog");
        try (PrintStream stream = new PrintStream(file.toFile(), StandardCharsets.UTF_8))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(stream);
            writer.outputLogFormatVersion();
            writer.outputStartTime(0);
            writer.outputLegend();
            long start = 0;
            for (final Histogram interval : intervals)
            {
                interval.setStartTimeStamp(start);
                interval.setEndTimeStamp(start + 1_000);
                writer.outputIntervalHistogram(interval);
                start += 1_000;
            }
        }
        return file;
    }

    private static List<String> expectedRow(final String name, final List<Histogram> intervals)
    {
        final Histogram sum = new Histogram(3);
        intervals.forEach(sum::add);
        return List.of(name, Long.toString(sum.getTotalCount()),
            Long.toString(sum.getValueAtPercentile(50)), Long.toString(sum.getValueAtPercentile(90)),
            Long.toString(sum.getValueAtPercentile(99)), Long.toString(sum.getValueAtPercentile(99.9)),
            Long.toString(sum.getValueAtPercentile(99.99)), Long.toString(sum.getMaxValue()));
    }

    /** The cells of a markdown table row, trimmed, thousands separators removed. */
    private static List<String> cells(final String row)
    {
        return Arrays.stream(row.substring(1, row.length() - 1).split("\\|"))
            .map(cell -> cell.trim().replace(",", "")).toList();
    }
}
