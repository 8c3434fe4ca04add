#!/usr/bin/env bash
# Usage: scripts/latency.sh FILE.hlog [FILE2.hlog ...] [--out DIR]
# Sums each latency.hlog, prints a markdown percentile table (ms) and overlays the files' percentile
# distributions in DIR/latency-<timestamp>.png (default bench-results/). Exit 2 on bad input.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ $# -gt 0 && "$1" != -h && "$1" != --help ]] || { echo "usage: $0 FILE.hlog [FILE2.hlog ...] [--out DIR]" >&2; exit 2; }
ensure_tools_jar
say "latency report over $*"
# --out defaults to the repo's bench-results/; a later --out in "$@" wins.
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
exec java @"$JVM_OPTIONS" ${JAVA_OPTS:-} -Djava.awt.headless=true -cp "$TOOLS_JAR" io.ringest.devtools.LatencyReport --out "$ROOT/bench-results" "$@"
