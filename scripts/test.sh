#!/usr/bin/env bash
# Usage: scripts/test.sh
# The project's test command: installs what is missing (JDK 17, Maven, curl; ClickHouse through stack.sh;
# tools/chdb's npm packages; Debian's prometheus for PrometheusIT, chromium for StatusPageIT), starts the local stack unless it runs already,
# then `mvn -B verify` against it and, if that passes, the fast fault suite (`scripts/chaos.sh --fast`).
# Stops the stack at the end only if it started it. Exits non-zero if either failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/kafka.sh"
cd "$ROOT"

ensure_build_tools
if [[ -f tools/chdb/package.json && ! -d tools/chdb/node_modules ]]; then
  command -v npm >/dev/null || apt_install nodejs npm
  say "npm install --prefix tools/chdb"
  npm install --prefix tools/chdb --no-audit --no-fund >&2
fi
# PrometheusIT starts /usr/bin/prometheus itself, as a plain process on a free port; the package's service is not used.
[[ -x /usr/bin/prometheus ]] || apt_install prometheus
# StatusPageIT loads the status page in headless Chromium (/usr/bin/chromium) and checks the DOM it renders.
[[ -x /usr/bin/chromium ]] || apt_install chromium

started=0
if ! scripts/stack.sh status >/dev/null; then scripts/stack.sh start; started=1; fi
((started)) && trap 'scripts/stack.sh stop' EXIT
if ! port_open "$KAFKA_SASL_PORT" || [[ ! -s "$KAFKA_SASL_PASSWORD_FILE" ]]; then
  say "WARNING: the running broker has no SASL listener on $KAFKA_SASL_BOOTSTRAP or no $KAFKA_SASL_PASSWORD_FILE" \
    "(started before they existed?): KafkaSaslIT and SecretsIT will fail; restart it with" \
    "scripts/stack.sh stop kafka && scripts/stack.sh start kafka"
fi

say "mvn -B verify against Kafka $KAFKA_BOOTSTRAP (SASL/SCRAM $KAFKA_SASL_BOOTSTRAP) and ClickHouse http://127.0.0.1:8123"
export RINGEST_KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP RINGEST_CLICKHOUSE_URL=http://127.0.0.1:8123
export RINGEST_KAFKA_SASL_BOOTSTRAP=$KAFKA_SASL_BOOTSTRAP RINGEST_KAFKA_SASL_PASSWORD_FILE=$KAFKA_SASL_PASSWORD_FILE
rc=0
mvn -B verify -DRINGEST_KAFKA_BOOTSTRAP="$RINGEST_KAFKA_BOOTSTRAP" -DRINGEST_CLICKHOUSE_URL="$RINGEST_CLICKHOUSE_URL" \
  -DRINGEST_KAFKA_SASL_BOOTSTRAP="$RINGEST_KAFKA_SASL_BOOTSTRAP" \
  -DRINGEST_KAFKA_SASL_PASSWORD_FILE="$RINGEST_KAFKA_SASL_PASSWORD_FILE" || rc=$?
say "mvn -B verify exited with $rc"
((rc == 0)) || exit $rc
say "scripts/chaos.sh --fast: kill -9, ack-before-commit, restart-time, poison and breaker scenarios, coverage checked per partition"
scripts/chaos.sh --fast || rc=$?
say "scripts/chaos.sh --fast exited with $rc"
exit $rc
