#!/usr/bin/env bash
# `make demo`: the OpenID provider, the API and the SPA on loopback, each its
# own process, then the same API behind tokenward's Envoy filter
# (scripts/envoy/demo.mjs) and behind its edge worker in workerd
# (worker/demo.mjs), both configured for the demo provider, checking
# DPoP proofs and polling the revocation list of the demo's back-channel
# logout receiver (www/server/logout-receiver.mjs: "Sign out everywhere").
# Prints the URLs; Ctrl-C (or any server exiting) stops all.
# DEMO_PORT_BASE (default 8400) picks the ports: SPA, provider, API, admin,
# Envoy, worker, the API's listener for the two edges, and the receiver.
# DEMO_DPOP=0 makes the SPA sign in as the bearer client unless the page
# asks for DPoP (`?dpop=1`); by default it is the DPoP client.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/demo/ensure-pkg.sh
# `make demo` builds the filter and the worker first; run directly (as
# test-session does), build them only when missing.
[ -f target/wasm32-wasip1/release/tokenward_envoy.wasm ] || make --no-print-directory envoy
[ -f worker/dist/tokenward_bg.wasm ] || make --no-print-directory worker

base=${DEMO_PORT_BASE:-8400}
export DEMO_PORT_BASE=$base
names=(spa provider api provider-admin envoy worker api-behind-edge logout-receiver)

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for i in "${!names[@]}"; do
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
  node "$script" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
start provider www/server/provider.mjs
start api www/server/api.mjs
start spa www/server/spa.mjs
start logout-receiver www/server/logout-receiver.mjs

# Until `url` answers (2xx; any HTTP status with `any` as third argument).
# Each wait says what it waits for, so a slow start shows where it is.
wait_for() {
  local name=$1 url=$2 fail=-f
  [ "${3:-}" = any ] && fail=
  echo "demo: waiting for $name ($url)"
  for _ in $(seq 1 240); do
    # A server that accepts but never answers must not stall the wait.
    if curl -s --max-time 5 $fail -o /dev/null "$url"; then return 0; fi
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
wait_for api-behind-edge "http://127.0.0.1:$((base + 6))/stats"
wait_for spa "http://127.0.0.1:$base/config.json"
wait_for logout-receiver "http://127.0.0.1:$((base + 7))/revocation.json"

# The edge paths: the provider's key set as a file (the edge demos serve it
# to the filter and the worker), the API's resource indicator as audience,
# RFC 9068 access tokens, DPoP proofs checked (TOKENWARD_DPOP). Both forward
# the token to the API's port for them (the proof, which names the edge's
# URL, stays at the edge), and let token-less requests (CORS preflights)
# through to the API, which refuses them itself. Their own refusals carry
# CORS headers for the SPA (`cors`), so the page can show them. Both poll
# the receiver's revocation list every second (its document's max-age is 1 s
# too: www/server/config.mjs's revocationRefreshSeconds), the short setting
# of docs/revocation.md, whose bound is 2 s; without a list they refuse
# (503 revocation_unavailable), hence the receiver starts first.
issuer="http://127.0.0.1:$((base + 1))"
jwks_uri=$(curl -sf --max-time 10 "$issuer/.well-known/openid-configuration" | node -e \
  'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).jwks_uri))')
# Per port base: a second demo (test-session) must not swap our keys.
curl -sf --max-time 10 -o "$logs/jwks-$base.json" "$jwks_uri"
export TOKENWARD_ISSUER=$issuer
export TOKENWARD_AUDIENCE="http://127.0.0.1:$((base + 2))/"
export TOKENWARD_JWKS_FILE=$logs/jwks-$base.json
export TOKENWARD_PROFILE=access_token
export TOKENWARD_DPOP=1
export TOKENWARD_REVOCATION_URI="http://127.0.0.1:$((base + 7))/revocation.json"
export TOKENWARD_REVOCATION_REFRESH_SECONDS=1
export TOKENWARD_CORS_ORIGIN="http://127.0.0.1:$base"
TOKENWARD_PORT=$((base + 4)) TOKENWARD_UPSTREAM_PORT=$((base + 6)) start envoy scripts/envoy/demo.mjs
TOKENWARD_PORT=$((base + 5)) TOKENWARD_ORIGIN="http://127.0.0.1:$((base + 6))" start worker worker/demo.mjs
# Any answer will do: without a token the API's 401 comes back.
wait_for envoy "http://127.0.0.1:$((base + 4))/api/hello" any
wait_for worker "http://127.0.0.1:$((base + 5))/api/hello" any

cat <<EOT
demo: http://127.0.0.1:$base/
provider: http://127.0.0.1:$((base + 1))/.well-known/openid-configuration
api: http://127.0.0.1:$((base + 2))/api/hello
provider admin (tests): http://127.0.0.1:$((base + 3))/stats
api via Envoy: http://127.0.0.1:$((base + 4))/api/hello
api via worker: http://127.0.0.1:$((base + 5))/api/hello
api for the edges: http://127.0.0.1:$((base + 6))/api/hello
back-channel logout receiver: http://127.0.0.1:$((base + 7))/revocation.json (journal $logs/logouts-$base.jsonl)
logs: $logs/{provider,api,spa,logout-receiver,envoy,worker}.log
Ctrl-C stops everything.
EOT
# Until Ctrl-C, or until one server dies (then stop the rest).
wait -n "${pids[@]}" || true
echo "demo: a server exited; logs in $logs/" >&2
exit 1
