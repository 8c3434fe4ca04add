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
if (($#)); then [[ "$1" == --records && $# -eq 2 ]] || die "usage: $0 [--records N]"; N=$2; fi
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "--records must be a positive integer, got $N"
METRICS=.stack/demo-metrics
INGEST_LOG=.stack/demo-ringest.log
LOADGEN_LOG=.stack/demo-loadgen.log
cd "$ROOT"

ensure_jar; ensure_tools_jar
scripts/stack.sh start

kafka_recreate_topic logs 4
ch_recreate_table logs

rm -rf "$METRICS"; mkdir -p "$METRICS"
say "starting the ingestor, its output goes to $INGEST_LOG"
scripts/ringest.sh --config config/ringest.properties "metrics.dir=$METRICS" \
  "kafka.group.id=ringest-demo-$(date -u +%Y%m%d-%H%M%S)" >"$INGEST_LOG" 2>&1 &
ingestor=$!
trap 'kill -TERM $ingestor 2>/dev/null || true' EXIT
for _ in $(seq 60); do grep -q 'reading' "$INGEST_LOG" && break; kill -0 $ingestor 2>/dev/null || break; sleep 0.5; done
kill -0 $ingestor 2>/dev/null || die "the ingestor exited at start-up: $(tail -5 "$INGEST_LOG")"

say "producing $N logs to topic logs, loadgen's output goes to $LOADGEN_LOG"
scripts/loadgen.sh --topic logs --count "$N" --partitions 4 2>"$LOADGEN_LOG" &
loadgen=$!
until grep -q '^loadgen: producing' "$LOADGEN_LOG"; do
  kill -0 $loadgen 2>/dev/null || die "loadgen exited at start-up: $(tail -3 "$LOADGEN_LOG")"; sleep 0.05
done
t0=$(date +%s.%N)
deadline=$((SECONDS + 120 + N / 5000))
while :; do
  count=$(ch_query 'SELECT count() FROM logs') || die "ClickHouse did not answer SELECT count() FROM logs"
  ((count < N)) || break
  if [[ -n "$loadgen" ]] && ! kill -0 $loadgen 2>/dev/null; then
    wait $loadgen || die "loadgen failed: $(tail -3 "$LOADGEN_LOG")"; loadgen=""
  fi
  kill -0 $ingestor 2>/dev/null || die "the ingestor died at $count/$N rows, see $INGEST_LOG"
  ((SECONDS < deadline)) || die "timed out at $count/$N rows, see $INGEST_LOG"
  produced=$(sed -nE 's/^produced ([0-9,]+)\/.*/\1/p' "$LOADGEN_LOG" | tail -1); produced=${produced:-0}
  [[ -n "$loadgen" ]] || produced=$N
  printf '[demo.sh] produced %d, ingested %d of %d\n' "${produced//,/}" "$count" "$N" >&2
  sleep 0.5
done
t1=$(date +%s.%N)
((count == N)) || die "ClickHouse holds $count rows, more than the $N produced: duplicates"
[[ -z "$loadgen" ]] || wait $loadgen || die "loadgen failed: $(tail -3 "$LOADGEN_LOG")"
say "$(tail -1 "$LOADGEN_LOG")"

say "all $N rows stored; stopping the ingestor (SIGTERM)"
kill -TERM $ingestor
rc=0; wait $ingestor || rc=$?
trap - EXIT
((rc == 0)) || die "the ingestor exited with $rc, see $INGEST_LOG"
prop() { sed -n "s/^$1=//p" "$METRICS/summary.properties"; }
[[ -f "$METRICS/summary.properties" ]] || die "no $METRICS/summary.properties"
awk -v n="$N" -v t0="$t0" -v t1="$t1" -v p50="$(prop p50_ms)" -v p99="$(prop p99_ms)" \
  'BEGIN { t = t1 - t0; printf "ingested %d logs in %.2f s (%.0f logs/s), p50 %s ms, p99 %s ms\n", n, t, n / t, p50, p99 }'
