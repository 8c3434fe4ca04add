#!/usr/bin/env bash
# Usage: scripts/chaos.sh [--fast] [SCENARIO ...]
# The fault suite, against the local stack (scripts/stack.sh start): kills and stops ringest, ClickHouse and the broker
# while ringest drains a topic, then checks with io.ringest.app.Coverage that for every partition the table's
# (_partition, _offset) plus the dead letters' source offsets cover [0, end) exactly once, and that the group committed
# every partition to its end. One line per scenario:
#   PASS kill9: produced 1000000, in table 1000000, in DLQ 0, duplicates 0, missing 0, out of range 0, committed ...
# Exits 1 if any scenario fails. --fast runs the small versions that scripts/test.sh runs.
# Scenarios (default: all): kill9 ack-gap clickhouse-restart clickhouse-stop broker-restart
# Logs of every ringest run: .stack/chaos/<scenario>-<run>.log
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/clickhouse.sh"
source "$ROOT/scripts/lib/kafka.sh"
cd "$ROOT"

FAST=0
[[ "${1:-}" == --fast ]] && { FAST=1; shift; }
ALL=(kill9 ack-gap clickhouse-restart clickhouse-stop broker-restart)
FAST_SET=(kill9 ack-gap)
if (($# > 0)); then SCENARIOS=("$@"); elif ((FAST)); then SCENARIOS=("${FAST_SET[@]}"); else SCENARIOS=("${ALL[@]}"); fi
for s in "${SCENARIOS[@]}"; do [[ " ${ALL[*]} " == *" $s "* ]] || die "unknown scenario '$s'; valid: ${ALL[*]}"; done

scripts/stack.sh status >/dev/null || die "the stack is not running: scripts/stack.sh start"
ensure_jar
OUT="$STACK/chaos"; mkdir -p "$OUT"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  alive "$CH_PID" && kill -CONT "$(cat "$CH_PID")" 2>/dev/null || true
}
trap cleanup EXIT

# records N: N, or a tenth of it with --fast.
records() { if ((FAST)); then echo $(($1 / 10)); else echo "$1"; fi; }

# prepare NAME PARTITIONS COUNT: topic chaos-NAME with COUNT loadgen logs, an empty dead-letter topic and table
# chaos_NAME (the logs table plus the _topic, _partition and _offset columns ringest fills from each record).
prepare() {
  local name=$1 partitions=$2 count=$3
  kafka_recreate_topic "chaos-$name" "$partitions"
  kafka_recreate_topic "chaos-$name.dlq" 1
  ch_recreate_table "$(table "$name")" >/dev/null
  ch_query "ALTER TABLE $(table "$name") ADD COLUMN _topic String, ADD COLUMN _partition Int32, ADD COLUMN _offset Int64"
  java -cp "$JAR" io.ringest.app.LoadGenerator --topic "chaos-$name" --count "$count" --partitions "$partitions" \
    >"$OUT/$name-loadgen.log" 2>&1 || die "loadgen failed, see $OUT/$name-loadgen.log"
}

# start NAME RUN [key=value ...]: starts ringest on chaos-NAME in the background; its pid in $PID.
# A 6 s session timeout (the broker's minimum) lets the group notice a killed member in 6 s rather than 45.
start() {
  local name=$1 run=$2; shift 2
  java @scripts/jvm.options -jar "$JAR" --config config/ringest.properties "kafka.topics=chaos-$name" \
    "clickhouse.table=$(table "$name")" "kafka.group.id=chaos-$name" "metrics.dir=$OUT/$name-metrics" \
    clickhouse.insert.timeout=10s kafka.session.timeout.ms=6000 kafka.heartbeat.interval.ms=2000 "$@" \
    >"$OUT/$name-$run.log" 2>&1 &
  PID=$!; PIDS+=("$PID")
}

# stop PID: SIGTERM (flush, commit, exit 0); false if it did not exit cleanly.
stop() { kill -TERM "$1"; wait "$1"; }

# kill9 PID: SIGKILL and reap.
kill9() { kill -KILL "$1"; wait "$1" 2>/dev/null || true; }

# table NAME: the scenario's table, chaos_NAME with dashes as underscores.
table() { echo "chaos_${1//-/_}"; }

# rows NAME: rows in the scenario's table.
rows() { ch_query "SELECT count() FROM $(table "$1")"; }

# wait_rows NAME N SECONDS: until the scenario's table holds at least N rows; false on timeout or once ringest ($PID) exited.
wait_rows() {
  local deadline=$((SECONDS + $3))
  while (($(rows "$1") < $2)); do
    ((SECONDS < deadline)) && kill -0 "$PID" 2>/dev/null || return 1
    sleep 0.2
  done
}

# coverage NAME [--wait S]: the coverage line of chaos-NAME; exit status 0 only when it is complete and exact.
coverage() {
  local name=$1; shift
  java -cp "$JAR" io.ringest.app.Coverage --topic "chaos-$name" --table "$(table "$name")" --dlq "chaos-$name.dlq" \
    --group "chaos-$name" "$@" 2>>"$OUT/$name-coverage.log"
}

# finish NAME PID EXTRA: waits for everything to be stored, stops ringest cleanly, checks coverage and reports.
FAILED=0
finish() {
  local name=$1 pid=$2 extra=$3 line rc=0
  coverage "$name" --wait 600 >/dev/null || true
  stop "$pid" || extra="$extra; ringest did not exit cleanly"
  line=$(coverage "$name") || rc=1
  [[ "$extra" == *"did not exit cleanly"* ]] && rc=1
  if ((rc == 0)); then echo "PASS $name: $line$extra"; else echo "FAIL $name: $line$extra"; FAILED=1; fi
}

# random_tenths LOW HIGH: a random duration in seconds between LOW and HIGH, with one decimal.
random_tenths() { local t=$((RANDOM % (($2 - $1) * 10) + $1 * 10)); echo "$((t / 10)).$((t % 10))"; }

# skipped NAME: records ringest skipped on assignment because the table already held them, over all runs.
skipped() { cat "$OUT/$1"-run*.log "$OUT/$1"-final.log 2>/dev/null | grep -oE '[0-9]+ records from offset [0-9]+ on are already stored' | awk '{ s += $1 } END { print s + 0 }'; }

scenario_kill9() {
  local n kills=""; n=$(records 1000000)
  prepare kill9 4 "$n"
  # --fast: 100,000 records would fit one default batch, so smaller batches give the kills something to interrupt.
  local small=(); ((FAST)) && small=(pipeline.batch.rows=10000)
  for i in 1 2 3 4 5; do
    local before at; before=$(rows kill9)
    ((before < n)) || break
    start kill9 "run$i" "${small[@]}"
    wait_rows kill9 $((before + 1)) 120 || die "kill9: run $i stored nothing in 120s, see $OUT/kill9-run$i.log"
    at=$(random_tenths 0 3); sleep "$at"; kill9 "$PID"; kills="$kills ${at}s"
    say "kill9: killed run $i ${at}s after its first insert, $(rows kill9) rows so far"
  done
  start kill9 final "${small[@]}"
  finish kill9 "$PID" "; kill -9 at$kills after a run's first insert; skipped $(skipped kill9) already stored"
}

# Kills ringest after ClickHouse acknowledged rows but before any commit (commits are 10 minutes apart), so the
# restart must skip them by the table's _offset column, not by the group's offsets.
scenario_ack-gap() {
  local n; n=$(records 1000000)
  prepare ack-gap 4 "$n"
  start ack-gap run1 kafka.commit.interval=10m
  wait_rows ack-gap $((n / 2)) 300 || die "ack-gap: no rows after 300s, see $OUT/ack-gap-run1.log"
  kill9 "$PID"
  local stored; stored=$(rows ack-gap)
  say "ack-gap: killed with $stored rows stored and nothing committed"
  start ack-gap final
  finish ack-gap "$PID" "; killed with $stored rows acknowledged, none committed; skipped $(skipped ack-gap) already stored"
}

ch_kill_restart() {
  kill -KILL "$(cat "$CH_PID")"; sleep 2
  ch_start >/dev/null 2>&1; ch_wait >/dev/null 2>&1 || die "clickhouse did not come back"
}

scenario_clickhouse-restart() {
  local n; n=$(records 1000000)
  prepare clickhouse-restart 4 "$n"
  start clickhouse-restart run1
  for i in 1 2 3; do
    wait_rows clickhouse-restart $((n * i / 4)) 300 || die "clickhouse-restart: stuck before kill $i"
    ch_kill_restart; say "clickhouse-restart: ClickHouse killed and restarted ($i of 3)"
  done
  finish clickhouse-restart "$PID" "; ClickHouse killed -9 and restarted 3 times; $(retries clickhouse-restart run1)"
}

# retries NAME RUN: how many inserts ringest retried in that run.
retries() { echo "$(grep -c 'failed, retrying' "$OUT/$1-$2.log" || true) insert retries"; }

# memory PID: "heap used K MiB, RSS R MiB" of a running ringest.
memory() {
  local heap rss
  heap=$(jcmd "$1" GC.heap_info 2>/dev/null | awk '/total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit } }')
  rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status")
  echo "${heap:-?} ${rss:-?}"
}

scenario_clickhouse-stop() {
  local n pause=60 peak_heap=0 peak_rss=0 heap rss; n=$(records 1000000)
  ((FAST)) && pause=15
  prepare clickhouse-stop 4 "$n"
  start clickhouse-stop run1
  wait_rows clickhouse-stop $((n / 4)) 300 || die "clickhouse-stop: no rows"
  local ch; ch=$(cat "$CH_PID"); kill -STOP "$ch"
  say "clickhouse-stop: ClickHouse stopped (SIGSTOP) for ${pause}s"
  for ((t = 0; t < pause; t += 5)); do
    read -r heap rss <<<"$(memory "$PID")"
    [[ "$heap" =~ ^[0-9]+$ ]] && ((heap > peak_heap)) && peak_heap=$heap
    [[ "$rss" =~ ^[0-9]+$ ]] && ((rss > peak_rss)) && peak_rss=$rss
    sleep 5
  done
  kill -CONT "$ch"
  local rebalances; rebalances=$(grep -c 'revoked' "$OUT/clickhouse-stop-run1.log" || true)
  finish clickhouse-stop "$PID" "; ClickHouse SIGSTOP ${pause}s: peak heap used ${peak_heap} MiB, peak RSS ${peak_rss} MiB, $rebalances rebalances, $(retries clickhouse-stop run1)"
}

scenario_broker-restart() {
  local n; n=$(records 1000000)
  prepare broker-restart 4 "$n"
  start broker-restart run1
  wait_rows broker-restart $((n / 4)) 300 || die "broker-restart: no rows"
  kill -KILL "$(cat "$KAFKA_PID")"; sleep 3
  kafka_start >/dev/null 2>&1; kafka_wait >/dev/null 2>&1 || die "the broker did not come back"
  say "broker-restart: broker killed -9 and restarted"
  finish broker-restart "$PID" "; broker killed -9 and restarted"
}

start_time=$SECONDS
for s in "${SCENARIOS[@]}"; do
  say "scenario $s"
  "scenario_$s"
done
say "chaos: ${#SCENARIOS[@]} scenarios in $((SECONDS - start_time))s; logs in $OUT/"
exit $FAILED
