# shellcheck shell=bash
# Sourced by the scripts in scripts/: repo paths, messages, process helpers. Not an entry point.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# A checkout may link .stack to another's (a worktree sharing the running stack): the processes' command lines name the
# link's target, which ours() looks for.
STACK="$(readlink -f "$ROOT/.stack" 2>/dev/null || echo "$ROOT/.stack")"
JAR="$ROOT/app/target/ringest.jar"
# shellcheck disable=SC2034  # used by the scripts that source this file
JVM_OPTIONS="$ROOT/scripts/jvm.options"

say() { printf '[%s] %s\n' "${0##*/}" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# ours PID: true when PID is a live (not zombie) process whose command line names our .stack directory.
ours() {
  [[ "$(ps -o stat= -p "$1" 2>/dev/null)" == [^Z]* ]] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF "$STACK/"
}

# alive PIDFILE: true when PIDFILE holds the pid of one of our live processes.
alive() { [[ -s "$1" ]] && ours "$(cat "$1")"; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# spawn PIDFILE LOGFILE CMD...: runs CMD detached in its own session, stdout+stderr to LOGFILE.
spawn() {
  local pidfile=$1 log=$2; shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$log" 2>&1 &
  for _ in $(seq 50); do [[ -s "$pidfile" ]] && return 0; sleep 0.1; done
  die "could not start $1 (no pid in $pidfile)"
}

# terminate PIDFILE NAME [SECONDS]: SIGTERM, wait, then SIGKILL; removes PIDFILE.
terminate() {
  local pidfile=$1 name=$2 grace=${3:-30} pid
  if ! alive "$pidfile"; then rm -f "$pidfile"; say "$name: not running"; return 0; fi
  pid=$(cat "$pidfile")
  say "$name: stopping pid $pid (SIGTERM, up to ${grace}s)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((grace * 10))); do ours "$pid" || break; sleep 0.1; done
  if ours "$pid"; then say "$name: still alive after ${grace}s, SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; sleep 0.5; fi
  rm -f "$pidfile"
  say "$name: stopped"
}

# mvn_quiet ARGS...: mvn -B -q with its stray colour codes stripped, output to stderr.
mvn_quiet() { mvn -B -q "$@" 2>&1 | sed $'s/\e\\[[0-9;]*m//g' >&2; }

# apt_install PACKAGES...: installs Debian packages, running apt-get update once per script.
APT_UPDATED=0
apt_install() {
  say "installing $* with apt-get"
  ((APT_UPDATED)) || { apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# ensure_build_tools: a JDK 17 or newer, Maven and curl, installed with apt-get when missing.
ensure_build_tools() {
  local major
  major=$(javac -version 2>&1 | sed -nE 's/^javac ([0-9]+).*/\1/p' | grep . || echo 0)
  ((major >= 17)) || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
  command -v curl >/dev/null || apt_install curl
}

# cds_flags JAR: the JVM flag for an application class-data archive beside JAR (AppCDS). The first run writes it at
# exit; later runs map those classes from it instead of loading and verifying them, about 1 s of CPU less at start-up.
# The archive's name carries the jar's mtime and size, so a rebuilt jar gets a fresh one.
cds_flags() {
  local archive; archive="${1%.jar}-$(stat -c %Y-%s "$1").jsa"
  if [[ -f "$archive" ]]; then echo "-XX:SharedArchiveFile=$archive"; return; fi
  rm -f "${1%.jar}"-*.jsa
  echo "-XX:ArchiveClassesAtExit=$archive"
}

# java_major JAVA: the feature version of the JDK that the java binary JAVA belongs to, read from its release file
# (no JVM started); 0 when unknown.
java_major() {
  local home; home=$(dirname "$(dirname "$(readlink -f "$(command -v "$1")")")")
  sed -nE 's/^JAVA_VERSION="([0-9]+).*/\1/p' "$home/release" 2>/dev/null | grep . || echo 0
}

# ringest_java: sets RINGEST_JAVA, the java that runs ringest: $RINGEST_JAVA when set, else a JDK 25 or newer (java on
# the PATH, or the newest under /usr/lib/jvm), else java on the PATH. ringest is built for 17 and runs on either; a 25
# starts it with less CPU through its AOT cache (ringest_class_data).
ringest_java() {
  [[ -n "${RINGEST_JAVA:-}" ]] && return 0
  RINGEST_JAVA=java
  (($(java_major java) >= 25)) && return 0
  local candidate
  for candidate in $(printf "%s\n" /usr/lib/jvm/*/bin/java | sort -rV); do
    if (($(java_major "$candidate") >= 25)); then RINGEST_JAVA=$candidate; return 0; fi
  done
}

# ringest_class_data JAR: the JVM flags, one a line, that map JAR's classes from a file beside it, written by the first
# run. On a JDK 25 or newer an AOT cache (JEP 483/515: classes loaded and linked, and method profiles, so the JIT
# compiles the hot code sooner): the first run records with -XX:AOTCacheOutput and, at its exit, a child JVM assembles
# the cache (some seconds); later runs start from it with -XX:AOTCache. A cache is refused when module options differ
# from its recording run, so its name carries a checksum of jvm.options and JAVA_OPTS besides the jar's mtime and size.
# Two more flags on 25 only (JDK 17 refuses the first, and the second costs 17 its archived module graph):
# -Xlog:aot*=off, since the dump names each class it cannot store, nothing to act on; --enable-native-access, since
# lz4-java (the Kafka client's LZ4) loads a native library and 22+ warns about it at every start. On 17, cds_flags.
ringest_class_data() {
  ringest_java
  (($(java_major "$RINGEST_JAVA") >= 25)) || { cds_flags "$1"; return; }
  local jar sum cache old
  jar="${1%.jar}-$(stat -c %Y-%s "$1")"
  sum=$( (cat "$JVM_OPTIONS"; echo "${JAVA_OPTS:-}") | cksum | cut -d' ' -f1)
  cache="$jar-jdk$(java_major "$RINGEST_JAVA")-$sum.aot"
  printf '%s\n' -Xlog:aot*=off --enable-native-access=ALL-UNNAMED
  if [[ -f "$cache" ]]; then echo "-XX:AOTCache=$cache"; return; fi
  for old in "${1%.jar}"-*.aot; do [[ "$old" == "$jar"-* ]] || rm -f "$old"; done  # those of an earlier build
  echo "-XX:AOTCacheOutput=$cache"
}

# ensure_bench_jar: builds benchmarks/target/benchmarks.jar (JMH, the race's naive contender, charts) when missing.
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
ensure_bench_jar() {
  [[ -f "$BENCH_JAR" ]] && return 0
  ensure_build_tools
  say "building $BENCH_JAR: mvn -B -q -DskipTests -pl benchmarks -am package"
  (cd "$ROOT" && mvn_quiet -DskipTests -pl benchmarks -am package) || die "build failed"
}

# ensure_jar: builds app/target/ringest.jar (and the modules it needs) when it is missing.
ensure_jar() {
  [[ -f "$JAR" ]] && return 0
  ensure_build_tools
  say "building $JAR: mvn -B -q -DskipTests -pl app -am package"
  (cd "$ROOT" && mvn_quiet -DskipTests -pl app -am package) || die "build failed"
  [[ -f "$JAR" ]] || die "the build did not produce $JAR"
}

# ensure_tools_jar: builds devtools/target/ringest-tools.jar (LoadGenerator, Coverage, LatencyReport) when missing.
TOOLS_JAR="$ROOT/devtools/target/ringest-tools.jar"
ensure_tools_jar() {
  [[ -f "$TOOLS_JAR" ]] && return 0
  ensure_build_tools
  say "building $TOOLS_JAR: mvn -B -q -DskipTests -pl devtools -am package"
  (cd "$ROOT" && mvn_quiet -DskipTests -pl devtools -am package) || die "build failed"
  [[ -f "$TOOLS_JAR" ]] || die "the build did not produce $TOOLS_JAR"
}
