#!/bin/sh
# What each Cargo feature of the npm binding costs in the full wasm: builds
# the full build once with every default feature and once per feature left
# out (release profile, opt-level 3, then wasm-opt with the full build's
# flags from wasm-pack.toml), and prints raw / gzip -9 bytes and the gzip
# difference. Takes ~1 min per row. docs/size.md has the table.
#
#   scripts/feature-costs.sh            # every row
#   scripts/feature-costs.sh edge dpop  # only these features left out
set -eu
cd "$(dirname "$0")/.."
ALL="lint remote-key-set revocation-list dpop edge logout"
OUT=target/feature-costs
WASM_OPT=node_modules/.bin/wasm-opt
FLAGS="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue
  -O3 --strip-debug --strip-producers"
mkdir -p "$OUT"

# without FEATURE: every default feature but FEATURE and what needs it
# (edge needs remote-key-set, logout needs revocation-list).
features_without() {
  for f in $ALL; do
    [ "$f" = "$1" ] && continue
    [ "$1" = remote-key-set ] && [ "$f" = edge ] && continue
    [ "$1" = revocation-list ] && [ "$f" = logout ] && continue
    printf '%s,' "$f"
  done
}

size_of() { # name, features
  cargo build -q --release --locked --target wasm32-unknown-unknown -p tokenward --lib \
    --no-default-features --features "$2"
  wasm-bindgen --target web --out-dir "$OUT/$1" --out-name tokenward \
    target/wasm32-unknown-unknown/release/tokenward.wasm
  # shellcheck disable=SC2086
  "$WASM_OPT" $FLAGS "$OUT/$1/tokenward_bg.wasm" -o "$OUT/$1/opt.wasm"
  raw=$(wc -c <"$OUT/$1/opt.wasm")
  gz=$(gzip -9c "$OUT/$1/opt.wasm" | wc -c)
  echo "$raw $gz"
}

set -- ${@:-$ALL}
full=$(size_of full "$(features_without none)")
full_gz=${full#* }
printf '%-22s %9s %9s %9s\n' "left out" raw gzip "saves"
printf '%-22s %9s %9s %9s\n' "(nothing: full)" ${full% *} "$full_gz" 0
for feature in "$@"; do
  row=$(size_of "no-$feature" "$(features_without "$feature")")
  printf '%-22s %9s %9s %9s\n' "$feature" ${row% *} ${row#* } $((full_gz - ${row#* }))
done
