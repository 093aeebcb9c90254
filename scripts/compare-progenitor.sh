#!/usr/bin/env bash
# Build time of digitalocean-client against progenitor's client for the same spec, in one run.
#
#   scripts/compare-progenitor.sh [REPS] [COLD_REPS]      (defaults 7 and 2)
#
# Needs `cargo-progenitor` 0.15 on PATH (or PROGENITOR=/path/to/cargo-progenitor):
#   cargo install cargo-progenitor --version '~0.15' --locked --root /tmp/tools
#   PATH=/tmp/tools/bin:$PATH scripts/compare-progenitor.sh
# and python3 with PyYAML (to strip the `default` responses progenitor cannot take).
#
# It generates progenitor's crate from a copy of spec/digitalocean.yaml without the `default`
# responses, twice: the default interface (`positional`, tags merged) and `--interface builder
# --tags separate` (the shape of ours: a builder per operation, a group per tag). Nothing it
# generates is kept in the repository: everything goes to a scratch directory (WORK, default a
# new temporary one), which it removes unless KEEP=1.
#
# Then, with CARGO_INCREMENTAL=0, debug profile:
#   (a) the crate alone, its dependencies already built: `touch src/lib.rs; cargo build`, REPS
#       rounds, each round building every crate once in rotating order; medians of wall time and
#       of CPU time (user + sys of cargo and rustc);
#   (b) cold: a fresh target directory per build (registry sources already downloaded),
#       COLD_REPS rounds, alternating; medians.
# Ratios are ours / progenitor's. The machine may be shared: compare ratios, not seconds.
set -euo pipefail

REPS=${1:-7}
COLD_REPS=${2:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROGENITOR=${PROGENITOR:-cargo-progenitor}
WORK=${WORK:-$(mktemp -d /tmp/compare-progenitor.XXXXXX)}
mkdir -p "$WORK"
export CARGO_INCREMENTAL=0

command -v "$PROGENITOR" >/dev/null || {
    echo "error: $PROGENITOR not found; install cargo-progenitor 0.15 (see the top of $0)" >&2
    exit 1
}
# cargo-progenitor has no --version (-v is the generated crate's version); its generated
# Cargo.toml names the progenitor-client it belongs with, checked below.
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

python3 "$ROOT/scripts/strip_default_responses.py" "$ROOT/spec/digitalocean.yaml" "$WORK/spec.yaml"

generate() { # NAME ARGS...
    local name=$1
    shift
    rm -rf "${WORK:?}/$name"
    "$PROGENITOR" progenitor -i "$WORK/spec.yaml" -o "$WORK/$name" -n "$name" -v 0.1.0 "$@" >/dev/null
    # Outside our workspace: a workspace of its own, so cargo does not look further up.
    printf '\n[workspace]\n' >>"$WORK/$name/Cargo.toml"
}
generate progenitor-positional
generate progenitor-builder --interface builder --tags separate
grep -q '^progenitor-client = "0\.15\.' "$WORK/progenitor-positional/Cargo.toml" || {
    echo "error: $PROGENITOR is not cargo-progenitor 0.15:" >&2
    grep progenitor-client "$WORK/progenitor-positional/Cargo.toml" >&2
    exit 1
}

# name -> manifest, lib.rs to touch, extra cargo arguments
declare -A MANIFEST LIB ARGS
MANIFEST[ours]=$ROOT/Cargo.toml
LIB[ours]=$ROOT/generated/src/lib.rs
ARGS[ours]="-p digitalocean-client"
for p in progenitor-positional progenitor-builder; do
    MANIFEST[$p]=$WORK/$p/Cargo.toml
    LIB[$p]=$WORK/$p/src/lib.rs
    ARGS[$p]=""
done
CRATES=(ours progenitor-positional progenitor-builder)

echo "lines of generated code (wc -l):"
echo "  ours (generated/src/auto):       $(cat "$ROOT"/generated/src/auto/*.rs | wc -l) (+ runtime $(cat "$ROOT"/runtime/src/*.rs | wc -l))"
rm -f "$WORK"/alone-* "$WORK"/cold-*
for p in progenitor-positional progenitor-builder; do
    printf '  %-32s %s\n' "$p (src/*.rs):" "$(cat "$WORK/$p"/src/*.rs | wc -l)"
done

# build NAME TARGET_DIR -> prints "wall cpu" in seconds
build() {
    local name=$1 target=$2
    # shellcheck disable=SC2086
    /usr/bin/time -o "$WORK/time.out" -f '%e %U %S' cargo build --quiet \
        --manifest-path "${MANIFEST[$name]}" ${ARGS[$name]} --target-dir "$target" \
        >/dev/null 2>"$WORK/build.log" || {
        cat "$WORK/build.log" >&2
        echo "error: building $name failed" >&2
        exit 1
    }
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$WORK/time.out"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

report() { # KIND
    local kind=$1
    printf '%-8s %-24s %9s %9s %9s %9s\n' "$kind" crate "wall s" "cpu s" "ours/it" "ours/it"
    local ow oc
    ow=$(median <"$WORK/$kind-ours.wall")
    oc=$(median <"$WORK/$kind-ours.cpu")
    for c in "${CRATES[@]}"; do
        local w u
        w=$(median <"$WORK/$kind-$c.wall")
        u=$(median <"$WORK/$kind-$c.cpu")
        printf '%-8s %-24s %9.2f %9.2f %9s %9s\n' "$kind" "$c" "$w" "$u" \
            "$(awk -v a="$ow" -v b="$w" 'BEGIN { printf "%.3f", a / b }')" \
            "$(awk -v a="$oc" -v b="$u" 'BEGIN { printf "%.3f", a / b }')"
    done
    echo "(ours/it: our time divided by that crate's, wall then CPU; below 1: ours builds faster)"
}

# (a) the crate alone, dependencies built.
echo
echo "warming up (dependencies of every crate, shared target directories) ..."
for c in "${CRATES[@]}"; do
    build "$c" "$WORK/target-$c" >/dev/null
done
for ((round = 0; round < REPS; round++)); do
    n=${#CRATES[@]}
    for ((i = 0; i < n; i++)); do
        c=${CRATES[$(((i + round) % n))]}
        touch "${LIB[$c]}"
        read -r w u <<<"$(build "$c" "$WORK/target-$c")"
        echo "$w" >>"$WORK/alone-$c.wall"
        echo "$u" >>"$WORK/alone-$c.cpu"
        echo "  alone round $((round + 1)) $c: ${w}s wall ${u}s cpu"
    done
done

# (b) cold builds, each in a fresh target directory.
for ((round = 0; round < COLD_REPS; round++)); do
    n=${#CRATES[@]}
    for ((i = 0; i < n; i++)); do
        c=${CRATES[$(((i + round) % n))]}
        rm -rf "$WORK/cold"
        read -r w u <<<"$(build "$c" "$WORK/cold")"
        echo "$w" >>"$WORK/cold-$c.wall"
        echo "$u" >>"$WORK/cold-$c.cpu"
        echo "  cold round $((round + 1)) $c: ${w}s wall ${u}s cpu"
    done
done
rm -rf "$WORK/cold"

echo
echo "medians, CARGO_INCREMENTAL=0, debug, $REPS rounds alone, $COLD_REPS rounds cold:"
report alone
if ((COLD_REPS > 0)); then report cold; fi
