#!/usr/bin/env python3
"""Vocabulary diff: every error-code string the deployed reference packages export, against
x402-spec's code table (docs/protocol/codes.md §3.8, docs/protocol/deployed.md).

Sources scanned:
  - @x402/core, @x402/evm, @x402/svm, @x402/extensions (the versions pinned in
    vectors/oracles/node/package.json), their dist/cjs/**/*.js: constants named Err*, ERR_* or
    *REASON* bound to a snake_case string, and invalidReason/errorReason properties set to a
    snake_case literal;
  - the x402 wheel (the version pinned in vectors/oracles/python/requirements.txt), **/*.py:
    ERR_* constants and invalid_reason/error_reason keywords set to a snake_case literal.

Each code is then "table" (a spelling of the table, printed by `x402-spec codes`), "explained"
(a row of vocabulary-explained.tsv matches it: code glob, source glob, reason), or UNEXPLAINED.
Exit status 1 when any code is unexplained, 2 on a usage error.

Usage: vocabulary.py TABLE_TSV NODE_MODULES PY_PACKAGE_DIR [--list]
"""
import fnmatch
import os
import re
import sys

SNAKE = r"[a-z][a-z0-9_]*"
JS_CONST = re.compile(
    r"\b(?:var|const|let)\s+(Err[A-Za-z0-9_]*|ERR_[A-Z0-9_]*|[A-Z0-9_]*REASON[A-Z0-9_]*)\s*=\s*\"(" + SNAKE + r")\""
)
JS_PROP = re.compile(r"\b(?:invalidReason|errorReason)\s*:\s*\"(" + SNAKE + r")\"")
PY_CONST = re.compile(r"^\s*(ERR_[A-Z0-9_]+)\s*(?::\s*[A-Za-z_\[\]]+\s*)?=\s*\"(" + SNAKE + r")\"", re.M)
PY_KW = re.compile(r"\b(?:invalid_reason|error_reason)\s*=\s*\"(" + SNAKE + r")\"")
PACKAGES = ["core", "evm", "svm", "extensions"]


def scan_node(node_modules):
    found = {}
    for pkg in PACKAGES:
        root = os.path.join(node_modules, "@x402", pkg, "dist", "cjs")
        if not os.path.isdir(root):
            raise SystemExit(f"vocabulary: {root} is missing (npm ci in vectors/oracles/node)")
        for dirpath, _, files in os.walk(root):
            for name in files:
                if not name.endswith(".js"):
                    continue
                path = os.path.join(dirpath, name)
                rel = "@x402/" + pkg + "/" + os.path.relpath(path, os.path.join(node_modules, "@x402", pkg))
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for m in JS_CONST.finditer(text):
                    found.setdefault(m.group(2), set()).add(rel)
                for m in JS_PROP.finditer(text):
                    found.setdefault(m.group(1), set()).add(rel)
    return found


def scan_python(package_dir):
    found = {}
    if not os.path.isdir(package_dir):
        raise SystemExit(f"vocabulary: {package_dir} is missing (the oracle venv's x402 package)")
    for dirpath, _, files in os.walk(package_dir):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            rel = "x402/" + os.path.relpath(path, package_dir)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for m in PY_CONST.finditer(text):
                found.setdefault(m.group(2), set()).add(rel)
            for m in PY_KW.finditer(text):
                found.setdefault(m.group(1), set()).add(rel)
    return found


def read_table(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                table[parts[0]] = parts[1]
    return table


def read_explained(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or not all(parts):
                raise SystemExit(f"vocabulary: {path}:{n}: want CODE_GLOB<TAB>SOURCE_GLOB<TAB>REASON")
            rows.append(tuple(parts))
    return rows


def explain(code, sources, rows):
    for code_glob, source_glob, reason in rows:
        if fnmatch.fnmatchcase(code, code_glob) and all(
            fnmatch.fnmatchcase(s, source_glob) for s in sources
        ):
            return reason
    return None


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    table = read_table(argv[1])
    rows = read_explained(os.path.join(os.path.dirname(os.path.abspath(__file__)), "vocabulary-explained.tsv"))
    found = scan_node(argv[2])
    for code, srcs in scan_python(argv[3]).items():
        found.setdefault(code, set()).update(srcs)
    listing = "--list" in argv
    counts = {"table": 0, "explained": 0, "unexplained": 0}
    used_rows = set()
    for code in sorted(found):
        sources = sorted(found[code])
        if code in table:
            counts["table"] += 1
            status = f"table ({table[code]})"
        else:
            reason = explain(code, sources, rows)
            if reason is None:
                counts["unexplained"] += 1
                status = "UNEXPLAINED"
            else:
                counts["explained"] += 1
                used_rows.add(reason)
                status = f"explained: {reason}"
        if listing or status == "UNEXPLAINED":
            print(f"{code}\t{status}\t{', '.join(sources[:3])}{' …' if len(sources) > 3 else ''}")
    stale = [r for r in rows if r[2] not in used_rows]
    for code_glob, source_glob, _ in stale:
        print(f"note: explanation row {code_glob} / {source_glob} matches no code any more")
    print(
        f"vocabulary: {len(found)} codes in the packages: {counts['table']} in the table, "
        f"{counts['explained']} explained, {counts['unexplained']} unexplained"
    )
    return 1 if counts["unexplained"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
