#!/usr/bin/env bash
# Usage: scripts/drain.sh --topic T --table TABLE --count N [key=value ...]
# Drains N logs already in topic T into TABLE (truncated first) with ringest and a fresh consumer group, then prints
# logs/s, CPU µs per log of ringest and of the ClickHouse server (from /proc), and ringest's peak RSS.
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
cd "$ROOT"; ensure_jar
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# thread_cpu PID N: CPU µs per log of each group of threads (name without its trailing number), busiest first.
thread_cpu() {
  for task in /proc/"$1"/task/*; do
    sed -E 's/^[0-9]+ \((.*)\) [A-Z] (([^ ]+ ){10})([0-9]+) ([0-9]+).*/\4 \5 \1/' "$task/stat"
  done | awk -v n="$2" -v hz="$(getconf CLK_TCK)" '{ ticks = $1 + $2; $1 = $2 = ""; name = substr($0, 3)
      sub(/[-# ]?[0-9]+$/, "", name); t[name] += ticks }
    END { for (k in t) if (t[k] > 0) printf "%8.2f us/log  %s\n", t[k] / hz * 1e6 / n, k }' | sort -rn
}
ch_query "TRUNCATE TABLE $table"
ch_pid=$(cat "$CH_PID"); ch0=$(cpu_ticks "$ch_pid"); t0=$(date +%s.%N)
say "draining $count logs from $topic into $table; ringest's output in .stack/drain-ringest.log"
java @scripts/jvm.options -jar "$JAR" --config config/ringest.properties "kafka.topics=$topic" "clickhouse.table=$table" \
  "kafka.group.id=drain-$(date +%s%N)" metrics.dir=.stack/drain-metrics "$@" >.stack/drain-ringest.log 2>&1 &
pid=$!
until (( $(ch_query "SELECT count() FROM $table") >= count )); do kill -0 $pid 2>/dev/null || die "ringest exited, see .stack/drain-ringest.log"; sleep 0.2; done
t1=$(date +%s.%N); ringest_ticks=$(cpu_ticks $pid); rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
thread_cpu $pid "$count" >.stack/drain-threads.txt
kill -TERM $pid; wait $pid || die "ringest did not stop cleanly"
ch_ticks=$(( $(cpu_ticks "$ch_pid") - ch0 ))
awk -v n="$count" -v t0="$t0" -v t1="$t1" -v r="$ringest_ticks" -v c="$ch_ticks" -v hz="$(getconf CLK_TCK)" -v rss="$rss_kb" \
  'BEGIN { t = t1 - t0; printf "drained %d logs in %.2f s (%.0f logs/s); CPU per log: ringest %.2f us, ClickHouse %.2f us; ringest peak RSS %d MiB\n", n, t, n / t, r / hz * 1e6 / n, c / hz * 1e6 / n, rss / 1024 }'
echo "ringest CPU by thread (.stack/drain-threads.txt):"; head -8 .stack/drain-threads.txt
