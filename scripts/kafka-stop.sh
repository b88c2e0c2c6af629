#!/usr/bin/env bash
# Stops the local Kafka broker started by kafka-start.sh for KAFKA_DATA_DIR (SIGTERM, then
# SIGKILL after KAFKA_STOP_TIMEOUT seconds, default 30; 180 when the JVM has to write the
# class-data-sharing archive on exit, which happens once per JDK and jar cache).
# Stopping a broker that is not running is not an error. The data dir is kept (delete it to
# start from scratch).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/kafka/common.sh"

data_dir="$(resolve_data_dir existing)"
if [[ -z "$data_dir" ]]; then
  say "no broker running for ${KAFKA_DATA_DIR:-$REPO_ROOT/.kafka} (no such directory)"
  exit 0
fi
pid="$(running_pid "$data_dir")"
if [[ -z "$pid" ]]; then
  say "no broker running for $data_dir"
  finish_cds_archive "$data_dir" 0
  rm -f "$data_dir/kafka.pid"
  exit 0
fi
timeout="${KAFKA_STOP_TIMEOUT:-30}"
if [[ -f "$data_dir/cds.pending" ]]; then
  timeout=$((timeout > 180 ? timeout : 180))
  say "stopping broker $pid ($data_dir); it writes the class-data-sharing archive on exit (first time only)"
else
  say "stopping broker $pid ($data_dir)"
fi
if stop_pid "$pid" "$timeout"; then clean=1; else clean=0; fi
finish_cds_archive "$data_dir" "$clean"
rm -f "$data_dir/kafka.pid"
say "stopped"
