#!/usr/bin/env python3
"""Merge the Security fragments into spec/digitalocean.yaml (transient tooling).

Replaces the line `  # @@SECURITY_PATHS@@` with spec/parts/security-paths.yaml and the line
`    # @@SECURITY_SCHEMAS@@` with spec/parts/security-schemas.yaml, verbatim.

Usage: python3 spec/parts/merge.py [OUTPUT]   (no OUTPUT: print the merged document to stdout)
"""
import pathlib
import sys

PARTS = pathlib.Path(__file__).resolve().parent
SPEC = PARTS.parent / "digitalocean.yaml"
MARKERS = {
    "  # @@SECURITY_PATHS@@": PARTS / "security-paths.yaml",
    "    # @@SECURITY_SCHEMAS@@": PARTS / "security-schemas.yaml",
}


def merge() -> str:
    out = []
    seen = set()
    for line in SPEC.read_text(encoding="utf-8").splitlines(keepends=True):
        marker = line.rstrip("\r\n")
        if marker in MARKERS:
            if marker in seen:
                sys.exit(f"merge.py: marker {marker.strip()!r} appears twice")
            seen.add(marker)
            fragment = MARKERS[marker].read_text(encoding="utf-8")
            if fragment and not fragment.endswith("\n"):
                fragment += "\n"
            out.append(fragment)
        else:
            out.append(line)
    missing = set(MARKERS) - seen
    if missing:
        sys.exit(f"merge.py: markers not found: {sorted(m.strip() for m in missing)}")
    return "".join(out)


def main() -> None:
    merged = merge()
    if len(sys.argv) > 1:
        pathlib.Path(sys.argv[1]).write_text(merged, encoding="utf-8")
    else:
        sys.stdout.write(merged)


if __name__ == "__main__":
    main()
