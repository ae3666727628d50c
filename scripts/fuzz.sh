#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for SECONDS each (default 600) and
# prints the executions per target. Installs cargo-fuzz when missing.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Only the stable toolchain is needed: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass
# its -Z flags. SANITIZER=address|none (default none: about 2-3x the exec/s;
# the core forbids unsafe code, so AddressSanitizer mostly catches leaks and
# stack overflows, which libFuzzer reports without it too).
# Crashes land in fuzz/artifacts/<target>/ (git-ignored); the script exits 1
# if any target failed.
set -euo pipefail

seconds="${1:-600}"
shift || true
sanitizer="${SANITIZER:-none}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

cd "$root/fuzz"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

cargo fuzz build -s "$sanitizer" >&2

status=0
summary=()
for target in "${targets[@]}"; do
    log="$(mktemp -t "fuzz-$target.XXXXXX.log")"
    echo "== $target: ${seconds}s (log: $log)" >&2
    # Seeds are read-only inputs; libFuzzer writes what it finds to the first dir.
    mkdir -p "corpus/$target"
    # 20 KiB inputs reach the size rules (4/8 KiB lint limits, 16 KiB cap).
    if cargo fuzz run -s "$sanitizer" "$target" -- -max_total_time="$seconds" \
        -max_len="${MAX_LEN:-20480}" -print_final_stats=1 >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        status=1
        tail -n 40 "$log" >&2
    fi
    execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
    rate="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1)"
    summary+=("$(printf '%-14s %-6s execs=%-10s exec/s=%-7s %s' "$target" "$result" "${execs:-?}" "${rate:-?}" "${cov:-}")")
done

echo
printf '%s\n' "${summary[@]}"
exit "$status"
