# Shared by kafka-start.sh and kafka-stop.sh (sourced, not run).
# Settings: KAFKA_DATA_DIR (default <repo>/.kafka), KAFKA_PORT (default 19092),
# KAFKA_HOME_CACHE (where the broker's jars are cached, default ~/.cache/hub-kafka/3.9.1/libs).

KAFKA_VERSION=3.9.1
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

die() {
  echo "kafka: $*" >&2
  exit 1
}

say() {
  echo "kafka: $*" >&2
}

# Absolute path of the data dir (a relative KAFKA_DATA_DIR is taken from the current
# directory), created unless $1 is "existing" (then empty when it does not exist).
resolve_data_dir() {
  local dir="${KAFKA_DATA_DIR:-$REPO_ROOT/.kafka}"
  if [[ "${1:-}" == existing ]]; then
    [[ -d "$dir" ]] || return 0
  else
    mkdir -p "$dir" || die "cannot create KAFKA_DATA_DIR $dir"
  fi
  (cd "$dir" && pwd)
}

# The pid of the broker started for this data dir, if it is still running; empty otherwise.
running_pid() {
  local data_dir="$1" pid
  [[ -f "$data_dir/kafka.pid" ]] || return 0
  pid="$(cat "$data_dir/kafka.pid" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # Guard against a recycled pid: it must be our broker, started on this data dir's config.
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "kafka.Kafka $data_dir/server.properties" || return 0
  fi
  echo "$pid"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

log_tail() {
  local data_dir="$1"
  if [[ -f "$data_dir/kafka.log" ]]; then
    echo "---- last lines of $data_dir/kafka.log ----" >&2
    tail -n "${2:-40}" "$data_dir/kafka.log" >&2
    echo "----" >&2
  fi
}

# Sends SIGTERM, waits up to $2 seconds, then SIGKILL. Returns when the process is gone:
# status 0 when it stopped by itself, 1 when it had to be killed.
stop_pid() {
  local pid="$1" timeout="${2:-30}" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= timeout * 10)); then
      say "broker $pid did not stop within ${timeout}s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# After a broker of this data dir exited: put the class-data-sharing archive it wrote in place
# (only after a clean exit: a killed JVM may have left it half written).
finish_cds_archive() {
  local data_dir="$1" clean="$2" pending archive
  [[ -f "$data_dir/cds.pending" ]] || return 0
  { read -r pending && read -r archive; } <"$data_dir/cds.pending" || true
  if [[ "$clean" == 1 && -s "$pending" ]]; then
    mv -f "$pending" "$archive"
  else
    rm -f "$pending"
  fi
  rm -f "$data_dir/cds.pending"
}
