#!/usr/bin/env bash
# fedplan's plan JSON read by what reads Terraform's: its shape against `terraform show -json` of
# the same small configuration (when terraform is installed), the npm consumer
# @ahmadnassri/terraform-unidiff (when installed in node/), and policy checks written as
# conftest/OPA policies read it, each shown to fire on a plan that breaks it.
# `plan_json_test.sh FEDPLAN_BIN`; exits 77 (skipped) without python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fedplan=$1
command -v python3 >/dev/null || { echo "skipped: python3 is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/fedplan-plan-json.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
check() {  # check NAME EXPECTED_EXIT COMMAND...: the command must exit as expected
  local name=$1 want=$2 got=0
  shift 2
  "$@" >"$work/out" 2>&1 || got=$?
  if [ "$got" = "$want" ]; then echo "ok: $name"; else
    echo "FAIL: $name (exit $got, wanted $want)"; cat "$work/out"; fail=1; fi
}

mkdir -p "$work/fp" "$work/tf"
cat >"$work/fp/main.fed.hcl" <<HCL
variable "pw" {
  type      = string
  sensitive = true
  default   = "s3cret-value"
}
resource "null_resource" "a" {
  triggers = { owner = "mesh-team" }
  input    = { name = "x", labels = { app = "a" }, pw = var.pw }
}
resource "null_resource" "b" {
  count    = 1
  triggers = { owner = "mesh-team" }
  input    = null_resource.a.id
}
HCL
(cd "$work/fp" && "$fedplan" plan -format json -var pw=s3cret-given . >"$work/plan.json")
check "the plan JSON holds no secret" 1 grep -q s3cret "$work/plan.json"

if command -v terraform >/dev/null; then
  cat >"$work/tf/main.tf" <<TF
variable "pw" {
  type      = string
  sensitive = true
  default   = "s3cret-value"
}
resource "terraform_data" "a" {
  input = { name = "x", labels = { app = "a" }, pw = var.pw }
}
resource "terraform_data" "b" {
  count = 1
  input = terraform_data.a.id
}
TF
  (cd "$work/tf" && export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 &&
    terraform init -input=false >/dev/null && terraform plan -input=false -var pw=s3cret-given -out=p.bin >/dev/null &&
    terraform show -json p.bin >"$work/terraform.json")
  check "the shape matches terraform show -json" 0 \
    python3 "$here/plan_shape.py" "$work/plan.json" "$work/terraform.json"
else
  echo "skipped: terraform is not installed (shape comparison)"
fi

unidiff="$here/node/node_modules/@ahmadnassri/terraform-unidiff/bin.js"
if command -v node >/dev/null && [ -f "$unidiff" ]; then
  check "terraform-unidiff reads the plan" 0 node "$unidiff" "$work/plan.json"
  grep -q "Plan: 2 to add, 0 to change, 0 to destroy" "$work/out" ||
    { echo "FAIL: terraform-unidiff summary"; cat "$work/out"; fail=1; }
else
  echo "skipped: @ahmadnassri/terraform-unidiff is not installed (scripts/deps.sh test)"
fi

policy() { python3 "$here/plan_policies.py" "$@"; }
for p in deny_deletes_of_kind require_owner_label allowed_providers; do
  check "$p passes a plan that keeps it" 0 policy "$p" "$work/plan.json"
done

# Each policy fires on a plan that breaks it.
cat >>"$work/fp/main.fed.hcl" <<HCL
resource "null_resource" "unlabelled" {}
resource "local_file" "f" {
  filename = "$work/fp/out.txt"
  content  = "x"
}
HCL
(cd "$work/fp" && "$fedplan" plan -format json . >"$work/broken.json")
check "require_owner_label fires on a resource without the label" 1 \
  policy require_owner_label "$work/broken.json"
grep -q "null_resource.unlabelled: missing the owner label" "$work/out" || fail=1
check "allowed_providers fires on a provider not on the list" 1 \
  policy allowed_providers "$work/broken.json"
grep -q "provider local (local) is not allowed" "$work/out" || fail=1
(cd "$work/fp" && "$fedplan" apply -auto-approve -no-color . >/dev/null)
head -n 14 "$work/fp/main.fed.hcl" >"$work/fp/main.tmp" && mv "$work/fp/main.tmp" "$work/fp/main.fed.hcl"
(cd "$work/fp" && "$fedplan" plan -format json . >"$work/deletes.json")
check "deny_deletes_of_kind fires on a plan deleting one" 1 \
  policy deny_deletes_of_kind "$work/deletes.json"
grep -q "local_file.f: deleting a local_file" "$work/out" || fail=1

[ "$fail" = 0 ] && echo "plan_json: all checks passed"
exit "$fail"
