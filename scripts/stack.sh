#!/usr/bin/env bash
# Usage: scripts/stack.sh start|stop|status
# The local dev stack: Kafka 4.1.1 (KRaft, 127.0.0.1:9092) and ClickHouse (127.0.0.1:8123, :9000),
# as background processes with their data and logs under .stack/ at the repo root.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/kafka.sh"
source "$ROOT/scripts/lib/clickhouse.sh"

case "${1:-}" in
  start)
    mkdir -p "$STACK"
    kafka_start; ch_start
    kafka_wait; ch_wait
    say "stack up; logs in $KAFKA_LOG/ and $CH_LOG/" ;;
  stop)
    kafka_stop; ch_stop ;;
  status)
    rc=0; kafka_status || rc=1; ch_status || rc=1; exit $rc ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
