#!/usr/bin/env bash
# test-session: starts `make demo`'s servers on free loopback ports, runs the
# JS driver's unit tests (DPoP's included), then, each on `node --test`
# against the demo, the sign-in browser test,
# the multi-tab browser test, the DPoP browser test and "Sign out
# everywhere" (bearer and DPoP) against them, stops
# the servers (by the pid started here) whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/demo/ensure-pkg.sh

node --test tests/session/unit.test.mjs tests/session/transport.test.mjs tests/session/dpop.test.mjs

# Eight consecutive loopback ports (SPA, provider, API, admin, Envoy, worker,
# the API's port for the edges, the back-channel logout receiver):
# the demo's servers derive theirs from one base, so port 0 cannot be used.
# A base is picked free, and another process can still take one of its
# ports before the demo binds it: the demo then fails with "address in use"
# and the start is retried on a new base (three tries), any other failure
# stops the test.
pick_base() {
  python3 - <<'PY'
import random, socket
def free(p):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", p)); return True
        except OSError:
            return False
while True:
    b = random.randrange(20000, 60000, 8)
    if all(free(b + i) for i in range(8)):
        print(b); break
PY
}
log=target/demo/test-session.log
mkdir -p target/demo
demo_pid=
stop() { [ -z "$demo_pid" ] || { kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; }; }
trap stop EXIT
# 0: the demo answers; 1: it failed on a taken port (retry); 2: other failure.
start_demo() {
  # The SPA signs in as the bearer client unless a test asks for DPoP.
  DEMO_DPOP=0 DEMO_PORT_BASE=$base scripts/demo/run.sh >"$log" 2>&1 &
  demo_pid=$!
  # Five minutes: a fresh machine's first Envoy, workerd and provider starts
  # are slower than later ones.
  for _ in $(seq 1 600); do
    grep -q '^demo: http' "$log" && return 0
    if ! kill -0 "$demo_pid" 2>/dev/null; then
      wait "$demo_pid" 2>/dev/null || true
      demo_pid=
      grep -qiE 'EADDRINUSE|address already in use|is in use' "$log" && return 1
      return 2
    fi
    sleep 0.5
  done
  return 2
}
for try in 1 2 3; do
  base=$(pick_base)
  status=0
  start_demo || status=$?
  [ "$status" -eq 0 ] && break
  if [ "$status" -eq 1 ] && [ "$try" -lt 3 ]; then
    echo "test-session: a port of base $base was taken before the demo bound it; new base" >&2
    stop
    continue
  fi
  echo "test-session: the demo's output:" >&2
  cat "$log" >&2
  for server_log in target/demo/*.log; do
    [ "$server_log" = "$log" ] && continue
    echo "test-session: tail of $server_log:" >&2
    tail -n 30 "$server_log" >&2
  done
  echo "test-session: demo did not start (status $status)" >&2
  exit 1
done
# One file at a time, in this order (one `node --test` each: given several
# files, it would sort them): they share the demo's provider and its
# counters, and multi-tab.mjs starts the screenshot folder afresh.
for suite in signin multi-tab dpop-browser signout-everywhere; do
  DEMO_PORT_BASE=$base node --test "tests/session/$suite.mjs"
done
