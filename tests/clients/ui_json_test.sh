#!/usr/bin/env bash
# fedplan's machine-readable outputs end to end: `validate -json`, `plan -json` and `apply -json`
# (every line parsed, the sequence of message types checked, a failure), `show -json` of the
# state and `output -json`/-raw. When terraform is installed, the message types and their keys
# are compared with terraform's for a terraform_data configuration of the same shape.
# `ui_json_test.sh FEDPLAN_BIN`; exits 77 (skipped) without python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fedplan=$1
if ! command -v python3 >/dev/null; then echo "skipped: python3 is not installed"; exit 77; fi
fail=0
work=$(mktemp -d "${TMPDIR:-/tmp}/fedplan-ui-json.XXXXXX")
trap 'rm -rf "$work"' EXIT
ui() { python3 "$here/ui_json_check.py" "$@"; }
check() {  # check NAME EXPECTED_EXIT COMMAND...: the command must exit as expected
  local name=$1 want=$2 got=0
  shift 2
  "$@" >"$work/out" 2>&1 || got=$?
  [ "$got" = "$want" ] && { echo "ok: $name"; return; }
  echo "FAIL: $name (exit $got, wanted $want)"
  cat "$work/out"
  fail=1
}
run() {  # run EXPECTED_EXIT OUTFILE ARGS...: fedplan in fp/, stdout to OUTFILE
  local want=$1 out=$2 got=0
  shift 2
  (cd "$work/fp" && "$fedplan" "$@" >"$out" 2>"$out.err") || got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: fedplan $* exited $got, wanted $want"; cat "$out" "$out.err"; fail=1; fi
}

# The shape compared with terraform's (null_resource there is terraform_data), then fedplan's
# configuration: that and a local file and a list output.
mkdir -p "$work/fp" "$work/tf" "$work/fp2"
cat >"$work/fp2/main.fed.hcl" <<HCL
variable "pw" {
  type      = string
  sensitive = true
  default   = "s3cret-value"
}
resource "null_resource" "a" {
  input = "hello"
}
resource "null_resource" "b" {
  count = 1
  input = { x = null_resource.a.output, pw = var.pw }
}
output "name" { value = null_resource.a.output }
output "pw" {
  value     = var.pw
  sensitive = true
}
HCL
sed 's/null_resource/terraform_data/g' "$work/fp2/main.fed.hcl" >"$work/tf/main.tf"
cat "$work/fp2/main.fed.hcl" - >"$work/fp/main.fed.hcl" <<HCL
resource "local_file" "f" {
  filename = "$work/fp/out.txt"
  content  = "x"
}
output "list" { value = ["a", "b"] }
HCL

run 0 "$work/validate.json" validate -json .
check "validate -json of a valid configuration" 0 ui validate "$work/validate.json" valid
run 1 "$work/plan-both.json" plan -json -format json .
grep -q "give one" "$work/plan-both.json.err" || { echo "FAIL: -json with -format"; fail=1; }
run 1 "$work/apply-ask.json" apply -json .
grep -q "auto-approve" "$work/apply-ask.json.err" || { echo "FAIL: apply -json asks"; fail=1; }

run 0 "$work/plan.json" plan -json .
check "plan -json streams the plan" 0 ui sequence "$work/plan.json" \
  version planned_change planned_change planned_change change_summary outputs
run 0 "$work/apply.json" apply -json -auto-approve .
check "apply -json streams the plan and the apply" 0 ui applied "$work/apply.json" 3
check "apply -json: the outputs after apply" 0 ui apply_outputs "$work/apply.json"
check "no secret in the streams" 1 grep -q s3cret "$work/plan.json" "$work/apply.json"

run 0 "$work/show.json" show -json
check "show -json of the state" 0 ui state "$work/show.json"
check "no secret in show -json" 1 grep -q s3cret "$work/show.json"
run 0 "$work/output.json" output -json
check "output -json: types, values, the sensitive one included" 0 ui outputs "$work/output.json"
run 0 "$work/output-raw" output -raw name
[ "$(cat "$work/output-raw")" = "hello" ] || { echo "FAIL: output -raw name"; fail=1; }

run 0 "$work/replan.json" plan -json .
check "a plan with a state refreshes each object" 0 ui sequence "$work/replan.json" \
  version refresh_start refresh_start refresh_start refresh_complete refresh_complete \
  refresh_complete change_summary outputs

# A failure: the new file's directory is a regular file.
echo plain >"$work/plain"
sed -i "s|$work/fp/out.txt|$work/plain/sub|" "$work/fp/main.fed.hcl"
run 1 "$work/fail.json" apply -json -auto-approve .
check "a failed apply streams apply_errored and the error" 0 ui failed "$work/fail.json"

# A configuration that does not validate.
echo 'resource "null_resource" "c" { input = nosuch.x }' >"$work/fp/bad.fed.hcl"
run 1 "$work/invalid.json" validate -json .
check "validate -json of an invalid configuration" 0 ui validate "$work/invalid.json" invalid
run 1 "$work/plan-invalid.json" plan -json .
check "plan -json of an invalid configuration" 0 ui sequence "$work/plan-invalid.json" \
  version diagnostic

if command -v terraform >/dev/null; then
  (cd "$work/tf" && export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 &&
    terraform init -input=false >/dev/null &&
    terraform apply -json -auto-approve -input=false >"$work/tf-apply.json" &&
    terraform plan -json -input=false >"$work/tf-plan.json")
  (cd "$work/fp2" && "$fedplan" apply -json -auto-approve . >"$work/fp-apply.json" &&
    "$fedplan" plan -json . >"$work/fp-plan.json")
  check "apply -json: the message types and keys of terraform's" 0 \
    ui same_shape "$work/fp-apply.json" "$work/tf-apply.json"
  check "plan -json with a state: the message types and keys of terraform's" 0 \
    ui same_shape "$work/fp-plan.json" "$work/tf-plan.json"
else
  echo "skipped: terraform is not installed (comparison with terraform's messages)"
fi

[ "$fail" = 0 ] && echo "ui_json: all checks passed"
exit "$fail"
