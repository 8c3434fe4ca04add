#!/usr/bin/env bash
# Usage: scripts/bench.sh [--records N[,N...]] [--rounds R]   (defaults: --records 1000000,5000000 --rounds 3)
# The race, once per backlog length N: preloads topic `race` (4 partitions, lz4) with N loadgen logs, then drains it
# into ClickHouse with each contender in turn, R rounds, each run with a fresh consumer group and its own freshly
# truncated table, all tables of one DDL (config/logs-*.sql: same types, same ORDER BY):
#   kafka-consumer  ceiling: Kafka's ConsumerPerformance reading the N records, writing nothing
#   raw-insert      ceiling: the same rows pre-encoded as RowBinary in the order ringest's warm-up read them from Kafka
#                   (not sorted by the table key), 100,000-row files, two curl streams
#   kafka-engine    ClickHouse's Kafka table engine and a materialized view parsing the timestamp into the same
#                   DateTime column, its group reset to the earliest offset
#   naive-java      benchmarks' NaiveIngestor: one KafkaConsumer, Jackson POJOs, client-v2 inserts of 100K rows
#   ringest         ringest with config/ringest.properties
# A run ends when its table holds all N logs (count() and the distinct trace ids); duplicate rows are counted and
# shown, and the rows' fingerprint is compared with the raw insert's. The time when half the rows had landed gives the
# steady rate (second half of the rows). Each run's logs/s, CPU seconds of the ingester, the ClickHouse server and the broker (from /proc) and the
# ingester's peak RSS, the minor faults of the server and ingester, the kernel's huge-page counters and the server's
# idle CPU just before the run go to bench-results/race-<time>/rounds.csv; medians and ratios to race.md, race.csv,
# race.png and race-cpu.png beside it. Logs of every run: .stack/race/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/clickhouse.sh"
source "$ROOT/scripts/lib/kafka.sh"
lengths=1000000,5000000; rounds=3
while (($# > 0)); do
  case "$1" in
    --records) lengths=$2 ;;
    --rounds) rounds=$2 ;;
    *) die "usage: scripts/bench.sh [--records N[,N...]] [--rounds R]" ;;
  esac
  shift 2
done
[[ "$lengths" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ && "$rounds" =~ ^[1-9][0-9]*$ ]] \
  || die "--records takes positive integers separated by commas, --rounds a positive integer"
alive "$KAFKA_PID" && alive "$CH_PID" || die "the stack is not running: scripts/stack.sh start"
cd "$ROOT"; ensure_jar; ensure_tools_jar; ensure_bench_jar

TOPIC=race
WORK=.stack/race
OUT=bench-results/race-$(date -u +%Y%m%dT%H%M%SZ)
HZ=$(getconf CLK_TCK)
ch_pid=$(cat "$CH_PID"); kafka_pid=$(cat "$KAFKA_PID")
rm -rf "$WORK"; mkdir -p "$WORK" "$OUT"
echo "contender,round,logs,seconds,half_rows,half_seconds,ingester_cpu_s,server_cpu_s,peak_rss_mib,ingester_second_half_us_per_log,broker_cpu_s,duplicates,same_rows,server_minflt,ingester_minflt,thp_fault_alloc,thp_collapse_alloc,server_idle_cpu_pct" \
  >"$OUT/rounds.csv"

# A contender still running when the script ends (an error, Ctrl-C) is stopped: it would keep consuming the topic, and
# its auto-created metadata would bring the topic back as soon as the next run deletes it.
contender=""
trap '[[ -n "$contender" ]] && kill "$contender" 2>/dev/null' EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
minflt() { awk '{print $10}' "/proc/$1/stat"; }
vmstat_of() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
seconds_of() { awk -v t="$1" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }'; }
rows_in() { ch_query "SELECT count() FROM $1"; }
distinct_in() { ch_query "SELECT uniqExact(trace_id) FROM $1"; }
# fingerprint TABLE: a sum of row hashes, equal for two tables holding the same rows (whatever their order).
fingerprint() { ch_query "SELECT sum(cityHash64(timestamp, level, service, resource_id, trace_id, status, duration_ms,
  message)) FROM $1"; }
alive_pid() { kill -0 "$1" 2>/dev/null; }

# all_landed TABLE: true once TABLE holds every one of the N logs (loadgen's trace ids are unique). Counting is cheap
# and checked first; the distinct count guards against duplicates passing for progress.
all_landed() { (( $(rows_in "$1") >= records )) && (( $(distinct_in "$1") >= records )); }

# settle: waits (at most 60 s) until no merge runs, so one contender's background merges do not bill the next.
settle() {
  for _ in $(seq 120); do [[ "$(ch_query 'SELECT count() FROM system.merges')" == 0 ]] && return 0; sleep 0.5; done
}

# begin TABLE: drops and recreates TABLE, waits for merges, samples the server's idle CPU over 2 s, then takes the
# counters the run is billed from (server, broker, page faults, huge pages) and its start time. Not TRUNCATE: 18.16
# keeps truncated and merged-away parts for old_parts_lifetime (480 s) and deletes them in the middle of a later run,
# billing it for an earlier one's files (0.2-0.3 s of server CPU per 5M-row table here).
begin() {
  [[ -n "$1" && "$1" != race_order ]] && { ch_recreate_table "$1" 2>/dev/null; settle; }  # race_order: fresh, Log
  local i0; i0=$(ticks "$ch_pid"); sleep 2
  idle_pct=$(awk -v d=$(( $(ticks "$ch_pid") - i0 )) -v hz="$HZ" 'BEGIN { printf "%.1f", d / hz / 2 * 100 }')
  s0=$(ticks "$ch_pid"); k0=$(ticks "$kafka_pid"); f0=$(minflt "$ch_pid")
  thp0=$(vmstat_of thp_fault_alloc); col0=$(vmstat_of thp_collapse_alloc); t0=$(date +%s.%N)
  half_rows=""; half_t=""; half_ticks=""
}

# await_rows TABLE [PID]: waits until TABLE holds all N logs, noting when half of them had landed (and PID's CPU then). A
# PID that exits before the rows are all in fails the run.
await_rows() {
  local table=$1 pid=${2:-} rows seen deadline=$((SECONDS + 120 + records / 10000))
  while seen=$(date +%s.%N); rows=$(rows_in "$table"); ((rows < records)) || ! all_landed "$table"; do
    [[ -z "$pid" ]] || alive_pid "$pid" || all_landed "$table" || die "$name exited early, see $WORK/$name-$round.log"
    ((SECONDS < deadline)) || die "$name did not land $records rows in time, see $WORK/$name-$round.log"
    if [[ -z "$half_rows" ]] && ((rows >= records / 2)); then
      half_rows=$rows; half_t=$(date +%s.%N); [[ -n "$pid" ]] && half_ticks=$(ticks "$pid" 2>/dev/null || true)
    fi
    sleep 0.2
  done
  t1=$seen  # when the count first showed them all, not after the distinct count that confirmed it
}

# record INGESTER_CPU_S RSS_MIB SECOND_HALF_US INGESTER_MINFLT [TABLE]: bills the run's counters since begin (the
# server's after the merges the run caused), counts duplicates and compares TABLE's rows with the raw insert's, then
# appends the run to rounds.csv and prints it. Uses name, round, records, t0, t1, half_* from begin and await_rows.
record() {
  local ingester=$1 rss=$2 second_half=$3 ingester_flt=$4 table=${5:-} broker server flt thp col duplicates="" same=""
  broker=$(seconds_of $(( $(ticks "$kafka_pid") - k0 )))
  settle
  server=$(seconds_of $(( $(ticks "$ch_pid") - s0 ))); flt=$(( $(minflt "$ch_pid") - f0 ))
  thp=$(( $(vmstat_of thp_fault_alloc) - thp0 )); col=$(( $(vmstat_of thp_collapse_alloc) - col0 ))
  if [[ -n "$table" ]]; then
    duplicates=$(( $(rows_in "$table") - $(distinct_in "$table") ))
    [[ "$(fingerprint "$table")" == "$reference" ]] && same=1 || same=0
  fi
  local secs half_secs=""
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  [[ -n "$half_t" ]] && half_secs=$(awk -v a="$t0" -v b="$half_t" 'BEGIN { printf "%.2f", b - a }')
  echo "$name,$round,$records,$secs,$half_rows,$half_secs,$ingester,$server,$rss,$second_half,$broker,$duplicates,$same,$flt,$ingester_flt,$thp,$col,$idle_pct" \
    >>"$OUT/rounds.csv"
  awk -v n="$name" -v r="$round" -v s="$secs" -v c="$records" -v h="$half_rows" -v hs="$half_secs" 'BEGIN {
    printf "[bench.sh] %d logs, round %d  %-15s %8.0f logs/s (%.2f s)", c, r, n, c / s, s
    if (h != "" && s > hs) printf ", second half %8.0f logs/s", (c - h) / (s - hs)
    print "" }'
}

# drain_with NAME TABLE CMD...: starts CMD, waits until TABLE holds N rows, stops CMD and records the run, with the
# ingester's CPU per log over the second half of the rows too (after start-up and JIT warm-up).
drain_with() {
  name=$1; local table=$2 pid; shift 2
  begin "$table"
  "$@" >"$WORK/$name-$round.log" 2>&1 &
  pid=$!; contender=$pid
  await_rows "$table" "$pid"
  local end_ticks rss second_half="" flt
  end_ticks=$(ticks $pid); flt=$(minflt $pid); rss=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' /proc/$pid/status)
  [[ -n "$half_ticks" ]] && second_half=$(awk -v d=$((end_ticks - half_ticks)) -v n=$((records - half_rows)) \
    -v hz="$HZ" 'BEGIN { if (n > 0) printf "%.3f", d / hz * 1e6 / n }')
  kill -TERM $pid; wait $pid || true
  contender=""
  record "$(seconds_of "$end_ticks")" "$rss" "$second_half" "$flt" "$table"
}

run_consumer() {
  name=kafka-consumer; begin ""
  TIMEFORMAT='%U %S'
  { time java -Xmx512m -cp "$KAFKA_DIR/libs/*" -Dlog4j2.configurationFile="$ROOT/tools/kafka/log4j2-tools.properties" \
      org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$KAFKA_BOOTSTRAP" --topic $TOPIC \
      --messages "$records" --group "race-consumer-$round-$RANDOM" --timeout 60000 >"$WORK/$name-$round.log"; } \
    2>"$WORK/$name-$round.time"
  t1=$(date +%s.%N)
  grep -q "$records" "$WORK/$name-$round.log" || die "ConsumerPerformance did not read $records records"
  record "$(awk '{ print $1 + $2 }' "$WORK/$name-$round.time")" "" "" ""
}

run_raw_insert() {
  name=raw-insert; begin race_raw
  TIMEFORMAT='%U %S'
  { time (ls "$WORK"/rows-*.bin | xargs -P 2 -I{} curl -sS --fail-with-body \
      "$CH_URL/?query=INSERT%20INTO%20race_raw%20FORMAT%20RowBinary" --data-binary @{}); } 2>"$WORK/$name-$round.time" &
  local pid=$!
  await_rows race_raw $pid
  wait $pid || die "raw insert failed, see $WORK/$name-$round.time"
  record "$(awk '{ print $1 + $2 }' "$WORK/$name-$round.time")" "" "" "" race_raw
}

run_kafka_engine() {
  local group="race-engine-$round-$RANDOM" timestamp="parseDateTimeBestEffort(timestamp)"
  [[ "$version" == 18.* ]] || timestamp="parseDateTime64BestEffort(timestamp, 9)"
  name=kafka-engine
  # The engine's consumer group must start at the earliest offset: commit offset 0 for it before it exists.
  kafka_java org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --reset-offsets --to-earliest --execute --group "$group" --topic $TOPIC >/dev/null
  begin race_engine
  ch_query "CREATE TABLE race_engine_queue (timestamp String, level String, service String, resourceId String,
      traceId String, status UInt16, durationMs Float32, message String)
    ENGINE = Kafka SETTINGS kafka_broker_list = '$KAFKA_BOOTSTRAP', kafka_topic_list = '$TOPIC',
      kafka_group_name = '$group', kafka_format = 'JSONEachRow', kafka_row_delimiter = '\n',
      kafka_num_consumers = $ENGINE_CONSUMERS, kafka_max_block_size = 100000"
  ch_query "CREATE MATERIALIZED VIEW race_engine_mv TO race_engine AS SELECT $timestamp AS timestamp, level, service,
      resourceId AS resource_id, toFixedString(traceId, 32) AS trace_id, status, durationMs AS duration_ms, message
    FROM race_engine_queue"
  await_rows race_engine
  ch_query "DROP TABLE race_engine_mv"; ch_query "DROP TABLE race_engine_queue"
  record "" "" "" "" race_engine
}

# Two engine consumers (one per core) drained faster than one here: 100,908 against 89,969 logs/s.
ENGINE_CONSUMERS=${ENGINE_CONSUMERS:-2}
version=$(ch_query 'SELECT version()')
header="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); ClickHouse $version; Kafka 4.1.1 (KRaft, one broker); $(java -version 2>&1 | head -1); ${lengths//,/ and } records of about 450 bytes in 4 lz4 partitions; $rounds rounds, medians; $(date -u +%Y-%m-%dT%H:%MZ)"
say "$header"

# Both JVM contenders start from a class-data archive (cds_flags) written by their warm-up run, as ringest.sh does.
# Run in the background by drain_with; exec makes the JVM the process it measures and stops.
ringest() {
  exec java @"$JVM_OPTIONS" "$(cds_flags "$JAR")" -jar "$JAR" --config config/ringest.properties "kafka.topics=$TOPIC" \
    "metrics.dir=$WORK/metrics" "$@"
}
naive() {
  exec java -Xmx1g -XX:+UseTransparentHugePages "$(cds_flags "$BENCH_JAR")" -cp "$BENCH_JAR" \
    io.ringest.benchmarks.naive.NaiveIngestor --bootstrap "$KAFKA_BOOTSTRAP" --topic $TOPIC --url "$CH_URL" "$@"
}

# prepare: fresh tables and topic holding N logs; the warm-up drains (not counted) write the JVMs' class-data archives,
# and ringest's lands in race_order, a Log table that keeps the rows in the order they were read from Kafka: the
# raw-insert files are cut from it in that order, so the server sorts them as it sorts every contender's rows.
prepare() {
  for table in race_raw race_engine race_naive race_ringest; do ch_recreate_table $table >/dev/null; done
  ch_query "DROP TABLE IF EXISTS race_engine_mv"; ch_query "DROP TABLE IF EXISTS race_engine_queue"
  ch_query "DROP TABLE IF EXISTS race_order"; ch_query "CREATE TABLE race_order AS race_ringest ENGINE = Log"
  say "preloading $records logs into topic $TOPIC (4 partitions, lz4): $WORK/loadgen.log"
  kafka_recreate_topic $TOPIC 4 >/dev/null
  java @"$JVM_OPTIONS" -cp "$TOOLS_JAR" io.ringest.devtools.LoadGenerator --topic $TOPIC --count "$records" \
    --partitions 4 >"$WORK/loadgen.log" 2>&1 || die "loadgen failed, see $WORK/loadgen.log"
  say "warm-up (not counted): ringest into race_order (the raw-insert files, Kafka order), the naive ingestor"
  reference=""; round=0
  drain_with warm-up race_order ringest clickhouse.table=race_order kafka.group.id=race-warmup-$RANDOM
  drain_with warm-up race_naive naive --table race_naive --group race-warmup-$RANDOM
  sed -i '/^warm-up,/d' "$OUT/rounds.csv"
  reference=$(fingerprint race_order); rm -f "$WORK"/rows-*.bin
  for ((i = 0; i * 100000 < records; i++)); do
    curl -sS --fail-with-body "$CH_URL/?max_threads=1" --data-binary \
      "SELECT * FROM race_order LIMIT 100000 OFFSET $((i * 100000)) FORMAT RowBinary" >"$WORK/rows-$(printf %04d $i).bin"
  done
}

for records in ${lengths//,/ }; do
  prepare
  for ((round = 1; round <= rounds; round++)); do
    run_consumer
    run_raw_insert
    run_kafka_engine
    drain_with naive-java race_naive naive --table race_naive --group "race-naive-$round-$RANDOM"
    drain_with ringest race_ringest ringest clickhouse.table=race_ringest kafka.group.id=race-ringest-$round-$RANDOM
  done
done

java -Djava.awt.headless=true -cp "$BENCH_JAR" io.ringest.benchmarks.RaceReport "$OUT/rounds.csv" "$OUT" "$header"
say "results: $OUT/race.md, race.csv, race.png, race-cpu.png; every run: $OUT/rounds.csv"
