package io.ringest.benchmarks;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the runs of {@code scripts/bench.sh} ({@link RaceRun}) into its report, per backlog length: the median of every
 * measure per contender, whole-run and steady (second half) rates and ringest's ratio to each, as {@code race.md},
 * {@code race.csv}, {@code race.png} (logs/s) and {@code race-cpu.png} (CPU per log by process, stacked). The
 * markdown also lists every run with the server's counters, to show whether its cost drifts from round to round.
 */
public final class RaceReport
{
    private static final String RINGEST = "ringest";
    private static final String INSERT_CEILING = "raw-insert";

    private RaceReport()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 3)
        {
            System.err.println("usage: RaceReport ROUNDS.csv OUTDIR HEADER_LINE");
            System.exit(2);
        }
        final List<RaceRun> runs = RaceRun.parse(Files.readAllLines(Path.of(args[0])));
        final Map<Long, Map<String, Medians>> lengths = new LinkedHashMap<>();
        runs.stream().map(RaceRun::logs).distinct().forEach(logs -> lengths.put(logs, medians(runs, logs)));
        final Path out = Files.createDirectories(Path.of(args[1]));
        final String markdown = markdown(args[2], lengths, runs);
        Files.writeString(out.resolve("race.md"), markdown);
        Files.writeString(out.resolve("race.csv"), csv(lengths));
        rateChart(lengths, out.resolve("race"));
        cpuChart(lengths, out.resolve("race-cpu"));
        new PrintStream(System.out, true, StandardCharsets.UTF_8).print(markdown);
    }

    /** The median of each measure over a contender's runs of one length, contenders in the order they first ran. */
    private static Map<String, Medians> medians(final List<RaceRun> runs, final long logs)
    {
        final Map<String, List<RaceRun>> byContender = new LinkedHashMap<>();
        runs.stream().filter(r -> r.logs() == logs)
            .forEach(r -> byContender.computeIfAbsent(r.contender(), k -> new ArrayList<>()).add(r));
        final Map<String, Medians> medians = new LinkedHashMap<>();
        byContender.forEach((name, own) -> medians.put(name, new Medians(own.size(),
            median(own, RaceRun::wholeRate), median(own, RaceRun::steadyRate),
            median(own, r -> r.perLogMicros("ingester_cpu_s")), median(own, r -> r.get("ingester_second_half_us_per_log")),
            median(own, r -> r.perLogMicros("server_cpu_s")), median(own, r -> r.perLogMicros("broker_cpu_s")),
            median(own, r -> r.get("peak_rss_mib")),
            own.stream().mapToDouble(r -> r.get("duplicates")).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN),
            own.stream().mapToDouble(r -> r.get("same_rows")).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN))));
        return medians;
    }

    private static double median(final List<RaceRun> runs, final ToDoubleFunction<RaceRun> measure)
    {
        final double[] values = runs.stream().mapToDouble(measure).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static String markdown(final String header, final Map<Long, Map<String, Medians>> lengths,
        final List<RaceRun> runs)
    {
        final StringBuilder md = new StringBuilder("# Race: Kafka to ClickHouse\n\n").append(header).append('\n');
        lengths.forEach((logs, contenders) ->
        {
            final Medians ringest = contenders.get(RINGEST);
            final Medians ceiling = contenders.get(INSERT_CEILING);
            md.append(String.format("%n## %,d logs%n%n", logs))
                .append("| contender | rounds | logs/s whole | logs/s steady | ringest × whole | ringest × steady "
                    + "| × raw insert (whole) | ingester CPU µs/log | … second half | ClickHouse CPU µs/log "
                    + "| broker CPU µs/log | peak RSS MiB | duplicates (worst) | same rows |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            contenders.forEach((name, m) -> md.append(String.format(
                "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name, m.rounds,
                cell(m.wholeRate, "%,.0f"), cell(m.steadyRate, "%,.0f"),
                cell(ringest == null ? Double.NaN : ringest.wholeRate / m.wholeRate, "%.2f"),
                cell(ringest == null ? Double.NaN : ringest.steadyRate / m.steadyRate, "%.2f"),
                cell(ceiling == null ? Double.NaN : m.wholeRate / ceiling.wholeRate, "%.2f"),
                cell(m.ingesterCpuUs, "%.2f"), cell(m.secondHalfCpuUs, "%.2f"), cell(m.serverCpuUs, "%.2f"),
                cell(m.brokerCpuUs, "%.2f"), cell(m.peakRssMib, "%.0f"), cell(m.maxDuplicates, "%,.0f"),
                Double.isNaN(m.allSame) ? "–" : m.allSame == 1 ? "yes" : "**no**")));
        });
        md.append("\nWhole: all N logs over the run, start-up included. Steady: the second half of the rows, from when "
            + "half had landed to the end (rows land in batches, so at short lengths it is coarse). CPU per log from /proc "
            + "(utime + stime) of the ingesting process, of the ClickHouse server until the merges the run caused were done, "
            + "and of the Kafka broker; the Kafka engine ingests inside the server. \"same rows\": the table's row "
            + "fingerprint equals the raw insert's (every contender parsed the logs alike).\n\n## Every run\n\n"
            + "| logs | contender | round | logs/s | ClickHouse CPU µs/log | server minor faults /log | ingester minor faults "
            + "/log | THP faults | THP collapses | server idle CPU % before |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        runs.forEach(r -> md.append(String.format("| %,d | %s | %d | %,.0f | %s | %s | %s | %s | %s | %s |%n", r.logs(),
            r.contender(), r.round(), r.wholeRate(), cell(r.perLogMicros("server_cpu_s"), "%.2f"),
            cell(r.get("server_minflt") / r.logs(), "%.3f"), cell(r.get("ingester_minflt") / r.logs(), "%.3f"),
            cell(r.get("thp_fault_alloc"), "%,.0f"), cell(r.get("thp_collapse_alloc"), "%,.0f"),
            cell(r.get("server_idle_cpu_pct"), "%.1f"))));
        return md.toString();
    }

    private static String cell(final double value, final String format)
    {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(format, value);
    }

    private static String csv(final Map<Long, Map<String, Medians>> lengths)
    {
        final StringBuilder csv = new StringBuilder("logs,contender,rounds,whole_logs_per_s,steady_logs_per_s,"
            + "ingester_cpu_us_per_log,ingester_second_half_us_per_log,server_cpu_us_per_log,broker_cpu_us_per_log,"
            + "peak_rss_mib,max_duplicates,same_rows\n");
        lengths.forEach((logs, contenders) -> contenders.forEach((name, m) -> csv.append(String.join(",",
            Long.toString(logs), name, Integer.toString(m.rounds), plain(m.wholeRate, "%.0f"), plain(m.steadyRate, "%.0f"),
            plain(m.ingesterCpuUs, "%.3f"), plain(m.secondHalfCpuUs, "%.3f"), plain(m.serverCpuUs, "%.3f"),
            plain(m.brokerCpuUs, "%.3f"), plain(m.peakRssMib, "%.0f"), plain(m.maxDuplicates, "%.0f"),
            plain(m.allSame, "%.0f"))).append('\n')));
        return csv.toString();
    }

    private static String plain(final double value, final String format)
    {
        return cell(value, format).replace("–", "");
    }

    /** Bars of median logs/s per contender: whole run and steady, one pair of series per backlog length. */
    private static void rateChart(final Map<Long, Map<String, Medians>> lengths, final Path file) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(1100).height(560)
            .title("Draining one backlog into ClickHouse: logs/s, medians").yAxisTitle("logs/s").build();
        chart.getStyler().setYAxisDecimalPattern("#,###");
        final List<String> names = new ArrayList<>(lengths.values().iterator().next().keySet());
        lengths.forEach((logs, contenders) ->
        {
            chart.addSeries(String.format("%,d whole", logs), names, values(names, contenders, Medians::wholeRate));
            chart.addSeries(String.format("%,d steady", logs), names, values(names, contenders, Medians::steadyRate));
        });
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** CPU µs per log over the whole run, stacked by process, per contender and backlog length (lower is better). */
    private static void cpuChart(final Map<Long, Map<String, Medians>> lengths, final Path file) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(1100).height(560)
            .title("CPU per log while draining, by process (medians; lower is better)").yAxisTitle("CPU µs per log").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.0");
        chart.getStyler().setXAxisLabelRotation(30);
        final List<String> labels = new ArrayList<>();
        final List<Medians> all = new ArrayList<>();
        lengths.forEach((logs, contenders) -> contenders.forEach((name, m) ->
        {
            labels.add(String.format("%s %,dk", name, logs / 1000));
            all.add(m);
        }));
        chart.addSeries("ingester", labels, zeroed(all, Medians::ingesterCpuUs));
        chart.addSeries("ClickHouse server", labels, zeroed(all, Medians::serverCpuUs));
        chart.addSeries("Kafka broker", labels, zeroed(all, Medians::brokerCpuUs));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Number> values(final List<String> names, final Map<String, Medians> contenders,
        final ToDoubleFunction<Medians> measure)
    {
        return zeroed(names.stream().map(contenders::get).toList(), measure);
    }

    private static List<Number> zeroed(final List<Medians> medians, final ToDoubleFunction<Medians> measure)
    {
        return medians.stream().map(m -> (Number)(m == null || Double.isNaN(measure.applyAsDouble(m)) ? 0.0
            : measure.applyAsDouble(m))).toList();
    }

    private record Medians(
        int rounds, double wholeRate, double steadyRate, double ingesterCpuUs, double secondHalfCpuUs, double serverCpuUs,
        double brokerCpuUs, double peakRssMib, double maxDuplicates, double allSame)
    {
    }
}
