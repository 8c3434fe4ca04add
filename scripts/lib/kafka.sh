# shellcheck shell=bash
# Sourced by stack.sh and demo.sh: the single-node Kafka 4.1.1 broker (KRaft) under .stack/kafka.
KAFKA_DIR="$STACK/kafka"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/log"
KAFKA_BOOTSTRAP=127.0.0.1:9092
KAFKA_HEAP=(-Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+UseTransparentHugePages -XX:+ExitOnOutOfMemoryError)

# kafka_java CLASS ARGS...: runs a Kafka class on the broker's classpath (quietly, logging to the log dir).
kafka_java() {
  java -Xmx256m -XX:TieredStopAtLevel=1 -Dkafka.logs.dir="$KAFKA_LOG" -Dlog4j2.configurationFile="$ROOT/tools/kafka/log4j2-tools.properties" \
    -cp "$KAFKA_DIR/libs/*" "$@"
}

# kafka_topics ARGS...: the kafka-topics tool against the local broker.
kafka_topics() { kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" "$@"; }

# kafka_recreate_topic NAME PARTITIONS: deletes the topic if it exists and creates it afresh.
kafka_recreate_topic() {
  say "topic $1: deleting and recreating with $2 partitions"
  kafka_topics --delete --if-exists --topic "$1"
  for _ in $(seq 20); do
    kafka_topics --create --topic "$1" --partitions "$2" --replication-factor 1 >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "could not recreate topic $1"
}

kafka_install() {
  local stamp="$KAFKA_DIR/libs/.pom"
  if [[ -f "$stamp" ]] && cmp -s "$stamp" "$ROOT/tools/kafka/pom.xml"; then return 0; fi
  ensure_build_tools
  say "kafka: fetching the broker's jars from Maven Central into $KAFKA_DIR/libs"
  rm -rf "$KAFKA_DIR/libs"
  mvn_quiet -f "$ROOT/tools/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$KAFKA_DIR/libs"
  cp "$ROOT/tools/kafka/pom.xml" "$stamp"
}

kafka_format() {
  [[ -f "$KAFKA_DIR/data/meta.properties" ]] && return 0
  local id; id=$(kafka_java kafka.tools.StorageTool random-uuid)
  say "kafka: formatting storage $KAFKA_DIR/data (cluster id $id)"
  kafka_java kafka.tools.StorageTool format -t "$id" -c "$KAFKA_DIR/server.properties" >&2
}

kafka_start() {
  if alive "$KAFKA_PID"; then say "kafka: already running, pid $(cat "$KAFKA_PID")"; return 0; fi
  port_open 9092 && die "kafka: port 9092 is taken by a process that is not ours (no live $KAFKA_PID)"
  kafka_install
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_LOG"
  sed "s#@DATA_DIR@#$KAFKA_DIR/data#" "$ROOT/tools/kafka/server.properties" > "$KAFKA_DIR/server.properties"
  kafka_format
  say "kafka: starting broker+controller on $KAFKA_BOOTSTRAP (controller 127.0.0.1:9093)"
  spawn "$KAFKA_PID" "$KAFKA_LOG/stdout.log" java "${KAFKA_HEAP[@]}" -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_LOG" -Dlog4j2.configurationFile="$ROOT/tools/kafka/log4j2.properties" \
    -cp "$KAFKA_DIR/libs/*" kafka.Kafka "$KAFKA_DIR/server.properties"
}

kafka_wait() {
  local deadline=$((SECONDS + 90))
  while ((SECONDS < deadline)); do
    alive "$KAFKA_PID" || die "kafka: exited during start-up, see $KAFKA_LOG/server.log and $KAFKA_LOG/stdout.log"
    port_open 9092 && kafka_topics --list >/dev/null 2>&1 && { say "kafka: ready on $KAFKA_BOOTSTRAP, pid $(cat "$KAFKA_PID")"; return 0; }
    sleep 0.5
  done
  die "kafka: no answer on $KAFKA_BOOTSTRAP after 90s, see $KAFKA_LOG/server.log"
}

kafka_stop() { terminate "$KAFKA_PID" kafka 60; }

kafka_status() {
  if alive "$KAFKA_PID"; then echo "kafka:      running, pid $(cat "$KAFKA_PID"), $KAFKA_BOOTSTRAP, logs $KAFKA_LOG/"
  else echo "kafka:      stopped"; return 1; fi
}
