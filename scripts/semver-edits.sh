#!/usr/bin/env bash
# What typical spec edits do to the client's public API, by cargo-semver-checks (0.51): each edit
# named on the command line is applied to a copy of this checkout's spec (scripts/semver_edit.py),
# regenerated there with this checkout's xtask, and checked with `--release-type minor` against
# an unedited copy. Exit 0 from cargo semver-checks: accepted as a minor release.
#
#   scripts/semver-edits.sh response_field enum_value request_field query_param operation \
#       removed_response_field
#
# Needs cargo-semver-checks on PATH and python3 with PyYAML. Copies go to $OUT (a new temporary
# directory unless set); the rustdoc builds share $OUT/target.
set -u
SRC=${SRC:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
(cd "$SRC" && cargo build --locked -q -p xtask) || exit 1
XTASK=$SRC/target/debug/xtask
export CARGO_TARGET_DIR=$OUT/target
rm -rf "$OUT/base" && mkdir -p "$OUT/base"
(cd "$SRC" && git ls-files -z | xargs -0 cp --parents -t "$OUT/base")
for kind in "$@"; do
  dir=$OUT/$kind
  rm -rf "$dir" && cp -r "$OUT/base" "$dir"
  python3 "$SRC/scripts/semver_edit.py" "$dir/spec/digitalocean.yaml" "$kind" || exit 1
  if ! XTASK_WORKSPACE=$dir "$XTASK" codegen > "$OUT/$kind.codegen.log" 2>&1; then
    echo "$kind: codegen failed (see $OUT/$kind.codegen.log)"
    continue
  fi
  cargo semver-checks --manifest-path "$dir/generated/Cargo.toml" \
    --baseline-root "$OUT/base/generated" --release-type minor > "$OUT/$kind.log" 2>&1
  status=$?
  echo "$kind: exit $status: $(grep -E 'Summary|--- failure' "$OUT/$kind.log" | tr -s ' \n' ' ')"
done
