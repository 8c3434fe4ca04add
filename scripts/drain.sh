#!/usr/bin/env bash
# Usage: scripts/drain.sh --topic T --table TABLE --count N [key=value ...]
# Drains N logs already in topic T into TABLE (truncated first) with ringest and a fresh consumer group, then prints
# logs/s, CPU µs per log of ringest and of the ClickHouse server (from /proc), ringest's peak RSS, and its start-up CPU:
# the whole run's CPU minus N × its steady cost per log (CPU per log over the second half of the rows), with the whole
# rate as a % of the steady rate (second half of the rows over the time they took). Extra JVM flags from $JAVA_OPTS.
# Example: scripts/loadgen.sh --topic bench --count 2000000 && scripts/drain.sh --topic bench --table logs --count 2000000
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/clickhouse.sh"
source "$ROOT/scripts/lib/kafka.sh"
topic=""; table=""; count=0
while [[ "${1:-}" == --* ]]; do
  case "$1" in --topic) topic=$2 ;; --table) table=$2 ;; --count) count=$2 ;; *) die "unknown option $1" ;; esac; shift 2
done
[[ -n "$topic" && -n "$table" && "$count" =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/drain.sh --topic T --table TABLE --count N [key=value ...]"
cd "$ROOT"; ensure_jar; ringest_java; mapfile -t class_data < <(ringest_class_data "$JAR")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# thread_ticks PID: CPU ticks per group of threads (name without its trailing number), one "ticks name" line each.
thread_ticks() {
  for task in /proc/"$1"/task/*; do
    sed -E 's/^[0-9]+ \((.*)\) [A-Z] (([^ ]+ ){10})([0-9]+) ([0-9]+).*/\4 \5 \1/' "$task/stat"
  done | awk '{ ticks = $1 + $2; $1 = $2 = ""; name = substr($0, 3); sub(/[-# ]?[0-9]+$/, "", name); t[name] += ticks }
    END { for (k in t) print t[k], k }'
}
# per_log BEFORE AFTER N: µs of CPU per log of each thread group between two thread_ticks snapshots, busiest first.
per_log() {
  awk -v n="$3" -v hz="$(getconf CLK_TCK)" 'FNR == NR { t = $1; $1 = ""; before[$0] = t; next }
    { t = $1; $1 = ""; d = t - before[$0]; if (d > 0) printf "%8.2f us/log %s\n", d / hz * 1e6 / n, $0 }' "$1" "$2" | sort -rn
}
ch_query "TRUNCATE TABLE $table"
ch_pid=$(cat "$CH_PID"); ch0=$(cpu_ticks "$ch_pid"); t0=$(date +%s.%N)
say "draining $count logs from $topic into $table with $RINGEST_JAVA ${class_data[-1]%%=*}; ringest's output in .stack/drain-ringest.log"
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
"$RINGEST_JAVA" @scripts/jvm.options "${class_data[@]}" ${JAVA_OPTS:-} -jar "$JAR" --config config/ringest.properties "kafka.topics=$topic" "clickhouse.table=$table" \
  "kafka.group.id=drain-$(date +%s%N)" metrics.dir=.stack/drain-metrics "$@" >.stack/drain-ringest.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT  # never leave ringest running behind an error or Ctrl-C
echo "0 -" >.stack/drain-start.ticks  # the whole run's baseline: nothing yet (one dummy line, so awk reads it as a file)
half=""; half_t=""; half_ticks=""
while rows=$(ch_query "SELECT count() FROM $table"); ((rows < count)); do
  kill -0 $pid 2>/dev/null || die "ringest exited, see .stack/drain-ringest.log"
  if [[ -z "$half" ]] && ((rows >= count / 2)); then
    half=$rows; half_t=$(date +%s.%N); half_ticks=$(cpu_ticks $pid); thread_ticks $pid >.stack/drain-half.ticks
  fi
  sleep 0.2
done
t1=$(date +%s.%N); ringest_ticks=$(cpu_ticks $pid); rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
thread_ticks $pid >.stack/drain-end.ticks
kill -TERM $pid; wait $pid || die "ringest did not stop cleanly"
ch_ticks=$(( $(cpu_ticks "$ch_pid") - ch0 ))
awk -v n="$count" -v t0="$t0" -v t1="$t1" -v r="$ringest_ticks" -v c="$ch_ticks" -v hz="$(getconf CLK_TCK)" -v rss="$rss_kb" \
  'BEGIN { t = t1 - t0; printf "drained %d logs in %.2f s (%.0f logs/s); CPU per log: ringest %.2f us, ClickHouse %.2f us; ringest peak RSS %d MiB\n", n, t, n / t, r / hz * 1e6 / n, c / hz * 1e6 / n, rss / 1024 }'
# Start-up CPU: what ringest spent beyond N logs at its steady cost, the second half's CPU per log (after the JIT's
# warm-up). Unknown when the rows landed in one step (no half-way point between two polls of count()).
if [[ -n "$half" && "$half" -lt "$count" ]]; then
  awk -v n="$count" -v h="$half" -v t0="$t0" -v th="$half_t" -v t1="$t1" -v r="$ringest_ticks" -v rh="$half_ticks" \
      -v hz="$(getconf CLK_TCK)" 'BEGIN { steady = (r - rh) / hz / (n - h); startup = r / hz - n * steady
    whole = n / (t1 - t0); rate = (n - h) / (t1 - th)
    printf "start-up CPU %.2f s (ringest CPU %.2f s - %d logs x %.2f us, its CPU per log over the last %d logs); ", startup, r / hz, n, steady * 1e6, n - h
    printf "whole rate %.0f logs/s = %.0f%% of the steady rate %.0f logs/s (the last %d logs)\n", whole, 100 * whole / rate, rate, n - h }'
fi
echo "ringest CPU per log by thread, whole run | second half only (after start-up and JIT warm-up):"
paste <(per_log .stack/drain-start.ticks .stack/drain-end.ticks "$count") \
  <([[ -n "$half" ]] && per_log .stack/drain-half.ticks .stack/drain-end.ticks $((count - half))) | head -10
