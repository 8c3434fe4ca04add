#!/usr/bin/env bash
# Usage: scripts/latency-run.sh [--count N] [--rate R] [--name NAME] [--jar JAR] [key=value ...]
# One latency experiment: a fresh topic and table, ringest (JAR, default app/target/ringest.jar, with the key=value
# overrides) started on them, scripts/loadgen.sh producing N logs (default 3,000,000) at R logs/s (default 100,000),
# and once all rows are in ClickHouse: the rate loadgen reached and its producer's waits, CPU per log of ClickHouse,
# ringest, Kafka and loadgen (from /proc) and the cores other processes used meanwhile, the server's inserts and rows
# written for the run's table (system.parts), and the percentile table of ringest's latency.hlog. The hlog is kept as
# .stack/latency/NAME/latency.hlog, to overlay several runs with scripts/latency.sh; the table and topic are dropped.
# Example: scripts/latency-run.sh --count 1500000 --name linger200 pipeline.linger=200ms
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/clickhouse.sh"
source "$ROOT/scripts/lib/kafka.sh"
count=3000000; rate=100000; name=""; jar=$JAR
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --count) count=$2 ;; --rate) rate=$2 ;; --name) name=$2 ;; --jar) jar=$2 ;;
    *) die "unknown option $1; usage: scripts/latency-run.sh [--count N] [--rate R] [--name NAME] [--jar JAR] [key=value ...]" ;;
  esac; shift 2
done
[[ "$count" =~ ^[1-9][0-9]*$ && "$rate" =~ ^[1-9][0-9]*$ ]] || die "--count and --rate must be positive integers, got $count and $rate"
cd "$ROOT"; [[ "$jar" != "$JAR" ]] || ensure_jar; ensure_tools_jar
[[ -f "$jar" ]] || die "--jar $jar: no such file"
stamp=$(date +%s); name=${name:-run-$stamp}; dir=.stack/latency/$name; topic=latency-$stamp; table=latency_$stamp
rm -rf "$dir"; mkdir -p "$dir"
ch_recreate_table "$table" >&2
scripts/loadgen.sh --topic "$topic" --count 0 2>"$dir/loadgen.log"  # creates the topic (4 partitions)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
say "$name: ringest on $topic -> $table; output in $dir/ringest.log"
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
java @scripts/jvm.options "$(cds_flags "$jar")" ${JAVA_OPTS:-} -jar "$jar" --config config/ringest.properties "kafka.topics=$topic" \
  "clickhouse.table=$table" "kafka.group.id=$topic" "metrics.dir=$dir" metrics.http.port=0 "$@" >"$dir/ringest.log" 2>&1 &
pid=$!
# Whatever happens, ringest is stopped and the run's table and topic dropped (errexit applies inside the trap too).
cleanup() {
  kill $pid 2>/dev/null || true
  ch_query "DROP TABLE IF EXISTS $table" >/dev/null || true
  kafka_topics --delete --if-exists --topic "$topic" >/dev/null 2>&1 || true
}
trap cleanup EXIT
touch "$dir/ringest.log"
until grep -q "assigned" "$dir/ringest.log"; do kill -0 $pid 2>/dev/null || die "ringest exited, see $dir/ringest.log"; sleep 0.2; done
# box_ticks: CPU ticks the whole box has spent busy (user, nice, system, irq, softirq, steal).
box_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
ch_pid=$(cat "$CH_PID"); kafka_pid=$(cat "$KAFKA_PID")
ch0=$(cpu_ticks "$ch_pid"); kafka0=$(cpu_ticks "$kafka_pid"); ringest0=$(cpu_ticks $pid); box0=$(box_ticks); t0=$(date +%s.%N)
say "$name: producing $count logs at $rate logs/s"
scripts/loadgen.sh --topic "$topic" --count "$count" --rate "$rate" 2>>"$dir/loadgen.log" &
loadgen=$!
loadgen_ticks=0
while kill -0 $loadgen 2>/dev/null; do loadgen_ticks=$(cpu_ticks $loadgen 2>/dev/null || echo "$loadgen_ticks"); sleep 0.5; done
wait $loadgen || die "loadgen failed, see $dir/loadgen.log"
while rows=$(ch_query "SELECT count() FROM $table"); ((rows < count)); do
  kill -0 $pid 2>/dev/null || die "ringest exited, see $dir/ringest.log"; sleep 0.2
done
ch_ticks=$(( $(cpu_ticks "$ch_pid") - ch0 )); t1=$(date +%s.%N)
kafka_ticks=$(( $(cpu_ticks "$kafka_pid") - kafka0 )); ringest_ticks=$(( $(cpu_ticks $pid) - ringest0 ))
others=$(( $(box_ticks) - box0 - ch_ticks - kafka_ticks - ringest_ticks - loadgen_ticks ))
# The server's work on this table alone, which other clients of a shared server do not blur: inserts (parts of level 0)
# and rows written over rows stored (merges rewrite rows; merged-away parts stay listed for a few minutes).
parts=$(ch_query "SELECT countIf(level = 0), round(sum(rows) / $count, 2) FROM system.parts WHERE database = currentDatabase() AND table = '$table' FORMAT TSV")
kill -TERM $pid; wait $pid || die "ringest did not stop cleanly, see $dir/ringest.log"
grep -E "loadgen: produced [1-9]|producer wait" "$dir/loadgen.log" >&2
awk -v n="$count" -v c="$ch_ticks" -v r="$ringest_ticks" -v k="$kafka_ticks" -v l="$loadgen_ticks" -v o="$others" \
  -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" -v name="$name" \
  'BEGIN { t = t1 - t0; us = 1e6 / hz / n; printf "%s: CPU per log: ClickHouse %.2f us, ringest %.2f, Kafka %.2f, loadgen %.2f; other processes on the box used %.2f of its 2 cores over the %.1f s run\n",
    name, c * us, r * us, k * us, l * us, o / hz / t, t }' | tee "$dir/cpu.txt"
read -r inserts written <<<"$parts"
echo "$name: $inserts inserts ($((count / inserts)) rows each on average), rows written $written times (merges)" | tee "$dir/parts.txt"
java @scripts/jvm.options -cp "$TOOLS_JAR" io.ringest.devtools.LatencyReport "$dir/latency.hlog" --out "$dir" | grep '|'
