#!/usr/bin/env bash
# Builds and tests the published crates (runtime, client) and the generator against the newest
# semver-compatible version of every dependency, as a new downstream crate would resolve them
# today, with warnings denied: a scratch copy of the tracked files, `cargo update`, then
# `cargo test`. The repository's Cargo.lock is left alone. CI runs this (.ci/run).
#
# usage: scripts/newest-deps.sh [TARGET_DIR]   (default: target/newest-deps, kept between runs)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${1:-$root/target/newest-deps}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

git ls-files -z | while IFS= read -r -d '' file; do
    [ -e "$file" ] && printf '%s\0' "$file"
done | xargs -0 cp --parents -t "$scratch"
cd "$scratch"
cargo update 2>&1 | sed -n '/Updating\|Adding\|Removing\|Downgrading/p' | grep -v 'crates.io index' || true
# Warnings denied in our crates (dependencies' own warnings are capped by cargo, as for any
# downstream build); rustdoc too, since a deprecation shows up in doc builds first.
export RUSTFLAGS="-D warnings" RUSTDOCFLAGS="-D warnings" CARGO_TARGET_DIR="$target"
cargo test -p digitalocean-client-runtime -p digitalocean-client -p codegen -p xtask --all-targets
cargo test -p digitalocean-client-runtime -p digitalocean-client --doc
# The other TLS provider stays selectable: ring builds warning-free and starts a handshake
# (without the post-quantum key exchange, which the test checks on the wire).
cargo test -p digitalocean-client --no-default-features --features rustls-ring --test it -- tls_provider::
