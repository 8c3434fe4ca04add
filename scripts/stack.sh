#!/usr/bin/env bash
# Usage: scripts/stack.sh start|stop|status [kafka|clickhouse]
# The local dev stack: Kafka 4.1.1 (KRaft, 127.0.0.1:9092, SASL/SCRAM on :9094) and ClickHouse (127.0.0.1:8123, :9000),
# as background processes with their data and logs under .stack/ at the repo root. A second argument acts on one of
# them only; KAFKA_PORT, KAFKA_CONTROLLER_PORT and KAFKA_SASL_PORT move the broker (e.g. a second stack in a worktree).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/kafka.sh"
source "$ROOT/scripts/lib/clickhouse.sh"

usage() { echo "usage: $0 start|stop|status [kafka|clickhouse]" >&2; exit 2; }
case "${2:-both}" in
  both) parts=(kafka ch) ;;
  kafka) parts=(kafka) ;;
  clickhouse) parts=(ch) ;;
  *) usage ;;
esac

case "${1:-}" in
  start)
    mkdir -p "$STACK"
    for p in "${parts[@]}"; do "${p}_start"; done
    for p in "${parts[@]}"; do "${p}_wait"; done
    say "stack up; logs under $STACK/" ;;
  stop)
    for p in "${parts[@]}"; do "${p}_stop"; done ;;
  status)
    rc=0; for p in "${parts[@]}"; do "${p}_status" || rc=1; done; exit $rc ;;
  *)
    usage ;;
esac
