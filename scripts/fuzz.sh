#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [--records N] [--seed S] [--encoder-only]
# The differential fuzzer, longer than the 20,000 records each leg runs in scripts/test.sh: seeded random legal JSON
# logs through ringest's encoder (EncoderFuzzTest) and, unless --encoder-only, through Kafka and ringest into the
# local ClickHouse (FuzzIngestIT, the stack started if need be), every value compared with Java's own parsers and
# Jackson. Prints each leg's seed and findings; a failure names the seed, the column and the record.
# Example: scripts/fuzz.sh --records 100000 --seed 42
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/kafka.sh"
records=100000; seed=""; legs=(-Dit.test=FuzzIngestIT)
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --records) records=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --encoder-only) legs=(-DskipITs); shift ;;
    *) die "unknown option $1 (valid: --records N, --seed S, --encoder-only)" ;;
  esac
done
[[ "$records" =~ ^[1-9][0-9]*$ ]] || die "--records must be a positive whole number, got '$records'"
[[ -z "$seed" || "$seed" =~ ^-?[0-9]+$ ]] || die "--seed must be a whole number, got '$seed'"
cd "$ROOT"; ensure_build_tools
[[ "${legs[0]}" == -DskipITs ]] || scripts/stack.sh status >/dev/null || scripts/stack.sh start
say "mvn -B -q verify -pl app -am -Dtest=EncoderFuzzTest ${legs[*]} -Dringest.fuzz.records=$records ${seed:+-Dringest.fuzz.seed=$seed}"
mvn -B -q verify -pl app -am -Dtest=EncoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false "${legs[@]}" -Dringest.fuzz.records="$records" \
  ${seed:+-Dringest.fuzz.seed="$seed"} -DRINGEST_KAFKA_BOOTSTRAP="$KAFKA_BOOTSTRAP" \
  -DRINGEST_CLICKHOUSE_URL=http://127.0.0.1:8123 2>&1 | sed $'s/\e\\[[0-9;]*m//g' | grep -E "FuzzTest:|FuzzIngestIT:|findings|^  |FAIL|ERROR"
