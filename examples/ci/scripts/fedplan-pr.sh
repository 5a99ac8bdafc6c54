#!/usr/bin/env bash
# The pull/merge request job: `fedplan fmt -check`, `validate`, then `plan -out` against the
# shared backend, signed with the CI signing key; the markdown plan (or the step that failed)
# goes to the request as one comment updated in place. The saved plan is left at
# $FEDPLAN_PLAN_FILE for the CI to keep as an artifact. Exits non-zero when a step fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if [ -z "${FEDPLAN_PLAN_SIGNING_KEY:-}${FEDPLAN_PLAN_SIGNING_KEY_FILE:-}" ]; then
  die "no signing key: set FEDPLAN_PLAN_SIGNING_KEY (the PEM of an Ed25519 private key) from a CI secret"
fi
plan_file=$(cd "$(dirname "$FEDPLAN_PLAN_FILE")" && pwd)/$(basename "$FEDPLAN_PLAN_FILE")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
title="### fedplan: \`$FEDPLAN_DIR\` (workspace \`$FEDPLAN_WORKSPACE_NAME\`)"

# comment_failure STEP OUTPUT_FILE: the comment says which step failed and shows its output.
comment_failure() {
  {
    echo "$title"
    echo
    echo "**\`$1\` failed** at ${FEDPLAN_CI_COMMIT:-this commit}; nothing was planned."
    echo
    echo '```'
    cat "$2"
    echo '```'
  } >"$work/comment.md"
  "$here/fedplan-comment.sh" "$work/comment.md"
}

cd "$FEDPLAN_DIR"
rm -f "$plan_file"
if ! "$FEDPLAN" fmt -check -diff -recursive . >"$work/fmt.out" 2>&1; then
  cat "$work/fmt.out" >&2
  comment_failure "fedplan fmt -check" "$work/fmt.out"
  exit 1
fi
if ! "$FEDPLAN" validate -no-color . >"$work/validate.out" 2>&1; then
  cat "$work/validate.out" >&2
  comment_failure "fedplan validate" "$work/validate.out"
  exit 1
fi
# -detailed-exitcode: 0 no changes, 2 changes, 1 an error.
rc=0
"$FEDPLAN" plan -no-color -lock-timeout "${FEDPLAN_CI_LOCK_TIMEOUT:-60s}" "${backend_args[@]}" \
  -out "$plan_file" -format markdown -detailed-exitcode . >"$work/plan.md" 2>"$work/plan.err" || rc=$?
cat "$work/plan.err" >&2
if [ "$rc" = 1 ]; then
  cat "$work/plan.md" >>"$work/plan.err"
  comment_failure "fedplan plan" "$work/plan.err"
  exit 1
fi
signer=$("$FEDPLAN" show -no-color "$plan_file" | sed -n '1s/^Signed by key \(SHA256:[0-9a-f]*\).*/\1/p')
{
  echo "$title"
  echo
  cat "$work/plan.md"
  echo
  echo "Saved as the plan artifact of ${FEDPLAN_CI_COMMIT:-this commit}, signed by key \`$signer\`; merging applies exactly this plan."
} >"$work/comment.md"
"$here/fedplan-comment.sh" "$work/comment.md"
echo "fedplan-ci: plan saved to $plan_file (changes: $([ "$rc" = 2 ] && echo yes || echo no))"
