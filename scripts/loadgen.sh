#!/usr/bin/env bash
# Usage: scripts/loadgen.sh --topic T --count N [--rate R] [--partitions P] [--bootstrap HOST:PORT]
# Produces N realistic JSON logs to topic T (created with P partitions when missing), as fast as
# possible or at R logs/s, with io.ringest.devtools.LoadGenerator from devtools/target/ringest-tools.jar.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
(($# > 0)) || { echo "usage: $0 --topic T --count N [--rate R] [--partitions P] [--bootstrap HOST:PORT]" >&2; exit 2; }
ensure_tools_jar
say "java @${JVM_OPTIONS#"$ROOT"/} ${JAVA_OPTS:+$JAVA_OPTS }-cp ${TOOLS_JAR#"$ROOT"/} io.ringest.devtools.LoadGenerator $*"
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
exec java @"$JVM_OPTIONS" ${JAVA_OPTS:-} -cp "$TOOLS_JAR" io.ringest.devtools.LoadGenerator "$@"
