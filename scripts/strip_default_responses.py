#!/usr/bin/env python3
"""Copies an OpenAPI document without its operations' `default` responses.

progenitor 0.15 refuses an operation that documents a `default` response next to typed error
responses, so scripts/compare-progenitor.sh feeds it this copy of spec/digitalocean.yaml.

usage: strip_default_responses.py IN.yaml OUT.yaml
"""

import sys

import yaml

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    stripped = 0
    for path, item in (doc.get("paths") or {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.get("responses")
            if not isinstance(responses, dict):
                print(f"{source}: /paths/{path}/{method} has no responses", file=sys.stderr)
                return 1
            if responses.pop("default", None) is not None:
                stripped += 1
    with open(target, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, sort_keys=False, allow_unicode=True)
    print(f"stripped {stripped} default responses into {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
