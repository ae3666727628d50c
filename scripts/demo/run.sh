#!/usr/bin/env bash
# `make demo`: the OpenID provider, the API and the SPA on loopback, each its
# own process. Prints the URLs; Ctrl-C (or any server exiting) stops all.
# DEMO_PORT_BASE (default 8400) picks the ports: SPA, provider, API, admin.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/demo/ensure-pkg.sh

base=${DEMO_PORT_BASE:-8400}
export DEMO_PORT_BASE=$base
names=(spa provider api provider-admin)

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for i in 0 1 2 3; do
  # A stale server on a port would answer for us and mislead everyone.
  if port_in_use $((base + i)); then
    echo "demo: port $((base + i)) (${names[$i]}) is in use; stop that server or set DEMO_PORT_BASE" >&2
    exit 1
  fi
done

logs=target/demo
mkdir -p "$logs"
pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "demo: stopped"
}
trap stop EXIT
# Ctrl-C is how the demo is meant to end.
trap 'exit 0' INT
trap 'exit 143' TERM

start() {
  local name=$1 script=$2
  node "www/server/$script" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
start provider provider.mjs
start api api.mjs
start spa spa.mjs

wait_for() {
  local name=$1 url=$2
  for _ in $(seq 1 240); do
    if curl -sf -o /dev/null "$url"; then return 0; fi
    for pid in "${pids[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "demo: a server exited while starting; logs in $logs/" >&2
        tail -n 20 "$logs"/*.log >&2
        exit 1
      fi
    done
    sleep 0.5
  done
  echo "demo: $name did not come up; see $logs/$name.log" >&2
  exit 1
}
wait_for provider "http://127.0.0.1:$((base + 1))/.well-known/openid-configuration"
wait_for api "http://127.0.0.1:$((base + 2))/stats"
wait_for spa "http://127.0.0.1:$base/config.json"

cat <<EOT
demo: http://127.0.0.1:$base/
provider: http://127.0.0.1:$((base + 1))/.well-known/openid-configuration
api: http://127.0.0.1:$((base + 2))/api/hello
provider admin (tests): http://127.0.0.1:$((base + 3))/stats
logs: $logs/{provider,api,spa}.log
Ctrl-C stops everything.
EOT
# Until Ctrl-C, or until one server dies (then stop the rest).
wait -n "${pids[@]}" || true
echo "demo: a server exited; logs in $logs/" >&2
exit 1
