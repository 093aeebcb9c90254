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
# Ours is built the way a downstream user builds it: `runtime/` and `generated/` are copied into
# the scratch directory under a workspace manifest of their own (the root Cargo.toml's
# [workspace.package], [workspace.dependencies] and [workspace.lints], none of its [profile]
# sections, so cargo's default dev profile applies, as it does to progenitor's crates), with this
# workspace's Cargo.lock, so the dependency versions are the same ones and the builds run with
# `--locked --offline`. Variants:
#   ours          digitalocean-client, default features (TLS: rustls + ring + platform verifier);
#   ours-notls    the same with --no-default-features: no TLS (plain http), as progenitor's
#                 crate, which has no TLS at all;
#   ours-ws       default features, built inside this workspace with its dev profile (which
#                 optimises syn, serde_json, ... for the generator): what `cargo build -p
#                 digitalocean-client` costs here, not what a user pays.
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

# Ours outside this workspace: the two crates, and a workspace manifest without [profile].
rm -rf "${WORK:?}/ours"
mkdir "$WORK/ours"
cp -R "$ROOT/runtime" "$ROOT/generated" "$WORK/ours/"
rm -rf "$WORK/ours/runtime/target" "$WORK/ours/generated/target"
awk '
    /^\[profile/ { exit }
    /^members *=/ { print "members = [\"runtime\", \"generated\"]"; next }
    /^default-members *=/ { next }
    { print }
' "$ROOT/Cargo.toml" >"$WORK/ours/Cargo.toml"
if grep -q '^\[profile' "$WORK/ours/Cargo.toml"; then
    echo "error: a [profile] section got into $WORK/ours/Cargo.toml" >&2
    exit 1
fi
cp "$ROOT/Cargo.lock" "$WORK/ours/Cargo.lock"
# Cargo drops the lock entries of the members left behind (codegen, xtask, tests); nothing else
# may change: every package left must be locked at the version this workspace locks.
cargo metadata --quiet --offline --format-version 1 --manifest-path "$WORK/ours/Cargo.toml" >/dev/null
lock_pairs() { awk '/^name = / { n = $3 } /^version = / { print n, $3 }' "$1" | sort -u; }
if [ -n "$(comm -23 <(lock_pairs "$WORK/ours/Cargo.lock") <(lock_pairs "$ROOT/Cargo.lock"))" ]; then
    echo "error: the standalone copy resolved versions this workspace's Cargo.lock does not lock:" >&2
    comm -23 <(lock_pairs "$WORK/ours/Cargo.lock") <(lock_pairs "$ROOT/Cargo.lock") >&2
    exit 1
fi

# name -> manifest, lib.rs to touch, extra cargo arguments
declare -A MANIFEST LIB ARGS
MANIFEST[ours]=$WORK/ours/Cargo.toml
LIB[ours]=$WORK/ours/generated/src/lib.rs
ARGS[ours]="-p digitalocean-client --locked --offline"
MANIFEST[ours-notls]=$WORK/ours/Cargo.toml
LIB[ours-notls]=$WORK/ours/generated/src/lib.rs
ARGS[ours-notls]="-p digitalocean-client --no-default-features --locked --offline"
MANIFEST[ours-ws]=$ROOT/Cargo.toml
LIB[ours-ws]=$ROOT/generated/src/lib.rs
ARGS[ours-ws]="-p digitalocean-client"
for p in progenitor-positional progenitor-builder; do
    MANIFEST[$p]=$WORK/$p/Cargo.toml
    LIB[$p]=$WORK/$p/src/lib.rs
    ARGS[$p]=""
done
OURS=(ours ours-notls ours-ws)
PROGENITOR=(progenitor-positional progenitor-builder)
CRATES=("${OURS[@]}" "${PROGENITOR[@]}")

# The packages each build compiles (normal and build dependencies, proc macros included).
packages() { # NAME
    # shellcheck disable=SC2086
    cargo tree --quiet --manifest-path "${MANIFEST[$1]}" ${ARGS[$1]} -e normal,build --prefix none |
        sed 's/ (.*//' | sort -u
}
if packages ours-notls | grep -E '^(rustls|ring|aws-lc|native-tls|openssl|hyper-rustls|tokio-rustls) '; then
    echo "error: ours-notls still builds a TLS stack (above)" >&2
    exit 1
fi
echo "packages compiled (cargo tree -e normal,build, distinct):"
for c in "${CRATES[@]}"; do
    printf '  %-24s %s\n' "$c" "$(packages "$c" | wc -l)"
done
echo "  in ours, not in progenitor-builder: $(comm -23 <(packages ours | cut -d' ' -f1 | sort -u) \
    <(packages progenitor-builder | cut -d' ' -f1 | sort -u) | tr '\n' ' ')"
echo "  in ours-notls, not in progenitor-builder: $(comm -23 <(packages ours-notls | cut -d' ' -f1 | sort -u) \
    <(packages progenitor-builder | cut -d' ' -f1 | sort -u) | tr '\n' ' ')"
echo "  in progenitor-builder, not in ours: $(comm -13 <(packages ours | cut -d' ' -f1 | sort -u) \
    <(packages progenitor-builder | cut -d' ' -f1 | sort -u) | tr '\n' ' ')"

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
    local kind=$1 c o p
    declare -A W U
    printf '%-6s %-24s %9s %9s\n' "$kind" crate "wall s" "cpu s"
    for c in "${CRATES[@]}"; do
        W[$c]=$(median <"$WORK/$kind-$c.wall")
        U[$c]=$(median <"$WORK/$kind-$c.cpu")
        printf '%-6s %-24s %9.2f %9.2f\n' "$kind" "$c" "${W[$c]}" "${U[$c]}"
    done
    printf '%-6s %-48s %7s %7s\n' "$kind" ratio wall cpu
    for o in "${OURS[@]}"; do
        for p in "${PROGENITOR[@]}"; do
            printf '%-6s %-48s %7s %7s\n' "$kind" "$o / $p" \
                "$(awk -v a="${W[$o]}" -v b="${W[$p]}" 'BEGIN { printf "%.3f", a / b }')" \
                "$(awk -v a="${U[$o]}" -v b="${U[$p]}" 'BEGIN { printf "%.3f", a / b }')"
        done
    done
    echo "(ratios of medians; below 1: ours builds faster)"
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
