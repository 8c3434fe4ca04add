# shellcheck shell=bash
# Sourced by stack.sh and demo.sh: a ClickHouse server as a plain background process under .stack/clickhouse.
# Prefers an official `clickhouse` binary (version >= 19) on PATH, else Debian's clickhouse-server (18.16).
CH_DIR="$STACK/clickhouse"
CH_PID="$CH_DIR/clickhouse.pid"
CH_LOG="$CH_DIR/log"
CH_URL=http://127.0.0.1:8123

# ch_query SQL: runs SQL over HTTP, prints the result, fails on a server error.
ch_query() { curl -sS --fail-with-body "$CH_URL/" --data-binary "$1"; }

# ch_recreate_table NAME: drops the table and creates it from config/logs-18.16.sql on an 18.x server,
# config/logs-modern.sql otherwise, with the table name replaced.
ch_recreate_table() {
  local version ddl=config/logs-modern.sql
  version=$(ch_query 'SELECT version()')
  [[ "$version" == 18.* ]] && ddl=config/logs-18.16.sql
  say "table $1: dropping and creating from $ddl (ClickHouse $version)"
  ch_query "DROP TABLE IF EXISTS $1"
  ch_query "$(sed "s/CREATE TABLE IF NOT EXISTS logs/CREATE TABLE IF NOT EXISTS $1/" "$ROOT/$ddl")"
}

# ch_server: sets CH_CMD (how to run the server) and CH_MAJOR; installs Debian's package when none is found.
ch_server() {
  local v
  if command -v clickhouse >/dev/null && v=$(clickhouse local --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+' | head -1) \
      && (( ${v%%.*} >= 19 )); then
    CH_CMD=(clickhouse server); CH_MAJOR=${v%%.*}; return 0
  fi
  if ! command -v clickhouse-server >/dev/null; then
    say "clickhouse: no server found, installing Debian's clickhouse-server"
    apt_install clickhouse-server clickhouse-client
    invoke-rc.d clickhouse-server stop >/dev/null 2>&1 || true  # a system instance would hold our ports
  fi
  CH_CMD=(clickhouse-server); CH_MAJOR=18
}

# ch_config: writes config.xml and users.xml into $CH_DIR (paths in .stack, 127.0.0.1 only, UTC).
ch_config() {
  local tag=yandex lowcard=""
  (( CH_MAJOR >= 22 )) && tag=clickhouse
  (( CH_MAJOR < 20 )) && lowcard="<allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>"
  mkdir -p "$CH_DIR"/{data,tmp,user_files,format_schemas} "$CH_LOG"
  cat > "$CH_DIR/config.xml" <<XML
<?xml version="1.0"?>
<!-- written by scripts/stack.sh; adapted from /etc/clickhouse-server/config.xml -->
<$tag>
    <logger>
        <level>information</level>
        <log>$CH_LOG/clickhouse-server.log</log>
        <errorlog>$CH_LOG/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>3</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>8123</http_port>
    <tcp_port>9000</tcp_port>
    <interserver_http_port>9009</interserver_http_port>
    <max_connections>1024</max_connections>
    <keep_alive_timeout>10</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <uncompressed_cache_size>1073741824</uncompressed_cache_size>
    <mark_cache_size>536870912</mark_cache_size>
    <path>$CH_DIR/data/</path>
    <tmp_path>$CH_DIR/tmp/</tmp_path>
    <user_files_path>$CH_DIR/user_files/</user_files_path>
    <format_schema_path>$CH_DIR/format_schemas/</format_schema_path>
    <users_config>$CH_DIR/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
</$tag>
XML
  cat > "$CH_DIR/users.xml" <<XML
<?xml version="1.0"?>
<!-- written by scripts/stack.sh: user default, no password, loopback only -->
<$tag>
    <profiles>
        <default>
            <max_memory_usage>8000000000</max_memory_usage>
            <load_balancing>random</load_balancing>
            $lowcard
        </default>
        <readonly><readonly>1</readonly></readonly>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>
        </default>
    </quotas>
</$tag>
XML
}

ch_start() {
  if alive "$CH_PID"; then say "clickhouse: already running, pid $(cat "$CH_PID")"; return 0; fi
  port_open 8123 && die "clickhouse: port 8123 is taken by a process that is not ours (no live $CH_PID)"
  ch_server
  ch_config
  say "clickhouse: starting ${CH_CMD[*]} (major version $CH_MAJOR) on $CH_URL, native 127.0.0.1:9000"
  # Runs as whoever we are (root here): the data directory belongs to us, so no user switch is needed.
  # jemalloc backs large column buffers with transparent huge pages: on this VM a 4 KiB page fault is so dear that
  # without it the server spent 5.1 us of CPU per inserted log row, with it 2.0 (README, Performance).
  MALLOC_CONF=thp:always,metadata_thp:always \
    spawn "$CH_PID" "$CH_LOG/stdout.log" "${CH_CMD[@]}" --config-file="$CH_DIR/config.xml"
}

ch_wait() {
  local deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    alive "$CH_PID" || die "clickhouse: exited during start-up, see $CH_LOG/clickhouse-server.err.log and $CH_LOG/stdout.log"
    if [[ "$(curl -s "$CH_URL/ping" 2>/dev/null)" == "Ok." ]]; then
      say "clickhouse: ready on $CH_URL, version $(ch_query 'SELECT version()'), pid $(cat "$CH_PID")"; return 0
    fi
    sleep 0.25
  done
  die "clickhouse: no answer on $CH_URL/ping after 60s, see $CH_LOG/clickhouse-server.err.log"
}

ch_stop() { terminate "$CH_PID" clickhouse 30; }

ch_status() {
  if alive "$CH_PID"; then echo "clickhouse: running, pid $(cat "$CH_PID"), $CH_URL, logs $CH_LOG/"
  else echo "clickhouse: stopped"; return 1; fi
}
