package io.ringest.benchmarks;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@link RaceReport} on a hand-made {@code rounds.csv} with two backlog lengths and checks its medians and
 * ratios against figures worked out by hand (in the comments). The contenders' rounds are chosen so that each measure's
 * median comes from a different run, and the naive ingestor's two rounds make the median an average.
 */
class RaceReportTest
{
    private static final List<String> ROUNDS = List.of(
        "contender,round,logs,seconds,half_rows,half_seconds,ingester_cpu_s,server_cpu_s,peak_rss_mib,"
            + "ingester_second_half_us_per_log,broker_cpu_s,duplicates,same_rows,server_minflt,ingester_minflt,"
            + "thp_fault_alloc,thp_collapse_alloc,server_idle_cpu_pct",
        // 500,000 logs; rates whole / steady, CPU µs per log (ingester, server, broker):
        "raw-insert,1,500000,1.0,250000,0.6,1.0,1.0,,,,,,,,,,",        // 500,000 / 625,000; 2, 2, –
        "kafka-engine,1,500000,5.0,250000,2.5,,4.0,,,1.0,0,1,,,,,",      // 100,000 / 100,000; –, 8, 2
        "naive-java,1,500000,3.2,250000,2.5,5.0,2.0,900,6.0,0.5,0,1,,,,,", // 156,250 / 357,142.86; 10, 4, 1
        "ringest,1,500000,2.5,250000,1.5,3.0,1.5,450,2.0,0.5,0,1,50000,25000,12,3,0.5", // 200,000 / 250,000; 6, 3, 1
        "naive-java,2,500000,5.0,250000,3.0,6.0,2.5,1000,7.0,0.7,10,0,,,,,", // 100,000 / 125,000; 12, 5, 1.4
        "ringest,2,500000,2.0,300000,1.0,2.5,1.25,470,1.8,0.4,0,1,,,,,",  // 250,000 / 200,000; 5, 2.5, 0.8
        "ringest,3,500000,4.0,260000,3.2,4.0,2.0,460,2.6,0.6,3,1,,,,,",   // 125,000 / 300,000; 8, 4, 1.2
        // 2,000,000 logs: ringest 250,000 / 333,333.33, 4.5, 3, 1; the Kafka engine 125,000 / 125,000, –, 8, 1.5.
        "ringest,1,2000000,8.0,1000000,5.0,9.0,6.0,480,3.0,2.0,0,1,,,,,",
        "kafka-engine,1,2000000,16.0,1000000,8.0,,16.0,,,3.0,0,1,,,,,");

    private static Locale locale;
    private static String markdown;
    private static Map<String, String[]> csv;
    private static Path out;

    @BeforeAll
    static void runTheReport(@TempDir final Path dir) throws IOException
    {
        locale = Locale.getDefault();
        Locale.setDefault(Locale.US); // the report formats with the default locale; the expectations below are US
        System.setProperty("java.awt.headless", "true");
        final Path rounds = Files.write(dir.resolve("rounds.csv"), ROUNDS);
        out = dir.resolve("report");
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try
        {
            RaceReport.main(new String[] {rounds.toString(), out.toString(), "test header"});
        }
        finally
        {
            System.setOut(stdout);
        }
        markdown = Files.readString(out.resolve("race.md"));
        assertEquals(markdown, printed.toString(StandardCharsets.UTF_8), "prints what it writes to race.md");
        csv = new LinkedHashMap<>();
        final List<String> lines = Files.readAllLines(out.resolve("race.csv"));
        assertEquals("logs,contender,rounds,whole_logs_per_s,steady_logs_per_s,ingester_cpu_us_per_log,"
            + "ingester_second_half_us_per_log,server_cpu_us_per_log,broker_cpu_us_per_log,peak_rss_mib,max_duplicates,"
            + "same_rows", lines.get(0));
        lines.subList(1, lines.size()).forEach(line ->
        {
            final String[] cells = line.split(",", -1);
            csv.put(cells[0] + " " + cells[1], Arrays.copyOfRange(cells, 2, cells.length));
        });
    }

    @AfterAll
    static void restoreTheLocale()
    {
        Locale.setDefault(locale);
    }

    @Test
    void shouldWriteTheMediansOfEveryMeasurePerContenderAndLengthInFirstRunOrder()
    {
        assertEquals(List.of("500000 raw-insert", "500000 kafka-engine", "500000 naive-java", "500000 ringest",
            "2000000 ringest", "2000000 kafka-engine"), List.copyOf(csv.keySet()));
        // rounds, whole, steady, ingester CPU, its second half, server CPU, broker CPU, peak RSS, duplicates, same rows
        assertArrayEquals(new String[] {"3", "200000", "250000", "6.000", "2.000", "3.000", "1.000", "460", "3", "1"},
            csv.get("500000 ringest"));
        // Two rounds: each median is the mean of the two runs' figures, rates included (not logs / mean seconds).
        assertArrayEquals(new String[] {"2", "128125", "241071", "11.000", "6.500", "4.500", "1.200", "950", "10", "0"},
            csv.get("500000 naive-java"));
        assertArrayEquals(new String[] {"1", "500000", "625000", "2.000", "", "2.000", "", "", "", ""},
            csv.get("500000 raw-insert"));
        assertArrayEquals(new String[] {"1", "100000", "100000", "", "", "8.000", "2.000", "", "0", "1"},
            csv.get("500000 kafka-engine"));
        assertArrayEquals(new String[] {"1", "250000", "333333", "4.500", "3.000", "3.000", "1.000", "480", "0", "1"},
            csv.get("2000000 ringest"));
        assertArrayEquals(new String[] {"1", "125000", "125000", "", "", "8.000", "1.500", "", "0", "1"},
            csv.get("2000000 kafka-engine"));
    }

    @Test
    void shouldRatioRingestToEachContenderWithinEachLength()
    {
        // ringest × whole, ringest × steady, the contender's whole rate ÷ the raw insert's.
        final Map<String, List<String>> short_ = table("500,000");
        assertEquals(List.of("0.40", "0.40", "1.00"), ratios(short_.get("raw-insert")));
        assertEquals(List.of("2.00", "2.50", "0.20"), ratios(short_.get("kafka-engine")));
        // 200,000 / 128,125 = 1.561; 250,000 / 241,071.43 = 1.037; 128,125 / 500,000 = 0.256.
        assertEquals(List.of("1.56", "1.04", "0.26"), ratios(short_.get("naive-java")));
        assertEquals(List.of("1.00", "1.00", "0.40"), ratios(short_.get("ringest")));
        // No raw insert at 2,000,000: no ratio to it; ringest's 333,333 steady over the engine's 125,000 = 2.67.
        final Map<String, List<String>> long_ = table("2,000,000");
        assertEquals(List.of("ringest", "kafka-engine"), List.copyOf(long_.keySet()));
        assertEquals(List.of("2.00", "2.67", "–"), ratios(long_.get("kafka-engine")));
        assertEquals(List.of("1.00", "1.00", "–"), ratios(long_.get("ringest")));
    }

    @Test
    void shouldShowMediansAndVerdictsInTheMarkdownTable()
    {
        // rounds, whole, steady, …, ingester CPU, its second half, server, broker, RSS, duplicates, same rows
        assertEquals(List.of("2", "128,125", "241,071", "1.56", "1.04", "0.26", "11.00", "6.50", "4.50", "1.20", "950",
            "10", "**no**"), table("500,000").get("naive-java"));
        assertEquals(List.of("1", "100,000", "100,000", "2.00", "2.50", "0.20", "–", "–", "8.00", "2.00", "–", "0",
            "yes"), table("500,000").get("kafka-engine"));
        assertEquals("–", table("500,000").get("raw-insert").get(12), "no fingerprint measured");
    }

    @Test
    void shouldListEveryRunWithItsRateAndTheServersCountersPerLog()
    {
        // 50,000 server minor faults / 500,000 logs = 0.100; 25,000 ingester faults = 0.050.
        assertTrue(markdown.contains("| 500,000 | ringest | 1 | 200,000 | 3.00 | 0.100 | 0.050 | 12 | 3 | 0.5 |"),
            markdown);
        assertTrue(markdown.contains("| 500,000 | ringest | 3 | 125,000 | 4.00 | – | – | – | – | – |"), markdown);
        assertTrue(markdown.contains("| 2,000,000 | kafka-engine | 1 | 125,000 | 8.00 | – | – | – | – | – |"), markdown);
        assertTrue(markdown.startsWith("# Race: Kafka to ClickHouse\n\ntest header\n"));
    }

    @Test
    void shouldDrawBothCharts()
    {
        assertTrue(Files.isRegularFile(out.resolve("race.png")));
        assertTrue(Files.isRegularFile(out.resolve("race-cpu.png")));
    }

    private static List<String> ratios(final List<String> row)
    {
        return row.subList(3, 6);
    }

    /** The medians table under "## N logs": contender to its other cells, in order. */
    private static Map<String, List<String>> table(final String logs)
    {
        final String section = markdown.substring(markdown.indexOf("## " + logs + " logs"));
        final Map<String, List<String>> rows = new LinkedHashMap<>();
        section.lines().skip(4).takeWhile(line -> line.startsWith("|")).forEach(line ->
        {
            final List<String> cells = Arrays.stream(line.split("\\|")).skip(1).map(String::trim).toList();
            rows.put(cells.get(0), cells.subList(1, cells.size()));
        });
        return rows;
    }
}
