#!/usr/bin/env bash
# Issue 16's attack through the fedplan binary, on a local state and a null_resource: a saved plan
# edited everywhere a variable's value appears (file digest made again) is carried out today
# when unsigned; signed, apply refuses it, as it refuses a plan signed by another key and, with
# -require-signature, an unsigned one; the untouched signed plan applies and show names its key.
# `signed_plan_test.sh FEDPLAN_BIN`; 77 (skip) without openssl or python3.
set -euo pipefail
fedplan=$1
for tool in openssl python3; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed"; exit 77; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/fedplan-signed.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
cd "$work"
cat >main.fed.hcl <<'HCL'
variable "image" {
  type    = string
  default = "registry.example/app:1.0"
}
resource "null_resource" "deploy" {
  triggers = { image = var.image }
}
output "image" {
  value = null_resource.deploy.triggers.image
}
HCL
openssl genpkey -algorithm ed25519 -out ci.key
openssl pkey -in ci.key -pubout -out ci.pub
openssl genpkey -algorithm ed25519 -out other.key
fingerprint="SHA256:$(openssl pkey -pubin -in ci.pub -outform DER | sha256sum | cut -d' ' -f1)"
# The attack: the value replaced everywhere, the (unkeyed) file digest computed again.
tamper() {
  python3 - "$1" <<'PY'
import hashlib, json, sys
doc = json.loads(open(sys.argv[1]).read().replace("registry.example/app:1.0", "evil.example/app:6.6"))
doc.pop("file_digest")
dump = lambda d: json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
doc["file_digest"] = hashlib.sha256(dump(doc).encode()).hexdigest()
open(sys.argv[1], "w").write(dump(doc) + "\n")
PY
}
# The value given as CI gives it (-var or -var-file): the plan records it as the apply's input.
plan() { "$fedplan" plan -no-color -var image=registry.example/app:1.0 "$@" .; }
deployed() { "$fedplan" output -raw image; }
expect_refusal() {  # expect_refusal NAME TEXT ARGS...: apply ARGS exits 1 saying TEXT
  local name=$1 text=$2 rc=0
  shift 2
  "$fedplan" apply -no-color "$@" >out 2>&1 || rc=$?
  [ "$rc" = 1 ] && grep -qF -- "$text" out || fail "$name (exit $rc): $(cat out)"
  [ ! -e fedplan.state.json ] || fail "$name: the state was written: $(deployed)"
  echo "ok: $name"
}

plan -out plain.bin >/dev/null
tamper plain.bin
"$fedplan" apply -no-color plain.bin >out 2>&1 || fail "the unsigned edited plan: $(cat out)"
[ "$(deployed)" = "evil.example/app:6.6" ] || fail "deployed: $(deployed)"
echo "ok: unsigned, the edited plan is carried out (what signing is for)"
rm -f fedplan.state.json*

plan -out signed.bin -sign-key ci.key >out
grep -qF "Signed with key $fingerprint" out || fail "plan names its key: $(cat out)"
"$fedplan" show -no-color signed.bin | head -1 | grep -qF "Signed by key $fingerprint" ||
  fail "show names the signing key: $("$fedplan" show -no-color signed.bin | head -2)"
echo "ok: plan and show name the signing key"
cp signed.bin edited.bin
tamper edited.bin
expect_refusal "a signed plan edited after signing is refused, without any flag" \
  "edited.bin: the plan was changed after it was signed: its signature by key $fingerprint does not match its content" edited.bin
expect_refusal "with -require-signature too" "the plan was changed after it was signed" \
  -require-signature -trusted-keys ci.pub edited.bin
FEDPLAN_PLAN_SIGNING_KEY="$(cat other.key)" plan -out other.bin >/dev/null
expect_refusal "a plan signed by a key not trusted is refused" \
  "other.bin is signed by key SHA256:" -require-signature -trusted-keys ci.pub other.bin
grep -qF "which is not one of the trusted keys in ci.pub ($fingerprint)" out || fail "$(cat out)"
plan -out unsigned.bin >/dev/null
expect_refusal "an unsigned plan is refused with -require-signature" \
  "unsigned.bin is not signed, and -require-signature refuses unsigned plans" \
  -require-signature -trusted-keys ci.pub unsigned.bin
FEDPLAN_PLAN_TRUSTED_KEYS=ci.pub expect_refusal "trusted keys from FEDPLAN_PLAN_TRUSTED_KEYS" \
  "other.bin is signed by key SHA256:" -require-signature other.bin
expect_refusal "-require-signature without trusted keys is an error" \
  "-require-signature needs the public keys" -require-signature signed.bin
expect_refusal "-require-signature refuses to plan and apply a directory" \
  "-require-signature applies a saved plan: give the plan file" -require-signature -trusted-keys ci.pub .
expect_refusal "a private key as a trusted key names the file and line" \
  "ci.key:1: expected an Ed25519 public key" -require-signature -trusted-keys ci.key signed.bin
rc=0
plan -out x.bin -sign-key ci.pub >out 2>&1 || rc=$?
[ "$rc" = 1 ] && grep -qF "ci.pub: expected an Ed25519 private key" out ||
  fail "a public key as the signing key (exit $rc): $(cat out)"
echo "ok: a public key as the signing key names the file"
"$fedplan" apply -no-color -require-signature -trusted-keys ci.pub signed.bin >out 2>&1 ||
  fail "the untouched signed plan: $(cat out)"
grep -qF "is signed by key $fingerprint" out || fail "apply names the key: $(cat out)"
[ "$(deployed)" = "registry.example/app:1.0" ] || fail "deployed: $(deployed)"
echo "ok: the untouched signed plan applies"
echo PASS
