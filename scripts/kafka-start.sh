#!/usr/bin/env bash
# Starts a local single-node Apache Kafka 3.9.1 broker (KRaft, broker+controller in one JVM)
# for development and tests, then prints `KAFKA_BROKERS=127.0.0.1:<port>` on stdout and returns,
# leaving the broker running in the background. Everything else goes to stderr.
#
#   KAFKA_PORT           client port on 127.0.0.1 (default 19092)
#   KAFKA_DATA_DIR       config, data, pid file and log (default <repo>/.kafka)
#   KAFKA_HOME_CACHE     jar cache, filled from Maven Central on first use
#                        (default ~/.cache/hub-kafka/3.9.1/libs)
#   KAFKA_START_TIMEOUT  seconds to wait for the broker to be ready (default 90)
#   KAFKA_HEAP_OPTS      JVM heap (default -Xmx512m -Xms128m)
#   KAFKA_JVM_OPTS       other JVM options (default: G1, C1-only JIT, which starts faster)
#   KAFKA_CDS            1 (default): keep a class-data-sharing archive next to the jars,
#                        written when the first broker stops, to start about twice as fast;
#                        0: off
#
# Already running for this data dir: prints the line and returns. Stop it with kafka-stop.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/kafka/common.sh"

if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java || true)"; fi
[[ -n "$JAVA" && -x "$JAVA" ]] || die "java not found (install a JDK 17+, or set JAVA_HOME); Kafka ${KAFKA_VERSION} needs it"
command -v node >/dev/null || die "node not found"

data_dir="$(resolve_data_dir)"
port="${KAFKA_PORT:-19092}"
[[ "$port" =~ ^[0-9]+$ ]] || die "KAFKA_PORT must be a port number, got '$port'"
timeout="${KAFKA_START_TIMEOUT:-90}"

# One start at a time per data dir.
exec 9>"$data_dir/.start.lock"
flock 9

tsx_bin="$REPO_ROOT/node_modules/.bin/tsx"
[[ -x "$tsx_bin" ]] || tsx_bin="npx tsx"

wait_ready() {
  $tsx_bin "$REPO_ROOT/scripts/kafka/wait-ready.ts" --brokers "127.0.0.1:$1" --pid "$2" --timeout-ms "$(($3 * 1000))"
}

pid="$(running_pid "$data_dir")"
if [[ -n "$pid" ]]; then
  running_port="$(cat "$data_dir/broker.port")"
  if [[ "$running_port" != "$port" && -n "${KAFKA_PORT:-}" ]]; then
    say "already running for $data_dir on port $running_port (KAFKA_PORT=$port ignored; stop it first to change the port)"
  else
    say "already running for $data_dir (pid $pid)"
  fi
  wait_ready "$running_port" "$pid" "$timeout" || { log_tail "$data_dir"; die "broker $pid is running but not ready"; }
  echo "KAFKA_BROKERS=127.0.0.1:$running_port"
  exit 0
fi
rm -f "$data_dir/kafka.pid"

# ---- jars (Maven Central, cached) ----------------------------------------------------------
libs="${KAFKA_HOME_CACHE:-$HOME/.cache/hub-kafka/$KAFKA_VERSION/libs}"
if [[ ! -f "$libs/.complete" ]]; then
  command -v mvn >/dev/null || die "mvn not found: Maven is needed once to fetch Kafka ${KAFKA_VERSION} into $libs"
  mkdir -p "$(dirname "$libs")"
  exec 8>"$libs.lock"
  flock 8
  if [[ ! -f "$libs/.complete" ]]; then
    say "fetching Kafka ${KAFKA_VERSION} jars from Maven Central into $libs (first use only)"
    tmp="$libs.tmp.$$"
    rm -rf "$tmp"
    if ! mvn -B -q -f "$REPO_ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$data_dir/mvn.log" 2>&1; then
      tail -n 30 "$data_dir/mvn.log" >&2
      rm -rf "$tmp"
      die "fetching the Kafka jars with Maven failed (full output in $data_dir/mvn.log)"
    fi
    touch "$tmp/.complete"
    rm -rf "$libs"
    mv "$tmp" "$libs"
  fi
  flock -u 8
fi

# ---- configuration ---------------------------------------------------------------------------
port_in_use "$port" && die "port $port on 127.0.0.1 is already in use (set KAFKA_PORT, or stop what listens there)"
controller_port="${KAFKA_CONTROLLER_PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})")}"
mkdir -p "$data_dir/data"
echo "$port" >"$data_dir/broker.port"

sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@DATA@|$data_dir/data|g" \
  "$REPO_ROOT/scripts/kafka/server.properties.template" >"$data_dir/server.properties"
cp "$REPO_ROOT/scripts/kafka/log4j.properties" "$data_dir/log4j.properties"

java_opts=(${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m} ${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:TieredStopAtLevel=1}
  -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
  "-Dlog4j.configuration=file:$data_dir/log4j.properties" "-Dkafka.logs.dir=$data_dir")

# Class-data sharing: the archive depends on the JDK and the jars, so it lives in the jar cache
# and is named after the JDK. Without one, this broker writes it when it exits (kafka-stop.sh
# moves it in place after a clean stop). An archive the JVM cannot use is ignored.
finish_cds_archive "$data_dir" 0 # left by a broker that was not stopped by kafka-stop.sh
cds_use=() cds_dump=()
if [[ "${KAFKA_CDS:-1}" != 0 ]]; then
  mkdir -p "$libs/.cds"
  archive="$libs/.cds/kafka-$(readlink -f "$JAVA" | md5sum | cut -c1-12).jsa"
  if [[ -s "$archive" ]]; then
    cds_use=("-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    pending="$archive.$$.tmp"
    cds_dump=("-XX:ArchiveClassesAtExit=$pending" -Xlog:cds=off -Xlog:cds+dynamic=off)
    printf '%s\n%s\n' "$pending" "$archive" >"$data_dir/cds.pending"
  fi
fi

if [[ ! -f "$data_dir/data/meta.properties" ]]; then
  # A random cluster id: 16 random bytes, URL-safe base64 without padding (as Kafka's Uuid).
  cluster_id=""
  while [[ -z "$cluster_id" || "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  say "formatting storage in $data_dir/data (cluster id $cluster_id)"
  "$JAVA" "${java_opts[@]}" "${cds_use[@]}" -cp "$libs/*" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$data_dir/server.properties" >"$data_dir/format.log" 2>&1 ||
    { cat "$data_dir/format.log" >&2; die "formatting the storage failed"; }
fi

# ---- start -----------------------------------------------------------------------------------
[[ -f "$data_dir/kafka.log" ]] && mv -f "$data_dir/kafka.log" "$data_dir/kafka.log.1"
say "starting Kafka ${KAFKA_VERSION} on 127.0.0.1:$port (controller 127.0.0.1:$controller_port, data $data_dir)"
# Own session (setsid) so the terminal's Ctrl-C or hang-up does not reach it; the wrapper
# shell writes its pid and becomes the JVM (exec), so the pid file names the broker itself.
setsid nohup bash -c 'echo $$ >"$1"; shift; exec "$@"' kafka-broker "$data_dir/kafka.pid" \
  "$JAVA" "${java_opts[@]}" "${cds_use[@]}" "${cds_dump[@]}" -cp "$libs/*" kafka.Kafka "$data_dir/server.properties" \
  >"$data_dir/kafka.log" 2>&1 </dev/null 8>&- 9>&- &
for _ in $(seq 1 100); do [[ -s "$data_dir/kafka.pid" ]] && break; sleep 0.05; done
pid="$(cat "$data_dir/kafka.pid" 2>/dev/null || true)"
[[ -n "$pid" ]] || die "the broker process did not start"

if ! wait_ready "$port" "$pid" "$timeout"; then
  log_tail "$data_dir"
  if kill -0 "$pid" 2>/dev/null; then stop_pid "$pid" 10 || true; fi
  finish_cds_archive "$data_dir" 0
  rm -f "$data_dir/kafka.pid"
  die "the broker did not become ready within ${timeout}s (log: $data_dir/kafka.log)"
fi
echo "KAFKA_BROKERS=127.0.0.1:$port"
