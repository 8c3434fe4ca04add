-- The two tables of config/two-routes.properties (README: "Routes: several topics and tables in one process"), for
-- any ClickHouse from 18.16 on. service_logs: 15 columns, fields from nested objects, a catch-all as two parallel
-- arrays; audit_events: who did what to which object. Both lead with the metadata columns, so that after a crash the
-- records they already hold are recognised and skipped.
CREATE TABLE IF NOT EXISTS service_logs
(
    _topic       String,
    _partition   UInt32,
    _offset      UInt64,
    ts           DateTime,
    level        String,
    service      String,
    host         String,
    pod          String,
    path         String,
    status       UInt16,
    duration_ms  Float64,
    user_id      Nullable(UInt64),
    message      String,
    extra_keys   Array(String),
    extra_values Array(String)
)
ENGINE = MergeTree() ORDER BY (_topic, _partition, _offset);

CREATE TABLE IF NOT EXISTS audit_events
(
    _topic       String,
    _partition   UInt32,
    _offset      UInt64,
    ts           DateTime,
    actor        String,
    source_ip    String,
    action       String,
    target       String,
    outcome      String,
    extra_keys   Array(String),
    extra_values Array(String)
)
ENGINE = MergeTree() ORDER BY (_topic, _partition, _offset);
