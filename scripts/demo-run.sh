#!/usr/bin/env bash
# The demo itself (scripts/demo.sh builds first): validate, plan, apply, a second plan that
# shows no changes, and destroy, on an example that needs no cluster. Leaves nothing behind.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fedplan="${FEDPLAN_BUILD_DIR:-$root/build}/engine/cli/fedplan"
work=$(mktemp -d /tmp/fedplan-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/getting-started/." "$work/"
cd "$work"

step() { printf '\n\033[1m==> %s\033[0m\n\n' "$*"; }

step "fedplan validate  (syntax, references, types; no contact with anything)"
"$fedplan" validate .
step "fedplan plan  (what apply would do)"
"$fedplan" plan .
step "fedplan apply -auto-approve"
"$fedplan" apply -auto-approve .
step "the files it rendered"
find rendered -type f | sort | while read -r f; do echo "--- $f"; cat "$f"; done
step "fedplan plan -detailed-exitcode  (a second plan: nothing to do, exit 0)"
"$fedplan" plan -detailed-exitcode .
step "fedplan state list"
"$fedplan" state list
step "fedplan destroy -auto-approve"
"$fedplan" destroy -auto-approve .
step "done: nothing left"
find . -name '*.yaml' | wc -l | xargs echo "rendered files left:"
