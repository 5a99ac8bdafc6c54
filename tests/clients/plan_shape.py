#!/usr/bin/env python3
# Compares the SHAPE (key sets, nesting, JSON types of masks) of fedplan's plan JSON with
# Terraform's for the same small configuration: `plan_shape.py FEDPLAN.json TERRAFORM.json`.
# Keys Terraform writes that fedplan leaves out on purpose are listed; any other is a failure.
import json
import sys

# Terraform writes these and fedplan does not (docs/plan-output.md says why).
NOT_WRITTEN = {
    "configuration.root_module.resources[].expressions",
    "configuration.root_module.resources[].count_expression",
    "configuration.root_module.outputs",
    "configuration.root_module.variables",
}
# Maps keyed by names that differ between the two (provider configurations): their entries'
# shapes are compared, not their names.
KEYED_BY_NAME = {"configuration.provider_config"}
# Terraform lists here the attributes other resources refer to; fedplan only drifted ones, so
# with no drift its list is empty.
MAY_BE_EMPTY = {"relevant_attributes"}


def walk(path, ours, theirs, problems):
    if path in KEYED_BY_NAME and isinstance(theirs, dict) and isinstance(ours, dict):
        if theirs and not ours:
            problems.append(f"{path}: empty")
        elif theirs:
            walk(path + "{}", next(iter(ours.values())), next(iter(theirs.values())), problems)
        return
    if path in MAY_BE_EMPTY and ours == []:
        return
    if isinstance(theirs, dict):
        if not isinstance(ours, dict):
            problems.append(f"{path}: Terraform has an object, fedplan {type(ours).__name__}")
            return
        for k, v in theirs.items():
            sub = f"{path}.{k}" if path else k
            if sub in NOT_WRITTEN:
                continue
            if k not in ours:
                problems.append(f"{sub}: missing")
            elif k not in ("values", "before", "after", "value"):
                walk(sub, ours[k], v, problems)
    elif isinstance(theirs, list) and theirs and isinstance(theirs[0], dict):
        if not isinstance(ours, list) or not ours:
            problems.append(f"{path}: Terraform has a list of objects, fedplan {ours!r:.60}")
            return
        walk(path + "[]", ours[0], theirs[0], problems)


def main():
    ours = json.load(open(sys.argv[1]))
    theirs = json.load(open(sys.argv[2]))
    problems = []
    walk("", ours, theirs, problems)
    # Masks are nested objects wherever Terraform's are (a false here breaks Rego's walks).
    for rc_o, rc_t in zip(ours["resource_changes"], theirs["resource_changes"]):
        for mask in ("after_unknown", "after_sensitive"):
            if type(rc_o["change"][mask]) is not type(rc_t["change"][mask]):
                problems.append(f"{rc_o['address']}.change.{mask}: "
                                f"{rc_o['change'][mask]!r} where Terraform has {rc_t['change'][mask]!r}")
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


main()
