#!/usr/bin/env bash
# Rust: rust-toolchain.toml names the channel, targets and components; rustup
# reads it. Installing here, once, makes a missing piece fail the set-up
# rather than the middle of a build. (rustup itself is the machine's.)
set -euo pipefail
command -v rustup >/dev/null || { echo "setup: rustup is required (https://rustup.rs)" >&2; exit 1; }
say "rustup toolchain install (rust-toolchain.toml)"
rustup toolchain install
