-- Table `logs` for ClickHouse 18.16 (Debian's clickhouse-server): no DateTime64, no LowCardinality by default.
-- Partitioned by day, like logs-modern.sql; 18.16 accepts this custom-partitioning syntax.
CREATE TABLE IF NOT EXISTS logs
(
    timestamp   DateTime,
    level       String,
    service     String,
    resource_id String,
    trace_id    FixedString(32),
    status      UInt16,
    duration_ms Float32,
    message     String
)
ENGINE = MergeTree()
PARTITION BY toYYYYMMDD(timestamp)
ORDER BY (service, resource_id, timestamp)
SETTINGS index_granularity = 8192
