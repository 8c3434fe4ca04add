package io.ringest.benchmarks;

/**
 * The POJO an application would map a log to with Jackson before handing it to client-v2: public mutable fields,
 * the timestamp kept as its text because mapping {@code Instant} needs an extra Jackson module.
 */
public final class LogRecord
{
    public String timestamp;
    public String level;
    public String service;
    public String resourceId;
    public String traceId;
    public int status;
    public float durationMs;
    public String message;
}
