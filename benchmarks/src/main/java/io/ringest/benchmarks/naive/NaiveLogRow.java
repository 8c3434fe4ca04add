package io.ringest.benchmarks.naive;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * One log as the load generator writes it, mapped by Jackson from the JSON and read by client-v2's POJO serializer.
 * <p>
 * Jackson binds the camelCase JSON names through the {@link JsonCreator} constructor. client-v2 matches a column to
 * a public {@code get}/{@code is}/{@code has} method by lower-casing both and dropping the prefix and the
 * underscores, so {@code getResourceId} serves {@code resource_id} and {@code getDurationMs} serves
 * {@code duration_ms}. The timestamp is parsed to an {@link Instant}, which client-v2 writes as {@code DateTime}
 * (whole seconds) and as {@code DateTime64(9)} (nanoseconds); Jackson itself needs the JSR-310 module for that.
 * Immutable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class NaiveLogRow
{
    private final Instant timestamp;
    private final String level;
    private final String service;
    private final String resourceId;
    private final String traceId;
    private final int status;
    private final float durationMs;
    private final String message;

    @JsonCreator
    public NaiveLogRow(
        @JsonProperty("timestamp") final String timestamp,
        @JsonProperty("level") final String level,
        @JsonProperty("service") final String service,
        @JsonProperty("resourceId") final String resourceId,
        @JsonProperty("traceId") final String traceId,
        @JsonProperty("status") final int status,
        @JsonProperty("durationMs") final float durationMs,
        @JsonProperty("message") final String message)
    {
        this.timestamp = Instant.parse(timestamp);
        this.level = level;
        this.service = service;
        this.resourceId = resourceId;
        this.traceId = traceId;
        this.status = status;
        this.durationMs = durationMs;
        this.message = message;
    }

    public Instant getTimestamp()
    {
        return timestamp;
    }

    public String getLevel()
    {
        return level;
    }

    public String getService()
    {
        return service;
    }

    public String getResourceId()
    {
        return resourceId;
    }

    public String getTraceId()
    {
        return traceId;
    }

    public int getStatus()
    {
        return status;
    }

    public float getDurationMs()
    {
        return durationMs;
    }

    public String getMessage()
    {
        return message;
    }
}
