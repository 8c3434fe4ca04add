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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the rounds of {@code scripts/bench.sh} into its report: the median of every measure per contender, the
 * ratios to the two ceilings and to ringest, as {@code race.md}, {@code race.csv}, {@code race.png} (logs/s) and
 * {@code race-cpu.png} (CPU per log of the ingester, the ClickHouse server and the Kafka broker, stacked).
 * Input: a CSV with the header
 * {@code contender,round,logs,seconds,ingester_cpu_s,server_cpu_s,peak_rss_mib,ingester_second_half_us_per_log,broker_cpu_s,
 * duplicates}, where
 * an empty cell means "not measured" (the Kafka engine runs inside the server, the insert ceiling is curl).
 */
public final class RaceReport
{
    private static final String CONSUMER_CEILING = "kafka-consumer";
    private static final String INSERT_CEILING = "raw-insert";
    private static final String RINGEST = "ringest";

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
        final Map<String, Medians> contenders = medians(Files.readAllLines(Path.of(args[0])));
        final Path out = Files.createDirectories(Path.of(args[1]));
        final String markdown = markdown(args[2], contenders);
        Files.writeString(out.resolve("race.md"), markdown);
        Files.writeString(out.resolve("race.csv"), csv(contenders));
        chart(contenders, out.resolve("race"));
        cpuChart(contenders, out.resolve("race-cpu"));
        new PrintStream(System.out, true, StandardCharsets.UTF_8).print(markdown);
    }

    /** The median of each measure over a contender's rounds, contenders in the order they first appear. */
    private static Map<String, Medians> medians(final List<String> lines)
    {
        final Map<String, List<double[]>> rounds = new LinkedHashMap<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            final String[] cells = line.split(",", -1);
            final double logs = Double.parseDouble(cells[2]);
            final double seconds = Double.parseDouble(cells[3]);
            rounds.computeIfAbsent(cells[0], k -> new ArrayList<>()).add(new double[] {
                logs / seconds, perLog(cells[4], logs), perLog(cells[5], logs), number(cells[6]), number(cells[7]),
                perLog(cells[8], logs), number(cells[9])});
        }
        final Map<String, Medians> medians = new LinkedHashMap<>();
        rounds.forEach((name, runs) -> medians.put(name, new Medians(runs.size(), median(runs, 0), median(runs, 1),
            median(runs, 2), median(runs, 3), median(runs, 4), median(runs, 5),
            runs.stream().mapToDouble(r -> r[6]).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN))));
        return medians;
    }

    private static double perLog(final String cpuSeconds, final double logs)
    {
        return cpuSeconds.isEmpty() ? Double.NaN : Double.parseDouble(cpuSeconds) * 1e6 / logs;
    }

    private static double number(final String cell)
    {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    private static double median(final List<double[]> runs, final int column)
    {
        final double[] values = runs.stream().mapToDouble(r -> r[column]).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static String markdown(final String header, final Map<String, Medians> contenders)
    {
        final StringBuilder md = new StringBuilder("# Race: Kafka to ClickHouse\n\n").append(header).append("\n\n")
            .append("| contender | rounds | logs/s (median) | ingester CPU µs/log | … second half | ClickHouse CPU µs/log "
                + "| Kafka broker CPU µs/log | peak RSS MiB | duplicate rows (worst round) | × Kafka consumer | × raw insert "
                + "| ringest × |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        contenders.forEach((name, m) -> md.append(String.format(
            "| %s | %d | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            name, m.rounds, m.logsPerSecond, cell(m.ingesterCpuUs, "%.2f"), cell(m.secondHalfCpuUs, "%.2f"),
            cell(m.serverCpuUs, "%.2f"), cell(m.brokerCpuUs, "%.2f"),
            cell(m.peakRssMib, "%.0f"), cell(m.maxDuplicates, "%,.0f"), cell(ratio(m, contenders.get(CONSUMER_CEILING)), "%.2f"),
            cell(ratio(m, contenders.get(INSERT_CEILING)), "%.2f"), cell(ratio(contenders.get(RINGEST), m), "%.2f"))));
        return md.append("\nCPU per log from /proc (utime + stime): of the ingesting process over the whole run and over "
            + "the second half of the rows (after start-up and JIT warm-up), and of the ClickHouse server from the start "
            + "of the run until the merges it caused were done, and of the Kafka broker. The Kafka engine ingests inside the server, so its cost "
            + "is all in the server column. \"× Kafka consumer\" and \"× raw insert\" are shares of the two ceilings; "
            + "\"ringest ×\" is how many times faster ringest was. A run ends when all N logs are in its table; duplicate rows "
            + "(rows beyond N, counted by distinct trace id) are shown for the worst round.\n").toString();
    }

    private static double ratio(final Medians numerator, final Medians denominator)
    {
        return numerator == null || denominator == null ? Double.NaN : numerator.logsPerSecond / denominator.logsPerSecond;
    }

    private static String cell(final double value, final String format)
    {
        return Double.isNaN(value) ? "–" : String.format(format, value);
    }

    private static String csv(final Map<String, Medians> contenders)
    {
        final StringBuilder csv = new StringBuilder(
            "contender,rounds,logs_per_s,ingester_cpu_us_per_log,ingester_second_half_us_per_log,server_cpu_us_per_log,"
                + "broker_cpu_us_per_log,peak_rss_mib,max_duplicates\n");
        contenders.forEach((name, m) -> csv.append(String.join(",", name, Integer.toString(m.rounds),
            String.format("%.0f", m.logsPerSecond), cell(m.ingesterCpuUs, "%.3f").replace("–", ""),
            cell(m.secondHalfCpuUs, "%.3f").replace("–", ""), cell(m.serverCpuUs, "%.3f").replace("–", ""),
            cell(m.brokerCpuUs, "%.3f").replace("–", ""), cell(m.peakRssMib, "%.0f").replace("–", ""),
            cell(m.maxDuplicates, "%.0f").replace("–", ""))).append('\n'));
        return csv.toString();
    }

    /** A bar of median logs/s per contender, each labelled with its value. */
    private static void chart(final Map<String, Medians> contenders, final Path file) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
            .title("Draining one backlog into ClickHouse: logs/s, median of the rounds").yAxisTitle("logs/s").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(chart.getStyler().getAxisTickLabelsFont());
        final List<String> names = new ArrayList<>(contenders.keySet());
        chart.addSeries("logs/s", names, Arrays.asList(contenders.values().stream()
            .map(m -> (Number)Math.round(m.logsPerSecond)).toArray(Number[]::new)));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** CPU µs per log, stacked: what each contender costs the machine in all, by process. */
    private static void cpuChart(final Map<String, Medians> contenders, final Path file) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
            .title("CPU per log while draining, by process (medians; lower is better)").yAxisTitle("CPU µs per log").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.0");
        final List<String> names = new ArrayList<>(contenders.keySet());
        chart.addSeries("ingester", names, values(contenders, Medians::ingesterCpuUs));
        chart.addSeries("ClickHouse server", names, values(contenders, Medians::serverCpuUs));
        chart.addSeries("Kafka broker", names, values(contenders, Medians::brokerCpuUs));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Number> values(final Map<String, Medians> contenders, final ToDoubleFunction<Medians> measure)
    {
        return contenders.values().stream().map(m -> (Number)(Double.isNaN(measure.applyAsDouble(m)) ? 0.0
            : measure.applyAsDouble(m))).toList();
    }

    private record Medians(
        int rounds, double logsPerSecond, double ingesterCpuUs, double serverCpuUs, double peakRssMib, double secondHalfCpuUs,
        double brokerCpuUs, double maxDuplicates)
    {
    }
}
