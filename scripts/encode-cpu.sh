#!/usr/bin/env bash
# Usage: scripts/encode-cpu.sh [--against REV] [--rounds N]
# CPU time per encoded row (io.ringest.benchmarks.CpuPerOp) for the typical log on the 18.16 and modern schemas, the
# 17-digit METRIC log, the OpenTelemetry log (also with a 387-byte attribute), the load generator's mix of logs
# (PoolEncodeBenchmark) and, as the floor under the OpenTelemetry case, the encoder's validating walk over that log
# alone (WalkFloorBenchmark). With --against REV, a benchmarks.jar of that git revision is built in a temporary
# worktree and the two builds run alternately N times (default 3), so both see the same machine; compare the minimums.
# Thread CPU time, not wall-clock: on a shared 2-core box JMH scores swing with what else runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

against="" rounds=3
while (($#)); do
  case "$1" in
    --against) against="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) die "unknown argument '$1'; usage: scripts/encode-cpu.sh [--against REV] [--rounds N]" ;;
  esac
done
ensure_bench_jar
jars=("$BENCH_JAR") names=("HEAD")
work=$(mktemp -d)
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
if [[ -n "$against" ]]; then
  say "building benchmarks.jar of $against in a temporary worktree"
  git worktree add -q --detach "$work/tree" "$against"
  (cd "$work/tree" && mvn_quiet -DskipTests -pl benchmarks -am package) || die "build of $against failed"
  cp "$work/tree/benchmarks/target/benchmarks.jar" "$work/against.jar"
  jars+=("$work/against.jar") names+=("$against")
fi
# CpuPerOp itself comes from this checkout, ahead of the jar under test on the class path: every build is measured by
# the same tool, and older jars that lack it run it too; so do the OpenTelemetry, pool and walk-floor benchmarks (the
# same payloads for every build), which use only what older builds have (the payload pool, the schemas, the walker).
mkdir -p "$work/tool" && (cd "$work/tool" && unzip -q -o "$BENCH_JAR" 'io/ringest/benchmarks/CpuPerOp.class' \
  'io/ringest/benchmarks/OtelEncodeBenchmark.class' 'io/ringest/benchmarks/PoolEncodeBenchmark.class' \
  'io/ringest/clickhouse/encode/WalkFloorBenchmark.class')

cases=("io.ringest.benchmarks.EncodeBenchmark ringest schema=V18_16 payload=TYPICAL"
       "io.ringest.benchmarks.EncodeBenchmark ringest schema=MODERN payload=TYPICAL"
       "io.ringest.benchmarks.EncodeBenchmark ringest schema=V18_16 payload=METRIC"
       "io.ringest.benchmarks.OtelEncodeBenchmark ringest payload=TYPICAL"
       "io.ringest.benchmarks.OtelEncodeBenchmark ringest payload=LONG_ATTRIBUTE"
       "io.ringest.benchmarks.PoolEncodeBenchmark ringest schema=MODERN"
       "io.ringest.clickhouse.encode.WalkFloorBenchmark walk")
for ((r = 1; r <= rounds; r++)); do
  for c in "${cases[@]}"; do
    for i in "${!jars[@]}"; do
      printf '%-10s ' "${names[i]}"
      # shellcheck disable=SC2086
      java -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$work/tool:${jars[i]}" io.ringest.benchmarks.CpuPerOp $c 2>/dev/null \
        || echo "${c%% *}: not in this build"
    done
  done
done
