#!/usr/bin/env bash
# Usage: scripts/ringest.sh --config FILE [key=value ...]
# Runs the ingestor from app/target/ringest.jar (built first when missing) with the shared JVM flags, on a JDK 25 or
# newer when one is found (with its AOT cache: less CPU at start-up), else on java; $RINGEST_JAVA names the java to use.
# Extra JVM flags may come from $JAVA_OPTS, key=value pairs override the config file.
# Logs as config/logback.xml says; RINGEST_LOG_FORMAT=json takes config/logback-json.xml (JSON lines) instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ "${1:-}" == --config && -n "${2:-}" ]] || { echo "usage: $0 --config FILE [key=value ...]" >&2; exit 2; }
case ${RINGEST_LOG_FORMAT:-text} in
  text) LOGBACK=$ROOT/config/logback.xml ;;
  json) LOGBACK=$ROOT/config/logback-json.xml ;;
  *) die "RINGEST_LOG_FORMAT must be text or json, got '$RINGEST_LOG_FORMAT'" ;;
esac
ensure_jar
ringest_java; mapfile -t class_data < <(ringest_class_data "$JAR")
shown=()  # the arguments as printed: values of keys that name a password, secret or JAAS config masked
for arg in "$@"; do
  if [[ "$arg" == *=* && "${arg%%=*}" =~ password|secret|jaas ]]; then shown+=("${arg%%=*}=****"); else shown+=("$arg"); fi
done
say "$RINGEST_JAVA @${JVM_OPTIONS#"$ROOT"/} ${class_data[*]/"$ROOT"\//} -Dlogback.configurationFile=${LOGBACK#"$ROOT"/} ${JAVA_OPTS:+$JAVA_OPTS }-jar ${JAR#"$ROOT"/} ${shown[*]}"
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
exec "$RINGEST_JAVA" @"$JVM_OPTIONS" "${class_data[@]}" -Dlogback.configurationFile="$LOGBACK" ${JAVA_OPTS:-} -jar "$JAR" "$@"
