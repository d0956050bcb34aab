#!/usr/bin/env python3
"""Validate every vectors/*.json against vectors/schema/ and check the corpus invariants.

Checks, per file:
  * the topic schema (JSON Schema draft 2020-12) accepts the file; `format: eip55-address` is asserted;
  * the file is named <topic>.json and names <topic>.schema.json;
  * numberOfTests equals the real number of tests;
  * every flag a test uses is defined in `notes`, and every note is used;
  * test ids are unique across the whole corpus;
  * eip712: a test whose result is valid and that carries a signature recovers to its signer.
Also: every schema in vectors/schema/ is itself a valid 2020-12 schema.

Usage: check_vectors.py [VECTORS_DIR] [--self-test]   (default: the vectors/ directory two levels up)
With --self-test it instead applies known-bad mutations to the files and checks that every one is reported.
Exit status: 0 when everything holds, 1 otherwise. Prints `N passed, N failed` (one per file) at the end.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
from eth_utils import is_checksum_address
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve().parent


def load_registry(schema_dir: Path) -> tuple[Registry, dict[str, dict]]:
    schemas: dict[str, dict] = {}
    resources = []
    for path in sorted(schema_dir.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[path.name] = schema
        resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012)))
    return Registry().with_resources(resources), schemas


FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("eip55-address")
def _eip55(value: object) -> bool:
    # Only strings reach here through the schema; a non-checksummed address fails.
    return not isinstance(value, str) or is_checksum_address(value)


def check_file(path: Path, registry: Registry, schemas: dict[str, dict], seen_ids: dict[str, str]) -> list[str]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"cannot read JSON: {exc}"]
    return check_doc(path.name, doc, registry, schemas, seen_ids)


def check_doc(file_name: str, doc: object, registry: Registry, schemas: dict[str, dict], seen_ids: dict[str, str]) -> list[str]:
    errors: list[str] = []
    if not isinstance(doc, dict):
        return ["top level is not an object"]
    topic = doc.get("topic")
    schema_name = f"{topic}.schema.json"
    if file_name != f"{topic}.json":
        errors.append(f"file name must be {topic}.json for topic {topic!r}")
    if doc.get("schema") != schema_name or schema_name not in schemas:
        return errors + [f"unknown topic {topic!r} or schema {doc.get('schema')!r}"]
    validator = jsonschema.Draft202012Validator(schemas[schema_name], registry=registry, format_checker=FORMATS)
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/" + "/".join(str(p) for p in err.absolute_path)
        errors.append(f"schema: at {where}: {err.message[:300]}")
    dispatch = schemas.get("vector-file.schema.json")
    if dispatch is not None and not errors:
        disp = jsonschema.Draft202012Validator(dispatch, registry=registry, format_checker=FORMATS)
        errors.extend(f"vector-file.schema.json: {e.message[:300]}" for e in disp.iter_errors(doc))
    if errors:
        return errors

    tests = [t for g in doc["testGroups"] for t in g["tests"]]
    if doc["numberOfTests"] != len(tests):
        errors.append(f"numberOfTests is {doc['numberOfTests']} but the file has {len(tests)} tests")
    notes = set(doc["notes"])
    used: set[str] = set()
    for t in tests:
        tid = t["id"]
        if tid in seen_ids:
            errors.append(f"duplicate test id {tid} (also in {seen_ids[tid]})")
        seen_ids[tid] = file_name
        for flag in t.get("flags", []):
            used.add(flag)
            if flag not in notes:
                errors.append(f"{tid}: flag {flag} is not defined in notes")
        if topic == "eip712" and t["result"] == "valid" and "signature" in t:
            if t.get("recoveredSigner") != t["signer"]:
                errors.append(f"{tid}: valid but recoveredSigner {t.get('recoveredSigner')} != signer {t['signer']}")
    for unused in sorted(notes - used):
        errors.append(f"note {unused} is defined but no test uses it")
    return errors


def _tests(doc: dict) -> list[dict]:
    return [t for g in doc["testGroups"] for t in g["tests"]]


def _first(doc: dict, **match) -> dict:
    for t in _tests(doc):
        if all(t.get(k) == v for k, v in match.items()):
            return t
    raise LookupError(f"no test with {match}")


def _mutations() -> list[tuple[str, str, object]]:
    """(file, what, mutate(doc)) triples; every mutated document MUST be rejected."""

    def set_(path_fn, key, value):
        def apply(doc):
            path_fn(doc)[key] = value
        return apply

    def drop(path_fn, key):
        def apply(doc):
            path_fn(doc).pop(key)
        return apply

    inv = lambda d: _first(d, result="invalid")  # noqa: E731
    val = lambda d: _first(d, result="valid")  # noqa: E731
    acc = lambda d: _first(d, result="acceptable")  # noqa: E731
    return [
        ("headers.json", "unknown top-level property", set_(lambda d: d, "extra", 1)),
        ("headers.json", "unknown test property", set_(val, "bogus", True)),
        ("headers.json", "id outside the topic prefix", set_(val, "id", "header/x")),
        ("headers.json", "acceptable test without flags", drop(acc, "flags")),
        ("headers.json", "invalid test without reason", drop(inv, "reason")),
        ("headers.json", "valid test with a reason", set_(val, "reason", "empty")),
        ("headers.json", "reason outside the vocabulary", set_(inv, "reason", "nonsense")),
        ("headers.json", "wrong formatVersion", set_(lambda d: d, "formatVersion", "2.0")),
        ("eip712.json", "signer not EIP-55", lambda d: val(d).__setitem__("signer", val(d)["signer"].lower())),
        ("eip712.json", "upper-case hex digest", (lambda d: val(d).__setitem__("digest", val(d)["digest"].upper().replace("0X", "0x")))),
        ("eip712.json", "numberOfTests off by one", (lambda d: d.__setitem__("numberOfTests", d["numberOfTests"] + 1))),
        ("eip712.json", "duplicate test id", (lambda d: d["testGroups"][0]["tests"].append(dict(d["testGroups"][0]["tests"][0])))),
        ("eip712.json", "undefined flag", (lambda d: val(d).__setitem__("flags", ["NoSuchFlag"]))),
        ("eip712.json", "unused note", (lambda d: d["notes"].__setitem__("Unused", {"bugType": "BASIC", "description": "x"}))),
        ("eip712.json", "valid test whose recovered signer is not the signer", (lambda d: val(d).__setitem__("recoveredSigner", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"))),
        ("eip712.json", "bugType outside the vocabulary", (lambda d: next(iter(d["notes"].values())).__setitem__("bugType", "OOPS"))),
        ("wire.json", "both document and documentText", (lambda d: val(d).__setitem__("documentText", "{}"))),
        ("wire.json", "invalid test without errorPath", drop(inv, "errorPath")),
        ("wire.json", "errorPath that is not a JSON Pointer", set_(inv, "errorPath", "accepted.amount")),
        ("verify.json", "uint256AtLeast check without value", (lambda d: val(d)["expected"]["onChainChecks"][1]["expect"].pop("value"))),
        ("verify.json", "invalid test with expected", (lambda d: inv(d).__setitem__("expected", {"payer": "x", "onChainChecks": []}))),
        ("verify.json", "now as a string", set_(val, "now", "1740672100")),
        ("matching.json", "negative index", (lambda d: val(d)["expected"].__setitem__("index", -1))),
        ("primitives.json", "caip2 expected without solanaCluster", (lambda d: _first(d, id="primitives/caip2/base")["expected"].pop("solanaCluster"))),
        ("primitives.json", "amount expected with a leading zero", (lambda d: _first(d, id="primitives/amount/ten-thousand")["expected"].__setitem__("value", "010000"))),
        ("settlement.json", "rawTransaction call without rawTransaction", (lambda d: val(d)["expected"]["calls"][0].__setitem__("kind", "rawTransaction"))),
    ]


def self_test(vectors_dir: Path, registry: Registry, schemas: dict[str, dict]) -> int:
    """Prove the schemas and invariants are strict: each mutation of a corpus file must be reported."""
    import copy

    passed = failed = 0
    originals = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in vectors_dir.glob("*.json")}
    for file_name, what, mutate in _mutations():
        if file_name not in originals:
            print(f"skip {file_name}: {what} (file absent)")
            continue
        doc = copy.deepcopy(originals[file_name])
        try:
            mutate(doc)
        except (LookupError, IndexError, KeyError) as exc:
            print(f"skip {file_name}: {what} (no test to mutate: {exc})")
            continue
        errors = check_doc(file_name, doc, registry, schemas, {})
        if errors:
            passed += 1
            print(f"ok   rejected {file_name}: {what}")
        else:
            failed += 1
            print(f"FAIL accepted {file_name}: {what}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    vectors_dir = Path(args[0]) if args else HERE.parent.parent
    schema_dir = vectors_dir / "schema"
    try:
        registry, schemas = load_registry(schema_dir)
    except (OSError, json.JSONDecodeError, jsonschema.SchemaError, KeyError) as exc:
        print(f"FAIL schemas in {schema_dir}: {exc}")
        print("0 passed, 1 failed")
        return 1
    if "--self-test" in argv:
        return self_test(vectors_dir, registry, schemas)
    files = sorted(vectors_dir.glob("*.json"))
    if not files:
        print(f"FAIL no vector files in {vectors_dir}")
        print("0 passed, 1 failed")
        return 1
    seen_ids: dict[str, str] = {}
    passed = failed = 0
    for path in files:
        errors = check_file(path, registry, schemas, seen_ids)
        if errors:
            failed += 1
            print(f"FAIL {path.name}")
            for e in errors[:50]:
                print(f"  - {e}")
            if len(errors) > 50:
                print(f"  ... and {len(errors) - 50} more")
        else:
            passed += 1
            doc = json.loads(path.read_text(encoding="utf-8"))
            print(f"ok   {path.name}: {doc['numberOfTests']} tests, {len(doc['notes'])} notes")
    print(f"schemas checked: {len(schemas)}; test ids: {len(seen_ids)}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
