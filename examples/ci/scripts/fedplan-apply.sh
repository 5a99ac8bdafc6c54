#!/usr/bin/env bash
# The merge job: applies exactly the plan file the request's job saved, only when a trusted key
# signed it (-require-signature) and only when the state and configuration are still those it
# was made from (otherwise fedplan refuses it as stale). `fedplan-apply.sh [PLAN_FILE]`.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

plan_file=${1:-$FEDPLAN_PLAN_FILE}
[ -f "$plan_file" ] || die "no plan file at $plan_file: the request's plan artifact is missing"
plan_file=$(cd "$(dirname "$plan_file")" && pwd)/$(basename "$plan_file")
# The trusted public keys: FEDPLAN_PLAN_TRUSTED_KEYS names a file; FEDPLAN_CI_TRUSTED_KEYS holds
# the PEM text itself (a CI variable).
keys=${FEDPLAN_PLAN_TRUSTED_KEYS:-}
if [ -z "$keys" ]; then
  [ -n "${FEDPLAN_CI_TRUSTED_KEYS:-}" ] || die "no trusted keys: set FEDPLAN_CI_TRUSTED_KEYS (PEM public keys) or FEDPLAN_PLAN_TRUSTED_KEYS (a file)"
  keys=$(mktemp)
  trap 'rm -f "$keys"' EXIT
  printf '%s\n' "$FEDPLAN_CI_TRUSTED_KEYS" >"$keys"
fi

cd "$FEDPLAN_DIR"
"$FEDPLAN" apply -no-color -lock-timeout "${FEDPLAN_CI_LOCK_TIMEOUT:-60s}" "${backend_args[@]}" \
  -require-signature -trusted-keys "$keys" "$plan_file"
