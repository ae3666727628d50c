// wrk's Lua `done` hook, the end of every Lua script the Envoy benchmark
// writes (bearer rows and DPoP rows alike): the p99 latency, the answers
// that are not 2xx/3xx and the socket errors, one `NAME value` line each,
// which `wrk()` in scripts/envoy/bench.mjs reads back.
export const WRK_SUMMARY_LUA = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("P99_US %d\\nNON2XX %d\\nSOCKET_ERRORS %d\\n", latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
`;
