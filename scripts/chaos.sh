#!/usr/bin/env bash
# Usage: scripts/chaos.sh [--fast] [SCENARIO ...]
# The fault suite, against the local stack (scripts/stack.sh start): kills and stops ringest, ClickHouse and the broker
# while ringest drains a topic, then checks with io.ringest.devtools.Coverage that for every partition the table's
# (_partition, _offset) plus the dead letters' source offsets cover [0, end) exactly once, and that the group committed
# every partition to its end. One line per scenario:
#   PASS kill9: produced 1000000, in table 1000000, in DLQ 0, duplicates 0, missing 0, out of range 0, committed ...
# Exits 1 if any scenario fails. --fast runs the small versions that scripts/test.sh runs.
# Scenarios (default: all): kill9 ack-gap restart-time clickhouse-restart clickhouse-stop broker-restart poison breaker
#   column-drop rebalance rebalance-backlog fake-clickhouse
# CHAOS_SETTINGS='key=value ...' adds ringest settings to every run, e.g. 'kafka.instance.id=' (dynamic group members,
# the behaviour before static membership) or 'kafka.group.protocol=consumer'.
# Logs of every ringest run: .stack/chaos/<scenario>-<run>.log (CHAOS_OUT=DIR puts them, and the jar run, elsewhere).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/clickhouse.sh"
source "$ROOT/scripts/lib/kafka.sh"
cd "$ROOT"

FAST=0
[[ "${1:-}" == --fast ]] && { FAST=1; shift; }
ALL=(kill9 ack-gap restart-time clickhouse-restart clickhouse-stop broker-restart poison breaker column-drop rebalance rebalance-backlog fake-clickhouse)
FAST_SET=(kill9 ack-gap restart-time poison breaker)
if (($# > 0)); then SCENARIOS=("$@"); elif ((FAST)); then SCENARIOS=("${FAST_SET[@]}"); else SCENARIOS=("${ALL[@]}"); fi
for s in "${SCENARIOS[@]}"; do [[ " ${ALL[*]} " == *" $s "* ]] || die "unknown scenario '$s'; valid: ${ALL[*]}"; done

scripts/stack.sh status >/dev/null || die "the stack is not running: scripts/stack.sh start"
ensure_jar; ensure_tools_jar
OUT="${CHAOS_OUT:-$STACK/chaos}"; mkdir -p "$OUT"
cp "$JAR" "$OUT/ringest.jar"; JAR="$OUT/ringest.jar"; cp "$TOOLS_JAR" "$OUT/ringest-tools.jar"; TOOLS="$OUT/ringest-tools.jar"  # a rebuild during the run does not change what runs
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
  : >"$OUT/$name-loadgen.log"
  ((count == 0)) || produce "$name" "$count"
}

# produce NAME COUNT [loadgen options]: appends COUNT logs to chaos-NAME.
produce() {
  local name=$1 count=$2; shift 2
  java -cp "$TOOLS" io.ringest.devtools.LoadGenerator --topic "chaos-$name" --count "$count" "$@" \
    >>"$OUT/$name-loadgen.log" 2>&1 || die "loadgen failed, see $OUT/$name-loadgen.log"
}

read -ra EXTRA <<<"${CHAOS_SETTINGS:-}"
# A 6 s session timeout (the classic protocol's minimum on the broker) lets the group notice a member that is killed
# and not restarted (another takes its place) in 6 s rather than 30. The consumer protocol refuses it: its session
# timeout is the broker's. restart-time clears SESSION to measure the defaults.
SESSION=(kafka.session.timeout.ms=6000 kafka.heartbeat.interval.ms=2000)
[[ " ${EXTRA[*]} " == *" kafka.group.protocol=consumer "* ]] && SESSION=()

# start NAME RUN [key=value ...]: starts ringest on chaos-NAME in the background; its pid in $PID. Runs of a scenario
# one after the other share the default kafka.instance.id (host and group), so a restart is the same static member.
start() {
  local name=$1 run=$2; shift 2
  java @scripts/jvm.options -jar "$JAR" --config config/ringest.properties "kafka.topics=chaos-$name" \
    "clickhouse.table=$(table "$name")" "kafka.group.id=chaos-$name" "metrics.dir=$OUT/$name-metrics" \
    clickhouse.insert.timeout=10s "${SESSION[@]}" "${EXTRA[@]}" "$@" >"$OUT/$name-$run.log" 2>&1 &
  PID=$!; PIDS+=("$PID")
}

# member NAME RUN: starts ringest as one of several live members of chaos-NAME's group, with its own instance name.
member() { start "$1" "$2" "kafka.instance.id=chaos-$1-$2"; }

# stop PID: SIGTERM (flush, commit, exit 0); false if it did not exit cleanly.
stop() { kill -TERM "$1"; wait "$1"; }

# running PID: true while PID is alive and not a zombie (an exited background job not yet reaped).
running() { [[ "$(ps -o stat= -p "$1" 2>/dev/null)" == [^Z]* ]]; }

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
  java -cp "$TOOLS" io.ringest.devtools.Coverage --topic "chaos-$name" --table "$(table "$name")" --dlq "chaos-$name.dlq" \
    --group "chaos-$name" "$@" 2>>"$OUT/$name-coverage.log"
}

# finish NAME PID [SUMMARY]: waits for everything to be stored and committed, stops ringest cleanly (SIGTERM), checks
# coverage and prints the scenario's line, with what the function SUMMARY prints after it (it may fail the scenario).
FAILED=0
finish() {
  local name=$1 pid=$2 summary=${3:-true} line extra="" rc=0
  coverage "$name" --wait 600 --pid "$pid" >/dev/null || true
  stop "$pid" || { extra="; ringest did not exit cleanly"; rc=1; }
  line=$(coverage "$name") || rc=1
  LINE=$line
  extra="$($summary)$extra" || rc=1
  report "$rc" "$name" "$line$extra"
}

# report RC NAME TEXT: prints the PASS or FAIL line.
report() {
  if (($1 == 0)); then echo "PASS $2: $3"; else echo "FAIL $2: $3"; FAILED=1; fi
}

# random_tenths LOW HIGH: a random duration in seconds between LOW and HIGH, with one decimal.
random_tenths() { local t=$((RANDOM % (($2 - $1) * 10) + $1 * 10)); echo "$((t / 10)).$((t % 10))"; }

# skipped NAME: records ringest skipped on assignment because the table already held them, over all runs.
skipped() { cat "$OUT/$1"-run*.log "$OUT/$1"-final.log 2>/dev/null | grep -oE '[0-9]+ records from offset [0-9]+ on are already stored' | awk '{ s += $1 } END { print s + 0 }'; }

scenario_kill9() {
  local n=1000000; ((FAST)) && n=300000; KILLS=""
  prepare kill9 4 0
  produce kill9 "$n" --poison 0.01
  POISON=$(grep -oE 'poison records: [0-9]+' "$OUT/kill9-loadgen.log" | awk '{ print $3 }')
  # --fast: 100,000 records would fit one default batch, so smaller batches give the kills something to interrupt.
  local small=(); ((FAST)) && small=(pipeline.batch.rows=10000)
  for i in 1 2 3 4 5; do
    local before at; before=$(rows kill9)
    ((before < n - POISON)) || break  # the poison goes to the dead letters, not the table
    start kill9 "run$i" "${small[@]}"
    wait_rows kill9 $((before + 1)) 120 || die "kill9: run $i stored nothing in 120s, see $OUT/kill9-run$i.log"
    at=$(random_tenths 0 1); sleep "$at"; kill9 "$PID"; KILLS="$KILLS ${at}s"
    say "kill9: killed run $i ${at}s after its first insert, $(rows kill9) rows so far"
  done
  start kill9 final "${small[@]}"
  finish kill9 "$PID" kill9_summary
}
kill9_summary() {
  echo "; 1% poison; kill -9 at$KILLS after a run's first insert; skipped $(skipped kill9) already stored"
  [[ "$(dead_letters)" == "$POISON" ]] || { echo "; expected $POISON dead letters"; return 1; }
}

# Kills ringest after ClickHouse acknowledged rows but before any commit (commits are 10 minutes apart), so the
# restart must skip them by the table's _offset column, not by the group's offsets.
scenario_ack-gap() {
  local n; n=$(records 1000000)
  prepare ack-gap 4 "$n"
  start ack-gap run1 kafka.commit.interval=10m
  wait_rows ack-gap $((n / 2)) 300 || die "ack-gap: no rows after 300s, see $OUT/ack-gap-run1.log"
  kill9 "$PID"
  STORED=$(rows ack-gap)
  say "ack-gap: killed with $STORED rows stored and nothing committed"
  start ack-gap final
  finish ack-gap "$PID" ack_gap_summary
}
ack_gap_summary() { echo "; killed with $STORED rows acknowledged, none committed; skipped $(skipped ack-gap) already stored"; }

# ringest with the default group settings (no short session timeout) drains a backlog, is killed -9 mid-stream and
# restarted at once; the line gives the seconds from the restart to the first new row in the table. The count the
# restart must exceed is read 0.5 s after the restart, so an insert the killed run had already sent counts as its own
# (a JVM does not even join the group that fast). Fails over RESTART_LIMIT seconds: 10, the goal; with --fast (in
# scripts/test.sh, on machines of any load) 30, which still tells static membership (seconds) from a dead member
# waited out (the 30-45 s session timeout), without failing the test suite on a busy box.
scenario_restart-time() {
  local n SESSION=() limit t0 base now; n=2000000; ((FAST)) && n=1000000
  limit=${RESTART_LIMIT:-$( ((FAST)) && echo 30 || echo 10)}
  prepare restart-time 4 "$n"
  start restart-time run1
  wait_rows restart-time 1 120 || die "restart-time: run 1 stored nothing in 120s, see $OUT/restart-time-run1.log"
  sleep 1; kill9 "$PID"
  t0=$EPOCHREALTIME; start restart-time final
  KILLED_AT=$(rows restart-time)
  sleep 0.5; base=$(rows restart-time)
  FIRST=""
  while [[ -z "$FIRST" ]] && running "$PID"; do
    now=$EPOCHREALTIME
    (($(rows restart-time) > base)) && FIRST=$(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%.1f", b - a }')
    [[ -z "$FIRST" ]] && awk -v a="$t0" -v b="$now" -v l=120 'BEGIN { exit !(b - a > l) }' && FIRST=never
    sleep 0.15
  done
  FIRST=${FIRST:-never}; local log="$OUT/restart-time-final.log"
  LIMIT=$limit; UP=$(since_restart "$t0" "$(grep -m1 -oE '^[0-9:.]+ ' "$log")")
  ASSIGNED=$(since_restart "$t0" "$(grep -m1 -oE '^[0-9:.]+ .* assigned \[[^]]' "$log" | cut -d' ' -f1)")
  say "restart-time: killed -9 with $KILLED_AT rows stored; first new row ${FIRST}s after the restart"
  if ! running "$PID"; then
    report 1 restart-time "the restarted ringest exited: $(grep -m1 -oE 'ringest: ERROR .{0,400}' "$log")"; return
  fi
  finish restart-time "$PID" restart_time_summary
}
# since_restart EPOCH HH:MM:SS.mmm: seconds from EPOCH to that time of the same day (a ringest log line's), or "?".
since_restart() {
  [[ -n "$2" ]] || { echo "?"; return; }
  awk -v a="$(date -d "@$1" +%H:%M:%S.%N)" -v b="$2" 'function s(t, p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
    BEGIN { printf "%.1f", s(b) - s(a) }'
}
restart_time_summary() {
  local members="static members"; grep -q 'as dynamic members' "$OUT/restart-time-final.log" && members="dynamic members"
  echo "; killed -9 1s after its first insert with $KILLED_AT rows stored; first new row ${FIRST}s after the restart" \
    "(ringest up after ${UP}s, partitions assigned after ${ASSIGNED}s)" \
    "(limit ${LIMIT}s, $members${CHAOS_SETTINGS:+, $CHAOS_SETTINGS}); skipped $(skipped restart-time) already stored"
  [[ "$FIRST" != never ]] && awk -v t="$FIRST" -v l="$LIMIT" 'BEGIN { exit !(t <= l) }'
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
  finish clickhouse-restart "$PID" clickhouse_restart_summary
}
clickhouse_restart_summary() { echo "; ClickHouse killed -9 and restarted 3 times; $(retries clickhouse-restart run1)"; }

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
  local n pause=60 heap rss; n=$(records 1000000); PEAK_HEAP=0; PEAK_RSS=0
  ((FAST)) && pause=15
  prepare clickhouse-stop 4 "$n"
  start clickhouse-stop run1
  wait_rows clickhouse-stop $((n / 4)) 300 || die "clickhouse-stop: no rows"
  local ch; ch=$(cat "$CH_PID"); kill -STOP "$ch"
  say "clickhouse-stop: ClickHouse stopped (SIGSTOP) for ${pause}s"
  for ((t = 0; t < pause; t += 5)); do
    read -r heap rss <<<"$(memory "$PID")"
    [[ "$heap" =~ ^[0-9]+$ ]] && ((heap > PEAK_HEAP)) && PEAK_HEAP=$heap
    [[ "$rss" =~ ^[0-9]+$ ]] && ((rss > PEAK_RSS)) && PEAK_RSS=$rss
    sleep 5
  done
  kill -CONT "$ch"
  PAUSE=$pause; REVOKED=$(grep -c ' revoked \[.' "$OUT/clickhouse-stop-run1.log" || true)  # before the stop's own
  finish clickhouse-stop "$PID" clickhouse_stop_summary
}
clickhouse_stop_summary() {
  echo "; ClickHouse SIGSTOP ${PAUSE}s: peak heap used ${PEAK_HEAP} MiB of 384, peak RSS ${PEAK_RSS} MiB, $(retries clickhouse-stop run1), $REVOKED rebalances"
  ((REVOKED == 0)) || return 1
}

scenario_broker-restart() {
  local n; n=$(records 1000000)
  prepare broker-restart 4 "$n"
  start broker-restart run1
  wait_rows broker-restart $((n / 4)) 300 || die "broker-restart: no rows"
  kill -KILL "$(cat "$KAFKA_PID")"; sleep 3
  kafka_start >/dev/null 2>&1; kafka_wait >/dev/null 2>&1 || die "the broker did not come back"
  say "broker-restart: broker killed -9 and restarted"
  finish broker-restart "$PID" broker_restart_summary
}
broker_restart_summary() { echo "; broker killed -9 and restarted"; }

# dead_letters: the DLQ count in the last coverage line.
dead_letters() { grep -oE 'in DLQ [0-9]+' <<<"$LINE" | awk '{ print $3 }'; }

# 1% bad records of every kind PoisonRecords makes: each must be dead-lettered, none may stop its partition.
scenario_poison() {
  local n; n=$(records 1000000)
  prepare poison 4 0
  produce poison "$n" --poison 0.01
  POISON=$(grep -oE 'poison records: [0-9]+' "$OUT/poison-loadgen.log" | awk '{ print $3 }')
  start poison run1
  finish poison "$PID" poison_summary
}
poison_summary() {
  echo "; $POISON poison records (invalid JSON, invalid UTF-8, wrong type, missing field, 2 MB, out-of-range time, deep nesting)"
  [[ "$(dead_letters)" == "$POISON" ]] || { echo "; expected $POISON dead letters"; return 1; }
}

# A burst of 100% bad records between good ones must trip the breaker (ringest exits 1, the burst neither committed nor
# drained into the DLQ); a restart with dlq.breaker.percent=100, an operator's decision, then dead-letters it exactly once.
scenario_breaker() {
  local good burst=10000; good=$(records 100000)
  prepare breaker 4 0
  produce breaker "$good"; produce breaker "$burst" --poison 1; produce breaker "$good"
  BURST=$burst
  start breaker run1
  local deadline=$((SECONDS + 300))
  while kill -0 "$PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  kill -0 "$PID" 2>/dev/null && { report 1 breaker "ringest still running 300s into a 100% bad burst"; return; }
  TRIP_RC=0; wait "$PID" || TRIP_RC=$?
  TRIP_ROWS=$(rows breaker)
  start breaker run2 dlq.breaker.percent=100
  finish breaker "$PID" breaker_summary
}
breaker_summary() {
  echo "; the burst of $BURST bad records tripped the breaker: exit $TRIP_RC with $TRIP_ROWS rows stored; resumed with dlq.breaker.percent=100"
  grep -q 'dead-letter breaker tripped' "$OUT/breaker-run1.log" && ((TRIP_RC != 0)) || { echo "; the breaker did not trip"; return 1; }
  [[ "$(dead_letters)" == "$BURST" ]] || { echo "; expected $BURST dead letters"; return 1; }
}

# A column the rows need is dropped mid-run: the next insert of rows encoded for it fails (code 16) or meets the
# re-read table, and ringest stops naming the dropped column, with nothing dead-lettered and nothing committed past the
# stored rows; a restart, with the column back, stores the rest exactly once.
scenario_column-drop() {
  local n; n=$(records 1000000)
  prepare column-drop 4 "$n"
  start column-drop run1
  wait_rows column-drop $((n / 4)) 300 || die "column-drop: no rows"
  ch_query "ALTER TABLE $(table column-drop) DROP COLUMN status"
  local deadline=$((SECONDS + 120))
  while kill -0 "$PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  kill -0 "$PID" 2>/dev/null && { report 1 column-drop "ringest still running 120s after the column was dropped"; return; }
  DROP_RC=0; wait "$PID" || DROP_RC=$?
  DROP_ROWS=$(rows column-drop)
  ch_query "ALTER TABLE $(table column-drop) ADD COLUMN status UInt16"
  start column-drop run2
  finish column-drop "$PID" column_drop_summary
}
column_drop_summary() {
  echo "; column status dropped mid-run: run1 stopped (exit $DROP_RC) with $DROP_ROWS rows stored; resumed with the column back"
  grep -q 'changed while ringest ran: column `status` dropped' "$OUT/column-drop-run1.log" && ((DROP_RC != 0)) \
    || { echo "; run1 did not stop naming the dropped column"; return 1; }
}

# Three members in one group share 12 partitions while logs arrive at 20,000/s; every 10 s one member is killed -9 and
# replaced, one leaves (SIGTERM) or one joins.
scenario_rebalance() {
  local n rate=20000 members=() events="" i=0; n=$(records 1200000)
  prepare rebalance 12 0
  for m in 1 2 3; do member rebalance "m$m"; members+=("$PID"); done
  java -cp "$TOOLS" io.ringest.devtools.LoadGenerator --topic chaos-rebalance --count "$n" --rate "$rate" >>"$OUT/rebalance-loadgen.log" 2>&1 &
  local loadgen=$! next=4
  while kill -0 $loadgen 2>/dev/null; do
    sleep 10; kill -0 $loadgen 2>/dev/null || break
    case $((i++ % 3)) in
      0) kill9 "${members[0]}"; members=("${members[@]:1}"); member rebalance "m$next"; members+=("$PID"); events="$events kill9+join" ;;
      1) stop "${members[0]}" || true; members=("${members[@]:1}"); events="$events leave" ;;
      2) member rebalance "m$next"; members+=("$PID"); events="$events join" ;;
    esac
    next=$((next + 1)); say "rebalance: ${events##* } (members now ${#members[@]})"
  done
  wait $loadgen || die "rebalance: loadgen failed, see $OUT/rebalance-loadgen.log"
  coverage rebalance --wait 600 >/dev/null || true
  local extra="" rc=0
  for pid in "${members[@]}"; do stop "$pid" || { extra="; a member did not exit cleanly"; rc=1; }; done
  LINE=$(coverage rebalance) || rc=1
  report "$rc" rebalance "$LINE; 12 partitions, members changed every 10s:$events$extra"
}

# Members join and leave while a preloaded topic drains at full speed, so the rebalances come mid-drain, with
# inserts in flight.
scenario_rebalance-backlog() {
  local n; n=$(records 1500000); UNCLEAN=""
  prepare rebalance-backlog 12 "$n"
  member rebalance-backlog m1; local first=$PID
  wait_rows rebalance-backlog 1 120 || die "rebalance-backlog: nothing stored in 120s, see $OUT/rebalance-backlog-m1.log"
  member rebalance-backlog m2; local second=$PID
  sleep 3; member rebalance-backlog m3
  sleep 3; stop "$first" || UNCLEAN="; m1 did not exit cleanly"
  sleep 3; stop "$second" || UNCLEAN="$UNCLEAN; m2 did not exit cleanly"
  finish rebalance-backlog "$PID" rebalance_backlog_summary
}
rebalance_backlog_summary() {
  echo "; members joined at 0s and 3s after the first insert and left at 6s and 9s:" \
    "$(cat "$OUT"/rebalance-backlog-m*.log | grep -c ' revoked ') revocations$UNCLEAN"
  [[ -z "$UNCLEAN" ]]
}

# The scripted fake ClickHouse endpoint (sink-clickhouse's FakeClickHouseServer): each error class gets its attempts
# and its route (retry, dead letters, stop) asserted by ClickHouseWriterFaultTest and ClickHouseWriterPipelineTest.
scenario_fake-clickhouse() {
  local reports=sink-clickhouse/target/surefire-reports rc=0
  mvn_quiet -pl sink-clickhouse -am test -Dtest='ClickHouseWriterFaultTest,ClickHouseWriterPipelineTest' \
    -Dsurefire.failIfNoSpecifiedTests=false || rc=1
  local counts; counts=$(cat $reports/TEST-io.ringest.clickhouse.ClickHouseWriter{Fault,Pipeline}Test.xml 2>/dev/null \
    | grep -oE '<testsuite [^>]*' | grep -oE '(tests|failures|errors|skipped)="[0-9]+"' \
    | awk -F'"' '{ split($1, k, "="); n[k[1]] += $2 } END { printf "%d cases, %d failed, %d skipped", n["tests"], n["failures"] + n["errors"], n["skipped"] }')
  report "$rc" fake-clickhouse "$counts: 252/241/243/209/502/503/504/408/429 retry, 40 s stall ends at the insert timeout, resets retry, 117 splits the batch and dead-letters the refused row, 60/192/516 stop with nothing committed (one request per attempt)"
}

start_time=$SECONDS
for s in "${SCENARIOS[@]}"; do
  say "scenario $s"
  "scenario_$s"
done
say "chaos: ${#SCENARIOS[@]} scenarios in $((SECONDS - start_time))s; logs in $OUT/"
exit $FAILED
