#!/usr/bin/env bash
# Usage: scripts/demo.sh [--records N]   (default 1,000,000)
# End to end on the local stack: fresh topic `logs` and table `logs`, the ingestor in the background,
# N logs produced as fast as possible, then waits until ClickHouse holds all N rows, stops the ingestor
# and prints the throughput and the latency percentiles the ingestor measured.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/kafka.sh"
source "$ROOT/scripts/lib/clickhouse.sh"
N=1000000
[[ "${1:-}" == --records ]] && N=${2:?--records needs a number}
[[ "$N" =~ ^[0-9]+$ ]] && ((N > 0)) || die "--records must be a positive integer, got $N"
METRICS=.stack/demo-metrics
INGEST_LOG=.stack/demo-ringest.log
cd "$ROOT"

ensure_jar
scripts/stack.sh start

say "topic logs: deleting and recreating with 4 partitions"
kafka_topics --delete --if-exists --topic logs
for try in $(seq 20); do
  kafka_topics --create --topic logs --partitions 4 --replication-factor 1 >/dev/null 2>&1 && break
  ((try < 20)) || die "could not recreate topic logs"; sleep 1
done

version=$(ch_query 'SELECT version()')
ddl=config/logs-modern.sql; [[ "$version" == 18.* ]] && ddl=config/logs-18.16.sql
say "table logs: dropping and creating from $ddl (ClickHouse $version)"
ch_query 'DROP TABLE IF EXISTS logs'
ch_query "$(cat "$ddl")"

rm -rf "$METRICS"; mkdir -p "$METRICS"
say "starting the ingestor, its output goes to $INGEST_LOG"
scripts/ringest.sh --config config/ringest.properties "metrics.dir=$METRICS" \
  "kafka.group.id=ringest-demo-$(date -u +%Y%m%d-%H%M%S)" >"$INGEST_LOG" 2>&1 &
ingestor=$!
trap 'kill -TERM $ingestor 2>/dev/null || true' EXIT
for _ in $(seq 60); do grep -q 'reading' "$INGEST_LOG" && break; kill -0 $ingestor 2>/dev/null || break; sleep 0.5; done
kill -0 $ingestor 2>/dev/null || die "the ingestor exited at start-up: $(tail -5 "$INGEST_LOG")"

say "producing $N logs to topic logs"
t0=$(date +%s.%N)
scripts/loadgen.sh --topic logs --count "$N" --partitions 4 &
loadgen=$!
deadline=$((SECONDS + 120 + N / 5000))
while :; do
  count=$(ch_query 'SELECT count() FROM logs') || die "ClickHouse did not answer SELECT count() FROM logs"
  ((count < N)) || break
  if [[ -n "$loadgen" ]] && ! kill -0 "$loadgen" 2>/dev/null; then
    wait "$loadgen" || die "loadgen failed"; loadgen=""
  fi
  kill -0 $ingestor 2>/dev/null || die "the ingestor died at $count/$N rows, see $INGEST_LOG"
  ((SECONDS < deadline)) || die "timed out at $count/$N rows, see $INGEST_LOG"
  printf '[demo.sh] ingested %d/%d\n' "$count" "$N" >&2
  sleep 0.5
done
t1=$(date +%s.%N)
((count == N)) || die "ClickHouse holds $count rows, more than the $N produced: duplicates"
[[ -z "$loadgen" ]] || wait "$loadgen" || die "loadgen failed"

say "all $N rows stored; stopping the ingestor (SIGTERM)"
kill -TERM $ingestor
rc=0; wait $ingestor || rc=$?
trap - EXIT
((rc == 0)) || die "the ingestor exited with $rc, see $INGEST_LOG"
prop() { sed -n "s/^$1=//p" "$METRICS/summary.properties"; }
[[ -f "$METRICS/summary.properties" ]] || die "no $METRICS/summary.properties"
awk -v n="$N" -v t0="$t0" -v t1="$t1" -v p50="$(prop p50_ms)" -v p99="$(prop p99_ms)" \
  'BEGIN { t = t1 - t0; printf "ingested %d logs in %.2f s (%.0f logs/s), p50 %s ms, p99 %s ms\n", n, t, n / t, p50, p99 }'
