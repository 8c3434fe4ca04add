-- A 15-column application log table with fields from nested objects and a catch-all for everything else, for any
-- ClickHouse from 18.16 on (no Map there, so the catch-all is two parallel arrays); ingest with
-- config/app-logs.properties (README: "A table of your own").
CREATE TABLE IF NOT EXISTS app_logs
(
    ts           DateTime,
    level        String,
    service      String,
    host         String,
    pod          String,
    method       String,
    path         String,
    status       UInt16,
    duration_ms  Float64,
    user_id      Nullable(UInt64),
    tags         Array(String),
    retries      Array(UInt8),
    message      String,
    extra_keys   Array(String),
    extra_values Array(String)
)
ENGINE = MergeTree() ORDER BY (service, ts);
