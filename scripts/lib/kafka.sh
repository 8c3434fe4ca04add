# shellcheck shell=bash
# Sourced by stack.sh and demo.sh: the single-node Kafka 4.1.1 broker (KRaft) under .stack/kafka.
# Listeners: PLAINTEXT on KAFKA_PORT (9092), the controller on KAFKA_CONTROLLER_PORT (9093) and SASL_PLAINTEXT with
# SCRAM-SHA-512 on KAFKA_SASL_PORT (9094), whose user `ringest` has the password in .stack/kafka/sasl.password.
KAFKA_DIR="$STACK/kafka"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/log"
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_SASL_PORT=${KAFKA_SASL_PORT:-9094}
KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
KAFKA_SASL_BOOTSTRAP=127.0.0.1:$KAFKA_SASL_PORT
KAFKA_SASL_USER=ringest
KAFKA_SASL_PASSWORD_FILE="$KAFKA_DIR/sasl.password"
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
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_SASL_PORT"; do
    port_open "$port" && die "kafka: port $port is taken by a process that is not ours (no live $KAFKA_PID)"
  done
  kafka_install
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_LOG"
  sed -e "s#@DATA_DIR@#$KAFKA_DIR/data#" -e "s#@PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
    -e "s#@SASL_PORT@#$KAFKA_SASL_PORT#g" "$ROOT/tools/kafka/server.properties" > "$KAFKA_DIR/server.properties"
  kafka_format
  say "kafka: starting broker+controller on $KAFKA_BOOTSTRAP, SASL/SCRAM on $KAFKA_SASL_BOOTSTRAP (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
  spawn "$KAFKA_PID" "$KAFKA_LOG/stdout.log" java "${KAFKA_HEAP[@]}" -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_LOG" -Dlog4j2.configurationFile="$ROOT/tools/kafka/log4j2.properties" \
    -cp "$KAFKA_DIR/libs/*" kafka.Kafka "$KAFKA_DIR/server.properties"
}

kafka_wait() {
  local deadline=$((SECONDS + 90))
  while ((SECONDS < deadline)); do
    alive "$KAFKA_PID" || die "kafka: exited during start-up, see $KAFKA_LOG/server.log and $KAFKA_LOG/stdout.log"
    if port_open "$KAFKA_PORT" && kafka_topics --list >/dev/null 2>&1; then
      say "kafka: ready on $KAFKA_BOOTSTRAP, pid $(cat "$KAFKA_PID")"
      kafka_scram_user
      return 0
    fi
    sleep 0.5
  done
  die "kafka: no answer on $KAFKA_BOOTSTRAP after 90s, see $KAFKA_LOG/server.log"
}

# kafka_scram_user: gives user $KAFKA_SASL_USER the SCRAM-SHA-512 password in $KAFKA_SASL_PASSWORD_FILE (generated
# on first use), through the PLAINTEXT listener. Run on every start, so storage formatted before the SASL listener
# existed gets the user too. The password reaches the tool in a file, never on a command line, and is masked in
# what the tool prints when it fails (its messages quote the credential).
kafka_scram_user() {
  if [[ ! -s "$KAFKA_SASL_PASSWORD_FILE" ]]; then
    say "kafka: generating the SCRAM password of user $KAFKA_SASL_USER in $KAFKA_SASL_PASSWORD_FILE"
    (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$KAFKA_SASL_PASSWORD_FILE")
  fi
  local password request="$KAFKA_DIR/.scram-request" out rc=0
  password=$(cat "$KAFKA_SASL_PASSWORD_FILE")
  (umask 077; printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$password" > "$request")
  out=$(kafka_java kafka.admin.ConfigCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --alter --entity-type users \
    --entity-name "$KAFKA_SASL_USER" --add-config-file "$request" 2>&1) || rc=$?
  rm -f "$request"
  ((rc == 0)) || die "kafka: could not set the SCRAM credentials of user $KAFKA_SASL_USER: ${out//"$password"/****}"
  say "kafka: SCRAM-SHA-512 user $KAFKA_SASL_USER on $KAFKA_SASL_BOOTSTRAP, password in $KAFKA_SASL_PASSWORD_FILE"
}

kafka_stop() { terminate "$KAFKA_PID" kafka 60; }

kafka_status() {
  if alive "$KAFKA_PID"; then echo "kafka:      running, pid $(cat "$KAFKA_PID"), $KAFKA_BOOTSTRAP, SASL/SCRAM $KAFKA_SASL_BOOTSTRAP, logs $KAFKA_LOG/"
  else echo "kafka:      stopped"; return 1; fi
}
