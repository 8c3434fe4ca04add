package io.ringest.devtools;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Compares ringest latency logs: sums the interval histograms of each {@code latency.hlog}, prints one markdown
 * row of percentiles per file on stdout and overlays their percentile distributions in one PNG (see
 * {@link LatencyChart}). Bad input (missing file, not an hlog, empty log) ends with a message naming the file
 * and exit code 2.
 * <pre>
 * java -cp devtools/target/ringest-tools.jar io.ringest.devtools.LatencyReport FILE.hlog [FILE2.hlog ...] [--out DIR]
 * </pre>
 */
public final class LatencyReport
{
    static final String USAGE = "usage: LatencyReport FILE.hlog [FILE2.hlog ...] [--out DIR]";
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    private static final String[] HEADER = {"file", "count", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "p99.99 ms", "max ms"};
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    /** One log file: its display name ({@code parent-dir/file-name}) and the sum of its interval histograms. */
    record Log(String name, Histogram histogram)
    {
    }

    /** The command line: the hlogs, in order, and the directory of the PNG ({@code bench-results} by default). */
    record Arguments(List<Path> files, Path outDir)
    {
        /** Returns null when the command line is not {@code FILE... [--out DIR]}; a later {@code --out} wins. */
        static Arguments parse(final String[] args)
        {
            final List<Path> files = new ArrayList<>();
            Path outDir = Path.of("bench-results");
            for (int i = 0; i < args.length; i++)
            {
                if (args[i].equals("--out") && i + 1 < args.length)
                {
                    outDir = Path.of(args[++i]);
                }
                else if (args[i].startsWith("-"))
                {
                    return null;
                }
                else
                {
                    files.add(Path.of(args[i]));
                }
            }
            return files.isEmpty() ? null : new Arguments(List.copyOf(files), outDir);
        }
    }

    private LatencyReport()
    {
    }

    public static void main(final String[] args)
    {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the report; returns the exit code: 0 done, 1 the PNG could not be written, 2 bad arguments or input. */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Arguments arguments = Arguments.parse(args);
        if (arguments == null)
        {
            err.println(USAGE);
            return 2;
        }
        final List<Log> logs = new ArrayList<>();
        try
        {
            for (final Path file : arguments.files())
            {
                logs.add(read(file));
            }
        }
        catch (final IllegalArgumentException e)
        {
            err.println("latency: " + e.getMessage());
            return 2;
        }
        out.print(table(logs));
        final Path png = arguments.outDir().resolve("latency-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".png");
        try
        {
            Files.createDirectories(arguments.outDir());
            new LatencyChart(LatencyChart.WIDTH, LatencyChart.HEIGHT).write(logs, png);
        }
        catch (final IOException e)
        {
            err.println("latency: cannot write " + png + ": " + e);
            return 1;
        }
        err.println("latency: wrote " + png);
        return 0;
    }

    /**
     * Reads every interval histogram of an hlog and sums them.
     *
     * @throws IllegalArgumentException naming the file when it is missing, not an hlog, corrupt or empty
     */
    static Log read(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException(file + ": no such file");
        }
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        final boolean hasHeader = lines.stream()
            .anyMatch(l -> l.startsWith("#[Histogram log format version") || l.startsWith("\"StartTimestamp\""));
        final long intervalLines = lines.stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("\"")).count();
        if (!hasHeader)
        {
            throw new IllegalArgumentException(file + ": not an HdrHistogram log (expected a '#[Histogram log format version ...]' "
                + "or '\"StartTimestamp\",...' header, as HistogramLogWriter writes)");
        }
        final List<AbstractHistogram> intervals = readIntervals(file);
        if (intervals.isEmpty())
        {
            throw new IllegalArgumentException(file + ": empty log, it holds no interval histograms");
        }
        if (intervals.size() != intervalLines)
        {
            throw new IllegalArgumentException(file + ": corrupt, only the first " + intervals.size() + " of its "
                + intervalLines + " interval lines could be read");
        }
        final Histogram sum = new Histogram(intervals.get(0).getNumberOfSignificantValueDigits());
        intervals.forEach(sum::add);
        if (sum.getTotalCount() == 0)
        {
            throw new IllegalArgumentException(file + ": empty log, its " + intervals.size() + " interval histograms hold no values");
        }
        return new Log(displayName(file), sum);
    }

    private static List<AbstractHistogram> readIntervals(final Path file)
    {
        final List<AbstractHistogram> intervals = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile()))
        {
            for (EncodableHistogram next = next(reader, file, 0); next != null; next = next(reader, file, intervals.size()))
            {
                if (!(next instanceof AbstractHistogram interval))
                {
                    throw new IllegalArgumentException(file + ": holds " + next.getClass().getSimpleName()
                        + " intervals, expected integer histograms of milliseconds");
                }
                intervals.add(interval);
            }
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        return intervals;
    }

    private static EncodableHistogram next(final HistogramLogReader reader, final Path file, final int read)
    {
        try
        {
            return reader.nextIntervalHistogram();
        }
        catch (final RuntimeException e)
        {
            throw new IllegalArgumentException(file + ": corrupt after " + read + " interval histograms: " + e.getMessage(), e);
        }
    }

    /** The file's parent directory and name, e.g. {@code demo-metrics/latency.hlog}. */
    static String displayName(final Path file)
    {
        final Path absolute = file.toAbsolutePath().normalize();
        final Path parent = absolute.getParent();
        return parent == null || parent.getFileName() == null
            ? String.valueOf(absolute.getFileName())
            : parent.getFileName() + "/" + absolute.getFileName();
    }

    /** A markdown table, one row per log: count, the {@link #PERCENTILES} and the maximum, in milliseconds. */
    static String table(final List<Log> logs)
    {
        final List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (final Log log : logs)
        {
            final Histogram h = log.histogram();
            final String[] row = new String[HEADER.length];
            row[0] = log.name().replace("|", "\\|");
            row[1] = String.format(Locale.ROOT, "%,d", h.getTotalCount());
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                row[2 + i] = String.format(Locale.ROOT, "%,d", h.getValueAtPercentile(PERCENTILES[i]));
            }
            row[row.length - 1] = String.format(Locale.ROOT, "%,d", h.getMaxValue());
            rows.add(row);
        }
        return markdown(rows);
    }

    /** Formats rows as a markdown table whose columns are padded to line up in a terminal too. */
    private static String markdown(final List<String[]> rows)
    {
        final int[] widths = new int[HEADER.length];
        rows.forEach(row -> Arrays.setAll(widths, i -> Math.max(widths[i], row[i].length())));
        final StringBuilder table = new StringBuilder();
        for (int r = 0; r < rows.size(); r++)
        {
            final String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++)
            {
                final String cell = i == 0 ? pad(row[i], widths[i], false) : pad(row[i], widths[i], true);
                table.append(i == 0 ? "| " : " | ").append(cell);
            }
            table.append(" |\n");
            if (r == 0)
            {
                for (int i = 0; i < widths.length; i++)
                {
                    table.append('|').append(i == 0 ? "-".repeat(widths[i] + 2) : "-".repeat(widths[i] + 1) + ":");
                }
                table.append("|\n");
            }
        }
        return table.toString();
    }

    private static String pad(final String cell, final int width, final boolean right)
    {
        final String spaces = " ".repeat(width - cell.length());
        return right ? spaces + cell : cell + spaces;
    }
}
