#!/usr/bin/env bash
# Conformance with kubectl (client-go inside): `kubectl_test.sh SANDBOX_BIN` starts its own
# sandbox and checks each request shape kubectl sends answers as on a real cluster.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kubectl=${KUBECTL:-$(command -v kubectl || true)}
if [ -z "$kubectl" ]; then
  echo "skipped: kubectl is not installed (the test drives the real client-go based kubectl)"
  exit 77
fi
if [ -z "${FEDPLAN_CLIENTS_DIR:-}" ]; then
  exec "$here/with_sandbox.sh" "$1" "$0" "$1"
fi
dir=$FEDPLAN_CLIENTS_DIR
k() { timeout 30 "$kubectl" --cache-dir "$dir/cache" "$@"; }

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  echo "ok - $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL - $1"
  shift
  printf '%s\n' "$@" | sed 's/^/    /'
}
# expect NAME REGEX CMD...: CMD succeeds and its output matches REGEX.
expect() {
  local name=$1 regex=$2 out rc
  shift 2
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" = 0 ] && grep -qE -- "$regex" <<<"$out"; then pass "$name"; else fail "$name" "exit $rc: $*" "$out"; fi
}
# refused NAME REGEX CMD...: CMD fails and its output matches REGEX.
refused() {
  local name=$1 regex=$2 out rc
  shift 2
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" != 0 ] && grep -qE -- "$regex" <<<"$out"; then pass "$name"; else fail "$name" "exit $rc: $*" "$out"; fi
}
# watching FILE ARGS...: `kubectl get -w ARGS` in the background, its output in FILE.
watching() {
  local file=$1
  shift
  timeout 30 "$kubectl" --cache-dir "$dir/cache" get -w "$@" >"$dir/$file" 2>&1 &
  watch_pid=$!
  sleep 1
}
# watched NAME FILE EXPECTED: the watch's output, once stopped, is EXPECTED (spaces squeezed,
# ages cut).
watched() {
  local name=$1 file=$2 expected=$3 got
  sleep 1
  kill -TERM "$watch_pid" 2>/dev/null
  wait "$watch_pid" 2>/dev/null
  got=$(sed -E 's/ +/ /g; s/ [0-9]+s$//' "$dir/$file")
  if [ "$got" = "$expected" ]; then pass "$name"; else fail "$name" "expected:" "$expected" "got:" "$got"; fi
}

cat >"$dir/ns.yaml" <<'EOF'
apiVersion: v1
kind: Namespace
metadata:
  name: team
  labels: {env: test}
EOF
cat >"$dir/secret.yaml" <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: s1
  namespace: team
  labels: {app: state}
type: Opaque
stringData:
  key: value
EOF
cat >"$dir/lease.yaml" <<'EOF'
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: lock
  namespace: team
spec:
  holderIdentity: run-1
  leaseDurationSeconds: 15
  acquireTime: "2026-01-01T10:00:00.123456Z"
  renewTime: "2026-01-01T10:00:00.123456Z"
EOF
echo '{"metadata":{"name":"raw"}}' >"$dir/raw.json"

# Creates: from YAML, with `kubectl create` and `apply`, and a raw body without kind or
# apiVersion.
expect "create a Namespace from YAML" "namespace/team created" k create -f "$dir/ns.yaml"
expect "client-side apply creates a Secret" "secret/s1 created" k apply -f "$dir/secret.yaml"
expect "create a Lease with microsecond times" "lease.coordination.k8s.io/lock created" \
  k create -f "$dir/lease.yaml"
expect "kubectl create secret generic" "secret/s2 created" \
  k create secret generic s2 -n team --from-literal=a=b
expect "create --raw with a body that has no kind or apiVersion" '"kind":"Namespace"' \
  k create --raw /api/v1/namespaces -f "$dir/raw.json"
refused "a second create is AlreadyExists" 'AlreadyExists.*secrets "s1" already exists' \
  k create -f "$dir/secret.yaml"

# Reads and lists with label selectors.
expect "get -o yaml carries the resourceVersion" \
  'resourceVersion: "[0-9]+"' k get secret s1 -n team -o yaml
expect "get a Lease keeps microsecond times" "renewTime: \"2026-01-01T10:00:00.123456Z\"" \
  k get lease lock -n team -o yaml
expect "list with an equality selector" "^secret/s1$" k get secrets -n team -l app=state -o name
expect "list with a set selector" "^secret/s1$" k get secrets -n team -l 'app in (state,x)' -o name
expect "list with a does-not-exist selector" "^secret/s2$" k get secrets -n team -l '!app' -o name
expect "a raw list is a SecretList" '"kind":"SecretList","metadata":\{"resourceVersion":"[0-9]+"' \
  k get --raw '/api/v1/namespaces/team/secrets?labelSelector=app%3Dstate'

# Apply, client-side then server-side, and replace with a resourceVersion.
sed 's/run-1/run-2/' "$dir/lease.yaml" >"$dir/lease2.yaml"
expect "client-side apply of a change" "lease.coordination.k8s.io/lock configured" \
  k apply -f "$dir/lease2.yaml"
expect "server-side apply over a client-side apply" "secret/s1 serverside-applied" \
  k apply --server-side -f "$dir/secret.yaml"
expect "server-side apply keeps the labels it applies" "^app=state$" \
  k get secret s1 -n team -o go-template='{{range $k, $v := .metadata.labels}}{{$k}}={{$v}}{{end}}'
k get lease lock -n team -o yaml >"$dir/current.yaml"
sed -i 's/run-2/run-3/' "$dir/current.yaml"
expect "replace with the current resourceVersion" "lease.coordination.k8s.io/lock replaced" \
  k replace -f "$dir/current.yaml"
refused "replace with a stale resourceVersion is a Conflict" "Conflict.*the object has been modified" \
  k replace -f "$dir/current.yaml"

# Patches of each type, and a server-side dry run.
expect "merge patch" "secret/s1 patched" \
  k patch secret s1 -n team --type merge -p '{"metadata":{"labels":{"m":"1"}}}'
expect "JSON patch" "secret/s1 patched" \
  k patch secret s1 -n team --type json -p '[{"op":"add","path":"/metadata/labels/j","value":"2"}]'
expect "strategic merge patch" "lease.coordination.k8s.io/lock patched" \
  k patch lease lock -n team -p '{"spec":{"leaseDurationSeconds":30}}'
expect "the Secret patches landed" "^1 2$" \
  k get secret s1 -n team -o go-template='{{index .metadata.labels "m"}} {{index .metadata.labels "j"}}'
expect "the Lease patch landed" "^30$" \
  k get lease lock -n team -o jsonpath='{.spec.leaseDurationSeconds}'
expect "a server-side dry run answers" "^secret/dry$" \
  k create secret generic dry -n team --dry-run=server -o name
refused "and stores nothing" 'secrets "dry" not found' k get secret dry -n team

# Discovery.
expect "discovery of coordination.k8s.io/v1" '"name":"leases"' \
  k get --raw /apis/coordination.k8s.io/v1
expect "api-resources lists leases" "leases +coordination.k8s.io/v1 +true +Lease" \
  k api-resources --api-group=coordination.k8s.io

# Watches: get -w as a table, with events, with a selector, and wait.
watching table.out secrets -n team
k create secret generic w1 -n team >/dev/null
k label secret w1 -n team x=1 >/dev/null
k delete secret w1 -n team >/dev/null
watched "get -w prints each change as a table row" table.out "NAME TYPE DATA AGE
s1 Opaque 1
s2 Opaque 1
w1 Opaque 0
w1 Opaque 0
w1 Opaque 0"

watching events.out secrets -n team -l stage=on --output-watch-events
k create secret generic w2 -n team >/dev/null
k label secret w2 -n team stage=on >/dev/null
k label secret w2 -n team stage=off --overwrite >/dev/null
watched "a selected watch sees objects enter and leave" events.out "EVENT NAME TYPE DATA AGE
ADDED w2 Opaque 0
DELETED w2 Opaque 0"

(sleep 1 && k delete secret w2 -n team >/dev/null) &
expect "wait --for=delete" "condition met" k wait --for=delete secret/w2 -n team --timeout=10s
expect "create a Deployment" "deployment.apps/web created" \
  k create deployment web -n team --image=nginx
expect "wait --for=condition" "condition met" \
  k wait --for=condition=Available deploy/web -n team --timeout=10s
expect "wait --for=jsonpath" "condition met" \
  k wait --for=jsonpath='{.spec.holderIdentity}'=run-3 lease/lock -n team --timeout=10s
# client-go's WatchList: sendInitialEvents, done at the initial-events-end bookmark.
expect "wait with client-go's WatchList (sendInitialEvents)" "condition met" \
  env KUBE_FEATURE_WatchListClient=true timeout 30 "$kubectl" --cache-dir "$dir/cache" \
  wait --for=jsonpath='{.spec.holderIdentity}'=run-3 lease/lock -n team --timeout=5s

# Service-account tokens: the TokenRequest API, and a token that reads but cannot write.
expect "create a ServiceAccount" "serviceaccount/reader created" k create sa reader -n team
token=$(k create token reader -n team --duration=15m 2>&1)
expect "create token" '^[A-Za-z0-9_-]+[.][A-Za-z0-9_-]+[.][A-Za-z0-9_-]+$' printf '%s\n' "$token"
expect "the token reads as its service account" "reader" k get sa reader -n team --token "$token"
refused "the token cannot write" \
  'User "system:serviceaccount:team:reader" cannot create resource "configmaps"' \
  k create configmap x -n team --token "$token"
refused "create token under ten minutes" "may not specify a duration less than 10 minutes" \
  k create token reader -n team --duration=1m

# Deletes.
expect "delete a Lease" 'lease.coordination.k8s.io "lock" deleted' k delete lease lock -n team
expect "delete a Namespace waits until it is gone" 'namespace "team" deleted' k delete ns team
refused "and it is gone" 'namespaces "team" not found' k get ns team

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
