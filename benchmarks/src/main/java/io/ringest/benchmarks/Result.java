package io.ringest.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/** One entry of a JMH JSON result file, with scores converted to ns/op, ops/s and bytes per log. */
final class Result
{
    final String benchmark;
    final String mode;
    final Map<String, String> params;
    final double score;
    final double error;
    final String unit;
    final double allocNorm;
    final double logs;
    final double logsError;

    private Result(final JsonNode run)
    {
        final String name = run.path("benchmark").asText();
        benchmark = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        mode = run.path("mode").asText();
        params = new TreeMap<>();
        run.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        final JsonNode primary = run.path("primaryMetric");
        score = primary.path("score").asDouble();
        error = primary.path("scoreError").asDouble(Double.NaN);
        unit = primary.path("scoreUnit").asText();
        allocNorm = secondary(run, "gc.alloc.rate.norm");
        logs = secondary(run, "logs");
        logsError = secondary(run, "logs", "scoreError");
    }

    static Result of(final JsonNode run)
    {
        return new Result(run);
    }

    private static double secondary(final JsonNode run, final String key)
    {
        return secondary(run, key, "score");
    }

    private static double secondary(final JsonNode run, final String key, final String field)
    {
        final JsonNode metrics = run.path("secondaryMetrics");
        final JsonNode metric = metrics.has(key) ? metrics.path(key) : metrics.path("\u00b7" + key);
        return metric.isMissingNode() ? Double.NaN : metric.path(field).asDouble(Double.NaN);
    }

    boolean isPipeline()
    {
        return benchmark.startsWith("PipelineBenchmark");
    }

    /** InsertBenchmark: like a pipeline result, its logs counter holds the rows/s and the primary score invocations/s. */
    boolean isInsert()
    {
        return benchmark.startsWith("InsertBenchmark");
    }

    private boolean countsLogs()
    {
        return isPipeline() || isInsert();
    }

    boolean isBaseline()
    {
        return benchmark.endsWith("jacksonClientV2") || benchmark.endsWith("arrayBlockingQueue");
    }

    int intParam(final String key)
    {
        return Integer.parseInt(params.getOrDefault(key, "0"));
    }

    /** Line label of a pipeline result: everything but the batch size. */
    String seriesLabel()
    {
        if (isBaseline())
        {
            return "ABQ baseline, queue " + params.get("queueSize") + ", " + params.get("pollers") + " producer(s)";
        }
        return "ringest, ring " + params.get("ringSize") + ", " + params.get("pollers") + " poller(s)"
            + (params.containsKey("fullRingPause") ? ", full-ring pause " + params.get("fullRingPause") : "")
            + (params.containsKey("waitStrategy") ? ", " + params.get("waitStrategy") : "");
    }

    /** Logs per invocation of a pipeline benchmark, from its logs counter and its invocation rate. */
    double logsPerInvocation()
    {
        return logs / perSecond(score, unit);
    }

    double logsPerSecond()
    {
        return countsLogs() ? logs : perSecond(score, unit);
    }

    double bytesPerLog()
    {
        return countsLogs() ? allocNorm / logsPerInvocation() : allocNorm;
    }

    double nanosPerOp()
    {
        return mode.equals("avgt") ? score * nanosPer(unit.substring(0, unit.indexOf('/'))) : 1e9 / perSecond(score, unit);
    }

    /** A throughput in ops/s whatever the unit; an average time is inverted. */
    static double perSecond(final double score, final String unit)
    {
        if (unit.startsWith("ops/"))
        {
            return score * 1e9 / nanosPer(unit.substring(4));
        }
        return 1e9 / (score * nanosPer(unit.substring(0, unit.indexOf('/'))));
    }

    private static double nanosPer(final String unit)
    {
        return switch (unit)
        {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> throw new IllegalArgumentException("unknown JMH time unit " + unit);
        };
    }
}
