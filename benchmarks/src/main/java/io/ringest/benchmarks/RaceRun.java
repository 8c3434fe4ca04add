package io.ringest.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code scripts/bench.sh}, a line of its {@code rounds.csv} read by column name; an empty cell is NaN
 * ("not measured": the Kafka engine runs inside the server, the insert ceiling is curl, the consumer ceiling has no
 * table). Rates and CPU per log are derived here so the report and the charts agree on them.
 */
record RaceRun(String contender, int round, long logs, Map<String, Double> cells)
{
    /** Parses every line after the header, which names the columns. */
    static List<RaceRun> parse(final List<String> lines)
    {
        final String[] header = lines.get(0).split(",", -1);
        return lines.subList(1, lines.size()).stream().filter(line -> !line.isBlank()).map(line ->
        {
            final String[] cells = line.split(",", -1);
            final Map<String, Double> values = new HashMap<>();
            for (int i = 2; i < header.length; i++)
            {
                values.put(header[i], i >= cells.length || cells[i].isEmpty() ? Double.NaN : Double.parseDouble(cells[i]));
            }
            return new RaceRun(cells[0], Integer.parseInt(cells[1]), (long)Double.parseDouble(cells[2]), values);
        }).toList();
    }

    double get(final String column)
    {
        return cells.getOrDefault(column, Double.NaN);
    }

    /** Logs per second over the whole run, start-up included. */
    double wholeRate()
    {
        return logs / get("seconds");
    }

    /** Logs per second over the second half of the rows: from when half had landed to the end. */
    double steadyRate()
    {
        final double seconds = get("seconds") - get("half_seconds");
        return seconds > 0 ? (logs - get("half_rows")) / seconds : Double.NaN;
    }

    /** A column of CPU seconds (or a count) per log, in µs (or per million logs for a count). */
    double perLogMicros(final String column)
    {
        return get(column) * 1e6 / logs;
    }
}
