#!/usr/bin/env python3
"""Checks of fedplan's machine-readable outputs for ui_json_test.sh.

ui_json_check.py CHECK FILE [ARGS...]; exits 1 with the reasons when the check fails.
"""
import json
import sys

COMMON = {"@level", "@message", "@module", "@timestamp", "type"}
KNOWN_ABSENT = set()  # terraform's keys fedplan's messages may lack: none


def lines(path):
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            try:
                m = json.loads(line)
            except ValueError as e:
                sys.exit(f"{path}:{n}: not JSON ({e}): {line!r}")
            missing = COMMON - m.keys()
            if missing:
                sys.exit(f"{path}:{n}: missing {sorted(missing)}")
            out.append(m)
    return out


def fail(errors):
    for e in errors:
        print("FAIL:", e)
    sys.exit(1 if errors else 0)


def sequence(path, *want):
    ms = lines(path)
    got = [m["type"] for m in ms]
    errors = [] if got == list(want) else [f"types {got}, wanted {list(want)}"]
    errors += [f"@module {m['@module']}" for m in ms if m["@module"] != "fedplan.ui"]
    fail(errors)


def applied(path, count):
    """The plan's messages, then for each of `count` objects apply_start before its
    apply_complete (objects apply in parallel, so they interleave), then the summary."""
    ms = lines(path)
    types = [m["type"] for m in ms]
    n = int(count)
    head = ["version"] + ["planned_change"] * n + ["change_summary", "outputs"]
    errors = []
    if types[: len(head)] != head or types[-2:] != ["change_summary", "outputs"]:
        errors.append(f"types {types}")
    started, completed = [], []
    for m in ms[len(head) : -2]:
        addr = m.get("hook", {}).get("resource", {}).get("addr")
        if m["type"] == "apply_start" and addr not in started:
            started.append(addr)
        elif m["type"] == "apply_complete" and addr in started and addr not in completed:
            completed.append(addr)
        else:
            errors.append(f"out of order: {m['type']} of {addr}")
    if len(started) != n or sorted(started) != sorted(completed):
        errors.append(f"started {started}, completed {completed}")
    fail(errors)


def apply_outputs(path):
    out = [m for m in lines(path) if m["type"] == "outputs"][-1]["outputs"]
    errors = []
    if out.get("name") != {"sensitive": False, "type": "string", "value": "hello"}:
        errors.append(f"name: {out.get('name')}")
    if out.get("list", {}).get("type") != ["tuple", ["string", "string"]]:
        errors.append(f"list: {out.get('list')}")
    if out.get("pw") != {"sensitive": True, "type": "string"}:
        errors.append(f"pw: {out.get('pw')}")
    fail(errors)


def state(path):
    doc = json.load(open(path))
    errors = []
    for key, want in (("format_version", "1.0"),):
        if doc.get(key) != want:
            errors.append(f"{key}: {doc.get(key)}")
    for key in ("terraform_version", "fedplan_version"):
        if not isinstance(doc.get(key), str):
            errors.append(f"no {key}")
    res = {r["address"]: r for r in doc["values"]["root_module"]["resources"]}
    if sorted(res) != ["local_file.f", "null_resource.a", "null_resource.b[0]"]:
        errors.append(f"resources {sorted(res)}")
    b = res.get("null_resource.b[0]", {})
    if b.get("index") != 0 or b.get("provider_name") != "null" or b.get("mode") != "managed":
        errors.append(f"null_resource.b[0] keys: {b}")
    if b.get("sensitive_values", {}).get("input") != {"pw": True}:
        errors.append(f"null_resource.b[0] sensitive_values: {b.get('sensitive_values')}")
    if b.get("values", {}).get("input", {}).get("x") != "hello":
        errors.append(f"null_resource.b[0] values: {b.get('values')}")
    outs = doc["values"]["outputs"]
    if outs.get("pw") != {"sensitive": True, "type": "string"}:
        errors.append(f"outputs.pw: {outs.get('pw')}")
    fail(errors)


def outputs(path):
    doc = json.load(open(path))
    want = {
        "list": {"sensitive": False, "type": ["tuple", ["string", "string"]], "value": ["a", "b"]},
        "name": {"sensitive": False, "type": "string", "value": "hello"},
        "pw": {"sensitive": True, "type": "string", "value": "s3cret-value"},
    }
    fail([] if doc == want else [f"got {doc}"])


def failed(path):
    ms = lines(path)
    types = [m["type"] for m in ms]
    errors = []
    for t in ("apply_start", "apply_errored", "diagnostic"):
        if t not in types:
            errors.append(f"no {t} in {types}")
    if "change_summary" in types[types.index("apply_start") if "apply_start" in types else 0:]:
        errors.append("a change_summary after a failed apply")
    err = [m for m in ms if m["type"] == "apply_errored"]
    if err and (err[0]["@level"] != "error" or err[0]["hook"]["resource"]["addr"] != "local_file.f"):
        errors.append(f"apply_errored: {err[0]}")
    diag = [m for m in ms if m["type"] == "diagnostic"]
    if diag and diag[0]["diagnostic"]["severity"] != "error":
        errors.append(f"diagnostic: {diag[0]}")
    fail(errors)


def validate(path, want):
    doc = json.load(open(path))
    errors = []
    if doc.get("format_version") != "1.0":
        errors.append(f"format_version {doc.get('format_version')}")
    if doc.get("valid") != (want == "valid"):
        errors.append(f"valid {doc.get('valid')}")
    if want == "valid" and (doc["error_count"], doc["diagnostics"]) != (0, []):
        errors.append(f"diagnostics {doc['diagnostics']}")
    if want == "invalid":
        d = doc["diagnostics"][0] if doc["diagnostics"] else {}
        r = d.get("range", {})
        if doc["error_count"] < 1 or r.get("filename", "").split("/")[-1] != "bad.fed.hcl":
            errors.append(f"diagnostics {doc['diagnostics']}")
        for side in ("start", "end"):
            if set(r.get(side, {})) != {"line", "column", "byte"}:
                errors.append(f"range.{side} {r.get(side)}")
    fail(errors)


def shape(path):
    """Per message type, the keys of the message and of its hook/change/resource/outputs."""
    out = {}
    for m in lines(path):
        keys = out.setdefault(m["type"], set())
        keys.update(k for k in m if not k.startswith("@"))
        for part in ("hook", "change", "changes", "diagnostic"):
            if isinstance(m.get(part), dict):
                keys.update(f"{part}.{k}" for k in m[part])
                if isinstance(m[part].get("resource"), dict):
                    keys.update(f"{part}.resource.{k}" for k in m[part]["resource"])
        for name, o in (m.get("outputs") or {}).items():
            keys.update(f"outputs.{k}" for k in o)
    return out


def same_shape(ours, theirs):
    a, b = shape(ours), shape(theirs)
    errors = []
    if set(a) != set(b):
        errors.append(f"message types {sorted(a)}, terraform's {sorted(b)}")
    for t in sorted(set(a) & set(b)):
        missing = {k for k in b[t] - a[t] if k.split(".")[-1] not in KNOWN_ABSENT}
        if missing:
            errors.append(f"{t}: without terraform's keys {sorted(missing)}")
    fail(errors)


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
