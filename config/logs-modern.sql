-- Table `logs` for ClickHouse 24 and later: nanosecond timestamps, dictionary-encoded low-cardinality columns.
CREATE TABLE IF NOT EXISTS logs
(
    timestamp   DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    level       LowCardinality(String),
    service     LowCardinality(String),
    resource_id String,
    trace_id    FixedString(32),
    status      UInt16,
    duration_ms Float32,
    message     String CODEC(ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toDate(timestamp)
ORDER BY (service, resource_id, timestamp)
SETTINGS index_granularity = 8192
