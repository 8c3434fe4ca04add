package io.ringest.benchmarks;

import java.util.List;
import java.util.Locale;

/** Prints JMH results as markdown tables: encode results in ns/row and rows/s, pipeline results in logs/s, inserts in rows/s. */
final class Table
{
    private Table()
    {
    }

    static void print(final List<Result> results)
    {
        final StringBuilder encode = new StringBuilder();
        final StringBuilder pipeline = new StringBuilder();
        final StringBuilder insert = new StringBuilder();
        for (final Result r : results)
        {
            if (r.isInsert())
            {
                insert.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f ± %,.0f | %s |%n", r.benchmark,
                    r.params.get("writers"), r.params.get("batchRows"), r.logsPerSecond(), r.logsError, bytes(r.bytesPerLog())));
            }
            else if (r.isPipeline())
            {
                pipeline.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %,.0f ± %,.0f | %s |%n",
                    r.benchmark, r.params.getOrDefault("ringSize", r.params.getOrDefault("queueSize", "")),
                    r.params.get("pollers"), r.params.getOrDefault("fullRingPause", "-"),
                    r.params.getOrDefault("waitStrategy", "-"), r.params.get("batchRows"), r.logsPerSecond(), r.logsError,
                    bytes(r.bytesPerLog())));
            }
            else
            {
                encode.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %,.0f | %s |%n", r.benchmark,
                    r.params.get("schema"), r.mode, r.mode.equals("avgt") ? String.format(Locale.ROOT, "%.1f ± %.1f",
                        r.nanosPerOp(), r.error * r.nanosPerOp() / r.score) : String.format(Locale.ROOT, "%.1f", r.nanosPerOp()),
                    r.logsPerSecond(), bytes(r.bytesPerLog())));
            }
        }
        if (encode.length() > 0)
        {
            System.out.println("\n| benchmark | schema | mode | ns/row | rows/s | B/row |");
            System.out.println("|---|---|---|---:|---:|---:|");
            System.out.print(encode);
        }
        if (pipeline.length() > 0)
        {
            System.out.println("\n| benchmark | ring/queue | pollers | full-ring pause | wait | batch rows | logs/s | B/log |");
            System.out.println("|---|---:|---:|---|---|---:|---:|---:|");
            System.out.print(pipeline);
        }
        if (insert.length() > 0)
        {
            System.out.println("\n| benchmark | writers | batch rows | rows/s | B/row |");
            System.out.println("|---|---:|---:|---:|---:|");
            System.out.print(insert);
        }
    }

    private static String bytes(final double value)
    {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.1f", value);
    }
}
