#!/usr/bin/env bash
# The CI recipe's steps (examples/ci/scripts) run here in the order a pipeline runs them, against
# a real shared backend (etcd on 127.0.0.1, started and stopped by PID here), a sandbox cluster
# (with_sandbox.sh sets KUBECONFIG) and fake_forge.py standing in for the GitHub/GitLab API:
# a PR run posts the plan comment, a second push updates the same comment, the merge run applies
# the signed plan file, and stale, edited, unsigned and foreign-key plans are refused.
# `with_sandbox.sh SANDBOX ci_recipe_test.sh FEDPLAN_BIN SOURCE_DIR`; 77 (skip) without etcd.
set -euo pipefail
fedplan=$1
src=$2
for tool in /usr/bin/etcd jq openssl python3 curl; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed"; exit 77; }
done
scripts="$src/examples/ci/scripts"
work=$(mktemp -d "${TMPDIR:-/tmp}/fedplan-ci.XXXXXX")
etcd_pid="" forge_pid=""
stop() {
  for pid in $forge_pid $etcd_pid; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "ok: $*"; }

# etcd on two free loopback ports, its data in the work directory.
read -r cport pport < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
/usr/bin/etcd --name ci --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \
  --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
  --initial-cluster "ci=http://127.0.0.1:$pport" --log-level warn >"$work/etcd.log" 2>&1 &
etcd_pid=$!
mkdir -p "$work/artifacts"
python3 "$src/tests/ci/fake_forge.py" "$work/forge.port" "$work/forge.log" t0ken "$work/artifacts" 120 &
forge_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$cport/health" >/dev/null 2>&1 && [ -s "$work/forge.port" ] && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$cport/health" >/dev/null || { cat "$work/etcd.log"; fail "etcd did not start"; }
forge="http://127.0.0.1:$(cat "$work/forge.port")"

# Keys as docs/ci.md makes them.
openssl genpkey -algorithm ed25519 -out "$work/ci.key"
openssl pkey -in "$work/ci.key" -pubout -out "$work/ci.pub"
openssl genpkey -algorithm ed25519 -out "$work/other.key"
fingerprint="SHA256:$(openssl pkey -pubin -in "$work/ci.pub" -outform DER | sha256sum | cut -d' ' -f1)"

# The repository checkout: the configuration under federation/, the backend file from secrets.
repo="$work/repo"
mkdir -p "$repo"
cp -r "$src/tests/ci/example" "$repo/federation"
printf 'endpoints = "http://127.0.0.1:%s"\nprefix = "ci-test/"\n' "$cport" >"$repo/backend.hcl"
cd "$repo"
export FEDPLAN="$fedplan" FEDPLAN_DIR=federation FEDPLAN_PLAN_FILE="$repo/plan.bin"
export FEDPLAN_CI_BACKEND_CONFIG="$repo/backend.hcl" FEDPLAN_CI_FORGE=github
export GITHUB_API_URL="$forge" GITHUB_REPOSITORY=acme/mesh GITHUB_TOKEN=t0ken FEDPLAN_PR_NUMBER=12
export FEDPLAN_PLAN_SIGNING_KEY="$(cat "$work/ci.key")"
unset FEDPLAN_PLAN_SIGNING_KEY_FILE FEDPLAN_PLAN_TRUSTED_KEYS FEDPLAN_WORKSPACE
trusted="$(cat "$work/ci.pub")"
marker='<!-- fedplan-plan dir=federation workspace=default -->'
greeting() { sed -i "s|default = \"[^\"]*\" # greeting|default = \"$1\" # greeting|" federation/main.fed.hcl; }
sed -i 's|  default = "hello"|  default = "hello" # greeting|' federation/main.fed.hcl
mine() {  # the comments of PR 12 holding the marker, as JSON
  curl -sf "$forge/test/threads" | jq --arg m "$marker" '[.["12"][] | select(.body | contains($m))]'
}
output() { (cd federation && "$fedplan" output -raw -backend-config "$repo/backend.hcl" greeting); }

# 1. The pull request's first run: a comment with the plan, a signed plan file.
"$scripts/fedplan-pr.sh" >"$work/pr1.out" 2>&1 || { cat "$work/pr1.out"; fail "the first PR run"; }
[ "$(mine | jq length)" = 1 ] || fail "the first run posts one comment: $(mine)"
mine | jq -r '.[0].body' | grep -q ci-greeting || fail "the comment holds the plan: $(mine)"
mine | jq -r '.[0].body' | grep -qF "signed by key \`$fingerprint\`" || fail "the comment names the key: $(mine)"
[ -f plan.bin ] || fail "the PR run leaves plan.bin for the artifact"
"$fedplan" show -no-color plan.bin | grep -qF "Signed by key $fingerprint" ||
  fail "show names the signing key $fingerprint: $("$fedplan" show -no-color plan.bin | head -3)"
ok "a PR run posts the plan as a comment and leaves a signed plan file"

# 2. A second push: the same comment is updated, not a second one posted.
greeting "hello again"
first_id=$(mine | jq '.[0].id')
"$scripts/fedplan-pr.sh" >"$work/pr2.out" 2>&1 || { cat "$work/pr2.out"; fail "the second PR run"; }
[ "$(mine | jq length)" = 1 ] || fail "still one comment after a second run: $(mine)"
[ "$(mine | jq '.[0].id')" = "$first_id" ] || fail "the same comment is updated"
mine | jq -r '.[0].body' | grep -q "hello again" || fail "the comment shows the new plan"
[ "$(jq -s '[.[] | select(.method == "POST")] | length' "$work/forge.log")" = 1 ] ||
  fail "one POST in all: $(cat "$work/forge.log")"
grep -q '"page": "2"' "$work/forge.log" || fail "the comment is found past the first page"
ok "a second PR run updates the same comment (found on page 2 behind 120 others)"

# 3. The merge: exactly that plan file is applied, with a signature required.
FEDPLAN_CI_TRUSTED_KEYS="$trusted" "$scripts/fedplan-apply.sh" plan.bin >"$work/apply.out" 2>&1 ||
  { cat "$work/apply.out"; fail "the merge run applies the plan"; }
grep -q "Apply complete! Resources: 1 added" "$work/apply.out" || fail "$(cat "$work/apply.out")"
[ "$(output)" = "hello again" ] || fail "the state records the applied greeting: $(output)"
(cd federation && "$fedplan" plan -no-color -detailed-exitcode -backend-config "$repo/backend.hcl" . >/dev/null) ||
  fail "after the merge the cluster matches the configuration (a no-op plan)"
ok "the merge run applies the signed plan file to the cluster, state in etcd"

# 4. A stale plan: the state changed after the plan was made (another run applied).
greeting "third"
"$scripts/fedplan-pr.sh" >"$work/pr3.out" 2>&1 || { cat "$work/pr3.out"; fail "the third PR run"; }
(cd federation && "$fedplan" apply -no-color -auto-approve -backend-config "$repo/backend.hcl" \
  -var greeting=meanwhile . >/dev/null) || fail "the run that makes the plan stale"
rc=0
FEDPLAN_CI_TRUSTED_KEYS="$trusted" "$scripts/fedplan-apply.sh" plan.bin >"$work/stale.out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a stale plan is refused (exit $rc): $(cat "$work/stale.out")"
grep -q "Saved plan is stale" "$work/stale.out" &&
  grep -q "the state changed since the plan was made (serial" "$work/stale.out" &&
  grep -q "Run \`fedplan plan\` again" "$work/stale.out" || fail "the stale message: $(cat "$work/stale.out")"
[ "$(output)" = meanwhile ] || fail "nothing of the stale plan was applied: $(output)"
ok "a stale plan is refused: $(grep -o 'the state changed[^.]*' "$work/stale.out")"

# 5. Plans the merge job must not apply: edited after signing, another key, unsigned.
"$scripts/fedplan-pr.sh" >"$work/pr4.out" 2>&1 || { cat "$work/pr4.out"; fail "the fourth PR run"; }
cp plan.bin good.bin
python3 - plan.bin <<'PY'
import hashlib, json, sys
path = sys.argv[1]
doc = json.loads(open(path).read().replace('"third"', '"evil"'))
doc.pop("file_digest")
dump = lambda d: json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
doc["file_digest"] = hashlib.sha256(dump(doc).encode()).hexdigest()
open(path, "w").write(dump(doc) + "\n")
PY
refused() {  # refused NAME TEXT: fedplan-apply.sh refuses plan.bin saying TEXT
  rc=0
  FEDPLAN_CI_TRUSTED_KEYS="$trusted" "$scripts/fedplan-apply.sh" plan.bin >"$work/refused.out" 2>&1 || rc=$?
  [ "$rc" = 1 ] && grep -qF "$2" "$work/refused.out" || fail "$1 (exit $rc): $(cat "$work/refused.out")"
  [ "$(output)" = meanwhile ] || fail "$1: nothing applied, but the greeting is $(output)"
  ok "$1"
}
refused "a plan edited after signing is refused" "the plan was changed after it was signed: its signature by key $fingerprint"
FEDPLAN_PLAN_SIGNING_KEY="$(cat "$work/other.key")" "$scripts/fedplan-pr.sh" >/dev/null 2>&1
refused "a plan signed by another key is refused" "which is not one of the trusted keys"
(cd federation && env -u FEDPLAN_PLAN_SIGNING_KEY "$fedplan" plan -no-color -out "$repo/plan.bin" -backend-config "$repo/backend.hcl" . >/dev/null)
refused "an unsigned plan is refused" "is not signed, and -require-signature refuses unsigned plans"
cp good.bin plan.bin
FEDPLAN_CI_TRUSTED_KEYS="$trusted" "$scripts/fedplan-apply.sh" plan.bin >"$work/good.out" 2>&1 ||
  { cat "$work/good.out"; fail "the untouched plan applies"; }
[ "$(output)" = third ] || fail "the untouched plan's greeting: $(output)"
ok "the untouched signed plan applies"

# A push that breaks the style: the step fails and the same comment says which and why.
printf 'variable "x" {\ntype = string\n}\n' >federation/style.fed.hcl
rc=0
"$scripts/fedplan-pr.sh" >"$work/fmt.out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a fmt -check failure fails the PR run (exit $rc): $(cat "$work/fmt.out")"
[ "$(mine | jq length)" = 1 ] && mine | jq -r '.[0].body' | grep -qF '**`fedplan fmt -check` failed**' &&
  mine | jq -r '.[0].body' | grep -q style.fed.hcl || fail "the comment names the failed step: $(mine)"
rm federation/style.fed.hcl
ok "a failed step is reported in the same comment"

# 6. GitLab: one note per merge request, updated in place; the merge job fetches the plan.
gitlab() {
  FEDPLAN_CI_FORGE=gitlab CI_API_V4_URL="$forge/api/v4" CI_PROJECT_ID=3 CI_MERGE_REQUEST_IID=7 \
    CI_COMMIT_SHA=abc123 FEDPLAN_GITLAB_TOKEN=t0ken "$@"
}
echo "first" >"$work/note.md"
gitlab "$scripts/fedplan-comment.sh" "$work/note.md" >/dev/null
echo "second" >"$work/note.md"
gitlab "$scripts/fedplan-comment.sh" "$work/note.md" >/dev/null
notes=$(curl -sf "$forge/test/threads" | jq --arg m "$marker" '[.["7"][] | select(.body | contains($m))]')
[ "$(jq length <<<"$notes")" = 1 ] && jq -r '.[0].body' <<<"$notes" | grep -q second ||
  fail "one GitLab note, updated: $notes"
[ "$(jq -s '[.[] | select(.method == "PUT")] | length' "$work/forge.log")" = 1 ] ||
  fail "the note is updated with one PUT"
cp good.bin "$work/artifacts/plan.bin"
rm -f fetched.bin
gitlab env FEDPLAN_PLAN_FILE="$repo/fetched.bin" "$scripts/fedplan-fetch-plan.sh" >/dev/null
cmp -s fetched.bin good.bin || fail "the GitLab merge job fetches the request's plan file"
[ "$(FEDPLAN_CI_FORGE=github "$scripts/fedplan-fetch-plan.sh" feedface)" = 77 ] ||
  fail "the GitHub merge job finds the run that planned the head commit"
if FEDPLAN_CI_FORGE=github "$scripts/fedplan-fetch-plan.sh" deadbeef >/dev/null 2>"$work/norun.err"; then
  fail "no run for a head commit is an error"
fi
grep -q "no successful fedplan.yml run planned commit deadbeef" "$work/norun.err" || fail "$(cat "$work/norun.err")"
ok "GitLab notes are updated in place, and both merge jobs find the request's plan"

# 7. A wrong token fails the comment step with the API's answer.
if GITHUB_TOKEN=wrong "$scripts/fedplan-comment.sh" "$work/note.md" >/dev/null 2>"$work/auth.err"; then
  fail "a refused token fails the step"
fi
grep -q "Bad credentials" "$work/auth.err" || fail "the API's answer is shown: $(cat "$work/auth.err")"
ok "a refused token fails the comment step, quoting the API"
[ "$(jq -s '[.[] | select(.auth == false)] | length' "$work/forge.log")" = 1 ] ||
  fail "every other request carried the token"
echo "PASS"
