#!/usr/bin/env bash
# Usage: scripts/bench.sh [--records N] [--rounds R]      (defaults: 2,000,000 records, 3 rounds; stack must be up)
# The race: preloads topic `race` (4 partitions, lz4) with N loadgen logs, then drains it into ClickHouse with each
# contender in turn, R rounds, each run with a fresh consumer group and its own freshly truncated table:
#   kafka-consumer  ceiling: Kafka's ConsumerPerformance reading the N records, writing nothing
#   raw-insert      ceiling: the same rows pre-encoded as RowBinary, 100,000-row files, two curl streams
#   kafka-engine    ClickHouse's Kafka table engine and a materialized view, its group reset to the earliest offset
#   naive-java      benchmarks' NaiveIngestor: one KafkaConsumer, Jackson POJOs, client-v2 inserts of 100K rows
#   ringest         ringest with config/ringest.properties
# A run ends when its table holds all N logs (count() and the distinct trace ids); duplicate rows are counted and
# shown. Each run's logs/s, CPU seconds of the ingester, the ClickHouse server and the broker (from /proc) and the
# ingester's peak RSS go to bench-results/race-<time>/rounds.csv; medians and ratios to race.md, race.csv, race.png
# and race-cpu.png beside it. Logs of every run: .stack/race/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/clickhouse.sh"
source "$ROOT/scripts/lib/kafka.sh"
records=2000000; rounds=3
while (($# > 0)); do
  case "$1" in
    --records) records=$2 ;;
    --rounds) rounds=$2 ;;
    *) die "usage: scripts/bench.sh [--records N] [--rounds R]" ;;
  esac
  shift 2
done
[[ "$records" =~ ^[1-9][0-9]*$ && "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--records and --rounds take positive integers"
alive "$KAFKA_PID" && alive "$CH_PID" || die "the stack is not running: scripts/stack.sh start"
cd "$ROOT"; ensure_jar; ensure_tools_jar; ensure_bench_jar

TOPIC=race
WORK=.stack/race
OUT=bench-results/race-$(date -u +%Y%m%dT%H%M%SZ)
HZ=$(getconf CLK_TCK)
ch_pid=$(cat "$CH_PID"); kafka_pid=$(cat "$KAFKA_PID")
rm -rf "$WORK"; mkdir -p "$WORK" "$OUT"
echo "contender,round,logs,seconds,ingester_cpu_s,server_cpu_s,peak_rss_mib,ingester_second_half_us_per_log,broker_cpu_s,duplicates" \
  >"$OUT/rounds.csv"

# A contender still running when the script ends (an error, Ctrl-C) is stopped: it would keep consuming the topic, and
# its auto-created metadata would bring the topic back as soon as the next run deletes it.
contender=""
trap '[[ -n "$contender" ]] && kill "$contender" 2>/dev/null' EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
seconds_of() { awk -v t="$1" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }'; }
rows_in() { ch_query "SELECT count() FROM $1"; }
distinct_in() { ch_query "SELECT uniqExact(trace_id) FROM $1"; }

# all_landed TABLE: true once TABLE holds every one of the N logs (loadgen's trace ids are unique). Counting is cheap
# and checked first; the distinct count guards against duplicates passing for progress.
all_landed() { (( $(rows_in "$1") >= records )) && (( $(distinct_in "$1") >= records )); }

# settle: waits (at most 60 s) until no merge runs, so one contender's background merges do not bill the next.
settle() {
  for _ in $(seq 120); do [[ "$(ch_query 'SELECT count() FROM system.merges')" == 0 ]] && return 0; sleep 0.5; done
}

# record NAME ROUND T0 T1 INGESTER_CPU_S SERVER_TICKS0 RSS_MIB SECOND_HALF_US BROKER_TICKS0 [TABLE]: waits for the
# merges the run caused (the server's CPU for them is billed to the run), counts the duplicate rows in TABLE, then
# appends the run to rounds.csv and prints it.
record() {
  local name=$1 round=$2 t0=$3 t1=$4 ingester=$5 server0=$6 rss=$7 second_half=$8 broker0=$9 table=${10:-} secs broker
  local duplicates=""
  broker=$(seconds_of $(( $(ticks "$kafka_pid") - broker0 )))
  settle
  [[ -n "$table" ]] && duplicates=$(( $(rows_in "$table") - $(distinct_in "$table") ))
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  echo "$name,$round,$records,$secs,$ingester,$(seconds_of $(( $(ticks "$ch_pid") - server0 ))),$rss,$second_half,$broker,$duplicates" \
    >>"$OUT/rounds.csv"
  awk -v n="$name" -v r="$round" -v s="$secs" -v c="$records" 'BEGIN { printf "[bench.sh] round %d  %-15s %8.0f logs/s (%.2f s)\n", r, n, c / s, s }'
}

# drain_with NAME ROUND TABLE CMD...: starts CMD, waits until TABLE holds N rows, stops CMD and records the run, with
# the ingester's CPU per log over the second half of the rows too (after start-up and JIT warm-up).
drain_with() {
  local name=$1 round=$2 table=$3; shift 3
  ch_query "TRUNCATE TABLE $table"; settle
  local s0 k0 t0 pid rows half_rows="" half_ticks; s0=$(ticks "$ch_pid"); k0=$(ticks "$kafka_pid"); t0=$(date +%s.%N)
  "$@" >"$WORK/$name-$round.log" 2>&1 &
  pid=$!; contender=$pid
  local deadline=$((SECONDS + 120 + records / 10000))
  while rows=$(rows_in "$table"); ((rows < records)) || ! all_landed "$table"; do
    alive_pid $pid || die "$name exited early, see $WORK/$name-$round.log"
    ((SECONDS < deadline)) || { kill $pid; die "$name did not land $records rows in time, see $WORK/$name-$round.log"; }
    if [[ -z "$half_rows" ]] && ((rows >= records / 2)); then half_rows=$rows; half_ticks=$(ticks $pid); fi
    sleep 0.2
  done
  local t1 end_ticks rss second_half; t1=$(date +%s.%N); end_ticks=$(ticks $pid)
  rss=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' /proc/$pid/status)
  second_half=""  # stays empty when the rows arrived too fast to catch the half-way point
  [[ -n "$half_rows" ]] && second_half=$(awk -v d=$((end_ticks - half_ticks)) -v n=$((records - half_rows)) -v hz="$HZ" \
    'BEGIN { if (n > 0) printf "%.3f", d / hz * 1e6 / n }')
  kill -TERM $pid; wait $pid || true
  contender=""
  record "$name" "$round" "$t0" "$t1" "$(seconds_of "$end_ticks")" "$s0" "$rss" "$second_half" "$k0" "$table"
}
alive_pid() { kill -0 "$1" 2>/dev/null; }

run_consumer() {
  local round=$1 s0 k0 t0
  s0=$(ticks "$ch_pid"); k0=$(ticks "$kafka_pid"); t0=$(date +%s.%N)
  TIMEFORMAT='%U %S'
  { time java -Xmx512m -cp "$KAFKA_DIR/libs/*" -Dlog4j2.configurationFile="$ROOT/tools/kafka/log4j2-tools.properties" \
      org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$KAFKA_BOOTSTRAP" --topic $TOPIC \
      --messages "$records" --group "race-consumer-$round-$RANDOM" --timeout 60000 >"$WORK/kafka-consumer-$round.log"; } \
    2>"$WORK/kafka-consumer-$round.time"
  grep -q "$records" "$WORK/kafka-consumer-$round.log" || die "ConsumerPerformance did not read $records records"
  record kafka-consumer "$round" "$t0" "$(date +%s.%N)" "$(awk '{ print $1 + $2 }' "$WORK/kafka-consumer-$round.time")" "$s0" "" "" "$k0"
}

run_raw_insert() {
  local round=$1 s0 k0 t0
  ch_query "TRUNCATE TABLE race_raw"; settle
  s0=$(ticks "$ch_pid"); k0=$(ticks "$kafka_pid"); t0=$(date +%s.%N)
  TIMEFORMAT='%U %S'
  { time (ls "$WORK"/rows-*.bin | xargs -P 2 -I{} curl -sS --fail-with-body \
      "$CH_URL/?query=INSERT%20INTO%20race_raw%20FORMAT%20RowBinary" --data-binary @{}); } 2>"$WORK/raw-insert-$round.time"
  local t1; t1=$(date +%s.%N)
  (( $(rows_in race_raw) == records )) || die "raw insert landed $(rows_in race_raw) rows, expected $records"
  record raw-insert "$round" "$t0" "$t1" "$(awk '{ print $1 + $2 }' "$WORK/raw-insert-$round.time")" "$s0" "" "" "$k0" race_raw
}

run_kafka_engine() {
  local round=$1 group="race-engine-$1-$RANDOM" s0 k0 t0 timestamp="parseDateTimeBestEffort(timestamp)"
  [[ "$version" == 18.* ]] || timestamp="parseDateTime64BestEffort(timestamp, 9)"
  ch_query "TRUNCATE TABLE race_engine"; settle
  # The engine's consumer group must start at the earliest offset: commit offset 0 for it before it exists.
  kafka_java org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --reset-offsets --to-earliest --execute --group "$group" --topic $TOPIC >/dev/null
  s0=$(ticks "$ch_pid"); k0=$(ticks "$kafka_pid"); t0=$(date +%s.%N)
  ch_query "CREATE TABLE race_engine_queue (timestamp String, level String, service String, resourceId String,
      traceId String, status UInt16, durationMs Float32, message String)
    ENGINE = Kafka SETTINGS kafka_broker_list = '$KAFKA_BOOTSTRAP', kafka_topic_list = '$TOPIC',
      kafka_group_name = '$group', kafka_format = 'JSONEachRow', kafka_row_delimiter = '\n',
      kafka_num_consumers = $ENGINE_CONSUMERS, kafka_max_block_size = 100000"
  ch_query "CREATE MATERIALIZED VIEW race_engine_mv TO race_engine AS SELECT $timestamp AS timestamp, level, service,
      resourceId AS resource_id, toFixedString(traceId, 32) AS trace_id, status, durationMs AS duration_ms, message
    FROM race_engine_queue"
  local deadline=$((SECONDS + 120 + records / 10000))
  until all_landed race_engine; do
    ((SECONDS < deadline)) || die "the Kafka engine did not land $records rows in time"
    sleep 0.2
  done
  local t1; t1=$(date +%s.%N)
  ch_query "DROP TABLE race_engine_mv"; ch_query "DROP TABLE race_engine_queue"
  record kafka-engine "$round" "$t0" "$t1" "" "$s0" "" "" "$k0" race_engine
}

# Two engine consumers (one per core) drained faster than one here: 100,908 against 89,969 logs/s.
ENGINE_CONSUMERS=${ENGINE_CONSUMERS:-2}
version=$(ch_query 'SELECT version()')
header="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); ClickHouse $version; Kafka 4.1.1 (KRaft, one broker); $(java -version 2>&1 | head -1); $records records of about 450 bytes in 4 lz4 partitions; $rounds rounds, medians; $(date -u +%Y-%m-%dT%H:%MZ)"
say "$header"
for table in race_raw race_engine race_naive race_ringest; do ch_recreate_table $table >/dev/null; done
ch_query "DROP TABLE IF EXISTS race_engine_mv"; ch_query "DROP TABLE IF EXISTS race_engine_queue"

say "preloading $records logs into topic $TOPIC (4 partitions, lz4): $WORK/loadgen.log"
kafka_recreate_topic $TOPIC 4 >/dev/null
java @"$JVM_OPTIONS" -cp "$TOOLS_JAR" io.ringest.devtools.LoadGenerator --topic $TOPIC --count "$records" --partitions 4 \
  >"$WORK/loadgen.log" 2>&1 || die "loadgen failed, see $WORK/loadgen.log"

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

say "warm-up (not counted): ringest and the naive ingestor drain the topic once; ringest's rows become the raw-insert files"
drain_with warm-up 0 race_ringest ringest clickhouse.table=race_ringest kafka.group.id=race-warmup-$RANDOM
drain_with warm-up 0 race_naive naive --table race_naive --group race-warmup-$RANDOM
sed -i '/^warm-up,/d' "$OUT/rounds.csv"
for ((i = 0; i * 100000 < records; i++)); do
  curl -sS --fail-with-body "$CH_URL/" --data-binary \
    "SELECT * FROM race_ringest LIMIT 100000 OFFSET $((i * 100000)) FORMAT RowBinary" >"$WORK/rows-$(printf %04d $i).bin"
done

for ((round = 1; round <= rounds; round++)); do
  run_consumer $round
  run_raw_insert $round
  run_kafka_engine $round
  drain_with naive-java $round race_naive naive --table race_naive --group "race-naive-$round-$RANDOM"
  drain_with ringest $round race_ringest ringest clickhouse.table=race_ringest kafka.group.id=race-ringest-$round-$RANDOM
done

java -Djava.awt.headless=true -cp "$BENCH_JAR" io.ringest.benchmarks.RaceReport "$OUT/rounds.csv" "$OUT" "$header"
say "results: $OUT/race.md, race.csv, race.png; every run: $OUT/rounds.csv"
