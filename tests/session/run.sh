#!/usr/bin/env bash
# test-session: starts `make demo`'s servers on free loopback ports, runs the
# JS driver's unit tests, then the sign-in browser test and the multi-tab
# browser test against them, stops the servers (by the pid started here)
# whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/demo/ensure-pkg.sh

node --test tests/session/unit.test.mjs tests/session/transport.test.mjs

# Six consecutive free ports (SPA, provider, API, admin, Envoy, worker).
base=$(python3 - <<'PY'
import random, socket
def free(p):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", p)); return True
        except OSError:
            return False
while True:
    b = random.randrange(20000, 60000, 8)
    if all(free(b + i) for i in range(6)):
        print(b); break
PY
)
log=target/demo/test-session.log
mkdir -p target/demo
DEMO_PORT_BASE=$base scripts/demo/run.sh >"$log" 2>&1 &
demo_pid=$!
stop() { kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 240); do
  grep -q '^demo: http' "$log" && break
  if ! kill -0 "$demo_pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
  sleep 0.5
done
grep -q '^demo: http' "$log" || { cat "$log" >&2; echo "test-session: demo did not start" >&2; exit 1; }
DEMO_PORT_BASE=$base node tests/session/signin.mjs
DEMO_PORT_BASE=$base node tests/session/multi-tab.mjs
