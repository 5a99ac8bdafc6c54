#!/usr/bin/env python3
# Policy checks over fedplan's plan JSON, written the way conftest/OPA policies read
# `terraform show -json` (deny rules over resource_changes, planned_values, configuration).
# `plan_policies.py POLICY PLAN.json`: prints each denial, exits 1 when any fired.
import json
import sys


# deny[msg] { rc := input.resource_changes[_]; rc.change.actions[_] == "delete"; kind(rc) }
def deny_deletes_of_kind(plan, kind="local_file"):
    for rc in plan.get("resource_changes", []):
        before = rc["change"].get("before") or {}
        manifest_kind = (before.get("manifest") or {}).get("kind") if isinstance(before, dict) else None
        if "delete" in rc["change"]["actions"] and kind in (rc["type"], manifest_kind):
            yield f"{rc['address']}: deleting a {kind} needs a manual review"


# Every planned resource carries an owner label (here a `triggers.owner` of null_resource).
def require_owner_label(plan):
    def walk(module):
        for r in module.get("resources", []):
            yield r
        for child in module.get("child_modules", []):
            yield from walk(child)

    for r in walk(plan["planned_values"]["root_module"]):
        if r["type"] != "null_resource":
            continue
        labels = r["values"].get("triggers") or {}
        if "owner" not in labels:
            yield f"{r['address']}: missing the owner label"


# Only providers on the allow-list may be configured.
def allowed_providers(plan, allowed=("null",)):
    for key, pc in plan["configuration"]["provider_config"].items():
        if pc["name"] not in allowed:
            yield f"provider {key} ({pc['name']}) is not allowed"


POLICIES = {
    "deny_deletes_of_kind": deny_deletes_of_kind,
    "require_owner_label": require_owner_label,
    "allowed_providers": allowed_providers,
}

if __name__ == "__main__":
    with open(sys.argv[2]) as f:
        doc = json.load(f)
    denials = list(POLICIES[sys.argv[1]](doc))
    for d in denials:
        print(f"deny: {d}")
    sys.exit(1 if denials else 0)
