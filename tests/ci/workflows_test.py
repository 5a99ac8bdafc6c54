#!/usr/bin/env python3
"""The CI recipe's workflow files parse as YAML, name only scripts that exist and are
executable, and keep the recipe's shape: a plan job on requests that keeps plan.bin as an
artifact, an apply job on merge that applies it with a signature required.
`workflows_test.py SOURCE_DIR`; exits 77 (skip) without PyYAML."""
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("skipped: python3 yaml (PyYAML) is not installed")
    sys.exit(77)

src = sys.argv[1]
ci = os.path.join(src, "examples", "ci")
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif isinstance(node, str):
        yield node


for rel in ("github/fedplan.yml", "gitlab/.gitlab-ci.yml"):
    path = os.path.join(ci, rel)
    with open(path) as f:
        doc = yaml.safe_load(f)
    check(isinstance(doc, dict), f"{rel} parses as a YAML mapping")
    named = set()
    for s in strings(doc):
        named.update(re.findall(r"examples/ci/scripts/[\w.-]+", s))
    check(len(named) >= 3, f"{rel} calls the scripts ({', '.join(sorted(named))})")
    for script in sorted(named):
        full = os.path.join(src, script)
        check(os.path.isfile(full) and os.access(full, os.X_OK),
              f"{rel}: {script} exists and is executable")
    text = " ".join(strings(doc))
    check("fedplan-pr.sh" in text and "fedplan-apply.sh" in text,
          f"{rel} plans on requests and applies on merge")

gh = yaml.safe_load(open(os.path.join(ci, "github/fedplan.yml")))
jobs = gh["jobs"]
check(set(jobs) == {"fedplan-plan", "fedplan-apply"}, "the GitHub workflow has a plan and an apply job")
check(any(s.get("uses", "").startswith("actions/upload-artifact") for s in jobs["fedplan-plan"]["steps"]),
      "the GitHub plan job keeps the plan file as an artifact")
check("merged == true" in jobs["fedplan-apply"]["if"], "the GitHub apply job runs on merge only")
gl = yaml.safe_load(open(os.path.join(ci, "gitlab/.gitlab-ci.yml")))
check(gl["fedplan-plan"]["artifacts"]["paths"] == ["plan.bin"], "the GitLab plan job keeps plan.bin")
check("resource_group" in gl["fedplan-apply"], "GitLab applies one at a time")

apply_sh = open(os.path.join(ci, "scripts/fedplan-apply.sh")).read()
check("-require-signature -trusted-keys" in apply_sh, "the merge job requires a trusted signature")
for name in sorted(os.listdir(os.path.join(ci, "scripts"))):
    r = subprocess.run(["bash", "-n", os.path.join(ci, "scripts", name)], capture_output=True, text=True)
    check(r.returncode == 0, f"scripts/{name} is valid bash {r.stderr.strip()}")
sys.exit(1 if failures else 0)
