#!/usr/bin/env bash
# Usage: scripts/jmh.sh [PATTERN] [JMH ARGS...]
# Runs the JMH benchmarks matching PATTERN (a regexp, default: all) from benchmarks/target/benchmarks.jar
# (built when missing) with -prof gc, saves bench-results/jmh-<timestamp>.json, renders PNG charts into
# bench-results/jmh-<timestamp>/ and prints a markdown table of the results.
# Defaults for a shared 2-core box: -f 1 -foe true, plus the iterations each class declares
# (EncodeBenchmark: -wi 2 -w 2s -i 3 -r 3s; PipelineBenchmark: -wi 1 -w 1s -i 2 -r 1s, an estimated 22 min for all 140 combinations
# of ring size, batch rows, pollers and wait strategy). Any JMH flag given wins, e.g.
#   scripts/jmh.sh Encode -i 5
#   scripts/jmh.sh PipelineBenchmark -p batchRows=4000,100000,600000 -p ringSize=16384
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
DEFAULTS=(-f 1 -foe true)

pattern="${1:-.}"
(($# > 0)) && shift
ensure_bench_jar

# A default applies only when the caller did not pass the same flag: JMH refuses repeated options.
args=()
for ((i = 0; i < ${#DEFAULTS[@]}; i += 2)); do
  [[ " $* " == *" ${DEFAULTS[i]} "* ]] || args+=("${DEFAULTS[i]}" "${DEFAULTS[i + 1]}")
done
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$ROOT/bench-results/jmh-$stamp.json"
charts="$ROOT/bench-results/jmh-$stamp"
mkdir -p "$ROOT/bench-results"

say "java -jar ${BENCH_JAR#"$ROOT"/} $pattern ${args[*]} -prof gc -rf json -rff ${results#"$ROOT"/} $*"
java -jar "$BENCH_JAR" "$pattern" "${args[@]}" -prof gc -rf json -rff "$results" "$@"
say "rendering charts: java -cp ${BENCH_JAR#"$ROOT"/} io.ringest.benchmarks.Charts ${results#"$ROOT"/} ${charts#"$ROOT"/}"
java -Djava.awt.headless=true -cp "$BENCH_JAR" io.ringest.benchmarks.Charts "$results" "$charts"
say "results: $results"
say "charts:  $charts/"
