#!/usr/bin/env bash
# End-to-end check of the OpenStack harness with curl: Keystone tokens (password and
# application credential), the catalog, an Octavia LB tree through PENDING_* -> ACTIVE, a 409
# while pending, fault injection, quotas, cascade delete, loopback-only sockets.
# `smoke.sh [--no-keystone] [DIR]` starts the harness in DIR (default: a temporary directory),
# runs the checks, stops it, and ends with "N passed, N failed". --no-keystone runs Octavia
# alone with auth_strategy noauth (the Keystone checks are skipped).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
keystone=1
if [ "${1:-}" = --no-keystone ]; then
  keystone=0
  shift
fi
own_dir=""
if [ -n "${1:-}" ]; then dir=$1; else dir=$(mktemp -d /tmp/fedplan-openstack-smoke.XXXXXX); own_dir=$dir; fi
passed=0
failed=0

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
ok() { passed=$((passed + 1)); echo "ok - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
check() { # DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi
}
finish() {
  "$here/harness.sh" stop "$dir" || true
  # A temporary DIR of our own is kept only when something failed (its logs).
  if [ -n "$own_dir" ] && ((failed == 0)); then rm -rf "$own_dir"; fi
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
}

command -v jq >/dev/null || {
  [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends -o DPkg::Lock::Timeout=600 jq >/dev/null
} || { echo "smoke.sh needs jq" >&2; exit 1; }

t0=$(now)
start_args=(--delay 1.5)
((keystone)) || start_args+=(--no-keystone)
"$here/harness.sh" start "$dir" "${start_args[@]}"
rc=$?
if ((rc == 77)); then echo "0 passed, 0 failed, 1 skipped"; exit 77; fi
((rc == 0)) || { echo "harness did not start" >&2; exit 1; }
start_seconds=$(since "$t0")
# shellcheck disable=SC1091
. "$dir/env"
trap finish EXIT

# ---- HTTP helpers: api METHOD URL [BODY] sets $code and $body (token in $TOKEN) -------
# Without Keystone, Octavia (noauth) takes the project from the X-Project-Id header.
TOKEN=""
PROJECT_HEADER=()
((keystone)) || PROJECT_HEADER=(-H "X-Project-Id: $NOAUTH_PROJECT_ID")
api() {
  local out
  out=$(curl --noproxy '*' -s -m 30 -w '\n%{http_code}' -X "$1" "$2" \
    -H 'Content-Type: application/json' -H 'Accept: application/json' "${PROJECT_HEADER[@]}" \
    ${TOKEN:+-H "X-Auth-Token: $TOKEN"} ${3:+-d "$3"})
  code=${out##*$'\n'}
  body=${out%$'\n'*}
}
token() { # AUTH_JSON -> sets $TOKEN_OUT and $CATALOG (the token document)
  local hdr
  hdr=$(mktemp)
  CATALOG=$(curl --noproxy '*' -s -m 30 -D "$hdr" -X POST "$OS_AUTH_URL/auth/tokens" \
    -H 'Content-Type: application/json' -d "$1")
  TOKEN_OUT=$(awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }' "$hdr" | tr -d '\r')
  rm -f "$hdr"
}
password_auth() { # USER PASSWORD PROJECT
  printf '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s",
    "domain":{"name":"Default"},"password":"%s"}}},"scope":{"project":{"name":"%s",
    "domain":{"name":"Default"}}}}}' "$1" "$2" "$3"
}
LB=$OCTAVIA_URL/v2/lbaas

# wait_for KIND ID WANT: polls until provisioning_status is WANT (or 404 for WANT=gone),
# printing each status seen with the seconds since the call.
wait_for() {
  local kind=$1 id=$2 want=$3 t seen="" s trail=""
  t=$(now)
  for ((i = 0; i < 300; i++)); do
    api GET "$LB/$kind/$id"
    if [ "$code" = 404 ]; then s=gone; else s=$(jq -r '.[keys[0]].provisioning_status' <<<"$body"); fi
    if [ "$s" != "$seen" ]; then
      trail+="${trail:+ -> }$s@$(since "$t")s"
      seen=$s
    fi
    [ "$s" = "$want" ] && break
    sleep 0.1
  done
  echo "   $kind $id: $trail"
  check "$kind reaches $want" "$want" "$seen"
}

echo "# harness up in ${start_seconds}s ($(tr '\n' ' ' <"$dir/timing"))"

# ---- Keystone: password and application-credential tokens, catalog --------------------
keystone_checks() {
token "$(password_auth "$OS_USERNAME" "$OS_PASSWORD" "$OS_PROJECT_NAME")"
PW_TOKEN=$TOKEN_OUT
check "password token issued" yes "$([ -n "$PW_TOKEN" ] && echo yes)"
check "password token scoped to the project" "$OS_PROJECT_ID" "$(jq -r .token.project.id <<<"$CATALOG")"
lb_url=$(jq -r '.token.catalog[] | select(.type == "load-balancer") | .endpoints[]
  | select(.interface == "public" and .region_id == "RegionOne") | .url' <<<"$CATALOG")
check "catalog load-balancer public endpoint is the local Octavia" "$OCTAVIA_URL" "$lb_url"
id_url=$(jq -r '.token.catalog[] | select(.type == "identity") | .endpoints[]
  | select(.interface == "public") | .url' <<<"$CATALOG")
check "catalog identity endpoint is the local Keystone" "$OS_AUTH_URL" "$id_url"

token "{\"auth\":{\"identity\":{\"methods\":[\"application_credential\"],
  \"application_credential\":{\"id\":\"$APP_CRED_ID\",\"secret\":\"$APP_CRED_SECRET\"}}}}"
AC_TOKEN=$TOKEN_OUT
check "application-credential token issued" yes "$([ -n "$AC_TOKEN" ] && echo yes)"
check "application-credential token carries its project" "$OS_PROJECT_ID" \
  "$(jq -r .token.project.id <<<"$CATALOG")"
check "application-credential token has the catalog" "$OCTAVIA_URL" \
  "$(jq -r '[.token.catalog[] | select(.type == "load-balancer") | .endpoints[0].url][0]' <<<"$CATALOG")"
token '{"auth":{"identity":{"methods":["application_credential"],"application_credential":
  {"id":"'"$APP_CRED_ID"'","secret":"wrong"}}}}'
check "wrong application-credential secret refused" "" "$TOKEN_OUT"

TOKEN=""
api GET "$LB/loadbalancers"
check "Octavia without a token: 401" 401 "$code"
}
PW_TOKEN=""
AC_TOKEN=""
if ((keystone)); then keystone_checks; fi

# ---- Octavia: LB tree through PENDING_* -> ACTIVE ---------------------------------------
TOKEN=$AC_TOKEN
t=$(now)
api POST "$LB/loadbalancers" "{\"loadbalancer\":{\"name\":\"smoke\",
  \"vip_network_id\":\"$VIP_NETWORK_ID\",\"vip_subnet_id\":\"$VIP_SUBNET_ID\",
  \"vip_address\":\"10.0.0.10\"}}"
check "create LB: 201" 201 "$code"
lb=$(jq -r .loadbalancer.id <<<"$body")
check "new LB is PENDING_CREATE" PENDING_CREATE "$(jq -r .loadbalancer.provisioning_status <<<"$body")"
check "VIP address as asked" 10.0.0.10 "$(jq -r .loadbalancer.vip_address <<<"$body")"
check "VIP network as asked" "$VIP_NETWORK_ID" "$(jq -r .loadbalancer.vip_network_id <<<"$body")"
api POST "$LB/listeners" "{\"listener\":{\"name\":\"l1\",\"protocol\":\"TCP\",
  \"protocol_port\":443,\"loadbalancer_id\":\"$lb\"}}"
check "listener on a PENDING_CREATE LB: 409" 409 "$code"
echo "   409 says: $(jq -r .faultstring <<<"$body")"
wait_for loadbalancers "$lb" ACTIVE
check "LB operating_status ONLINE" ONLINE "$(jq -r .loadbalancer.operating_status <<<"$body")"

if ((keystone)); then
TOKEN=$(token "$(password_auth "$OTHER_USERNAME" "$OTHER_PASSWORD" "$OTHER_PROJECT_NAME")"; echo "$TOKEN_OUT")
api GET "$LB/loadbalancers/$lb"
check "another project's token cannot read the LB: 403 (Octavia's policy check)" 403 "$code"
api GET "$LB/loadbalancers"
check "another project's list does not show the LB" 0 "$(jq '[.loadbalancers[] | select(.id == "'"$lb"'")] | length' <<<"$body")"
TOKEN=$(token "$(password_auth "$OBSERVER_USERNAME" "$OBSERVER_PASSWORD" "$OS_PROJECT_NAME")"; echo "$TOKEN_OUT")
api GET "$LB/loadbalancers/$lb"
check "observer role reads the LB: 200" 200 "$code"
api PUT "$LB/loadbalancers/$lb" '{"loadbalancer":{"description":"x"}}'
check "observer role cannot write: 403" 403 "$code"
fi

TOKEN=$PW_TOKEN
api POST "$LB/listeners" "{\"listener\":{\"name\":\"l1\",\"protocol\":\"TCP\",
  \"protocol_port\":443,\"loadbalancer_id\":\"$lb\"}}"
check "create listener: 201" 201 "$code"
listener=$(jq -r .listener.id <<<"$body")
api GET "$LB/loadbalancers/$lb"
check "LB is PENDING_UPDATE while its listener is created" PENDING_UPDATE \
  "$(jq -r .loadbalancer.provisioning_status <<<"$body")"
wait_for listeners "$listener" ACTIVE

api POST "$LB/pools" "{\"pool\":{\"name\":\"p1\",\"protocol\":\"TCP\",
  \"lb_algorithm\":\"ROUND_ROBIN\",\"listener_id\":\"$listener\"}}"
check "create pool: 201" 201 "$code"
pool=$(jq -r .pool.id <<<"$body")
wait_for pools "$pool" ACTIVE

api POST "$LB/pools/$pool/members" "{\"member\":{\"address\":\"10.0.1.5\",
  \"protocol_port\":8443,\"subnet_id\":\"$VIP_SUBNET_ID\"}}"
check "create member: 201" 201 "$code"
member=$(jq -r .member.id <<<"$body")
wait_for "pools/$pool/members" "$member" ACTIVE
check "member without a monitor: NO_MONITOR" NO_MONITOR "$(jq -r .member.operating_status <<<"$body")"

api POST "$LB/healthmonitors" "{\"healthmonitor\":{\"pool_id\":\"$pool\",\"type\":\"TCP\",
  \"delay\":5,\"timeout\":3,\"max_retries\":3}}"
check "create health monitor: 201" 201 "$code"
hm=$(jq -r .healthmonitor.id <<<"$body")
wait_for healthmonitors "$hm" ACTIVE
api GET "$LB/pools/$pool/members/$member"
check "member with a monitor: ONLINE" ONLINE "$(jq -r .member.operating_status <<<"$body")"

api GET "$LB/loadbalancers/$lb/status"
check "status tree lists the member" "$member" \
  "$(jq -r '.statuses.loadbalancer.listeners[0].pools[0].members[0].id' <<<"$body")"
create_seconds=$(since "$t")

# ---- Faults: an update that ends in ERROR ----------------------------------------------
api PUT "$LB/loadbalancers/$lb" '{"loadbalancer":{"description":"will fail"}}'
check "update LB: 200" 200 "$code"
"$here/harness.sh" fault "$dir" "$lb" error-next
wait_for loadbalancers "$lb" ERROR
api PUT "$LB/loadbalancers/$lb" '{"loadbalancer":{"description":"again"}}'
check "an LB in ERROR refuses updates: 409" 409 "$code"
admin_token() {
  ((keystone)) || return 0
  token "$(password_auth "$OS_ADMIN_USERNAME" "$OS_ADMIN_PASSWORD" "$OS_ADMIN_PROJECT_NAME")"
  echo "$TOKEN_OUT"
}
TOKEN=$(admin_token)
api PUT "$LB/loadbalancers/$lb/failover"
check "failover of an LB in ERROR (admin): 202" 202 "$code"
wait_for loadbalancers "$lb" ACTIVE
TOKEN=$PW_TOKEN

# ---- Cascade delete -------------------------------------------------------------------
t=$(now)
api DELETE "$LB/loadbalancers/$lb"
check "delete LB with children, no cascade: 400" 400 "$code"
api DELETE "$LB/loadbalancers/$lb?cascade=true"
check "cascade delete: 204" 204 "$code"
api DELETE "$LB/loadbalancers/$lb?cascade=true"
check "delete again while PENDING_DELETE: 409" 409 "$code"
wait_for loadbalancers "$lb" gone
api GET "$LB/listeners/$listener"
check "listener gone with its LB" 404 "$code"
api GET "$LB/pools/$pool"
check "pool gone with its LB" 404 "$code"
delete_seconds=$(since "$t")

# ---- More faults: hold, then error now ----------------------------------------------
new_lb() { # NAME: creates an LB, sets $lb
  api POST "$LB/loadbalancers" "{\"loadbalancer\":{\"name\":\"$1\",
    \"vip_network_id\":\"$VIP_NETWORK_ID\",\"vip_subnet_id\":\"$VIP_SUBNET_ID\"}}"
  lb=$(jq -r .loadbalancer.id <<<"$body")
}
"$here/harness.sh" delay "$dir" 0.3
new_lb held
check "create LB to hold: 201" 201 "$code"
"$here/harness.sh" fault "$dir" "$lb" hold
sleep 1.5
api GET "$LB/loadbalancers/$lb"
check "held LB stays PENDING_CREATE past the delay" PENDING_CREATE \
  "$(jq -r .loadbalancer.provisioning_status <<<"$body")"
"$here/harness.sh" fault "$dir" "$lb" clear
wait_for loadbalancers "$lb" ACTIVE
"$here/harness.sh" fault "$dir" "$lb" error
wait_for loadbalancers "$lb" ERROR
check "fault error: operating_status ERROR" ERROR "$(jq -r .loadbalancer.operating_status <<<"$body")"
api DELETE "$LB/loadbalancers/$lb"
check "an LB in ERROR can be deleted: 204" 204 "$code"
wait_for loadbalancers "$lb" gone

# ---- Quotas: in-use counts go down when the controller finishes a delete --------------
if ((keystone)); then
  TOKEN=$(admin_token)
  api PUT "$LB/quotas/$OS_PROJECT_ID" '{"quota":{"load_balancer":1}}'
  check "admin sets a quota of one LB: 202" 202 "$code"
  TOKEN=$PW_TOKEN
  new_lb quota-a
  check "first LB within quota: 201" 201 "$code"
  first=$lb
  new_lb quota-b
  check "second LB over quota: 403" 403 "$code"
  echo "   403 says: $(jq -r .faultstring <<<"$body")"
  wait_for loadbalancers "$first" ACTIVE
  api DELETE "$LB/loadbalancers/$first"
  wait_for loadbalancers "$first" gone
  new_lb quota-b
  check "after the delete the quota is free again: 201" 201 "$code"
  wait_for loadbalancers "$lb" ACTIVE
  api DELETE "$LB/loadbalancers/$lb"
  wait_for loadbalancers "$lb" gone
  TOKEN=$(admin_token)
  api DELETE "$LB/quotas/$OS_PROJECT_ID"
  check "quota reset: 202" 202 "$code"
  TOKEN=$PW_TOKEN
fi

# ---- Sockets: every listener on 127.0.0.1, no peer outside loopback -------------------
pids=()
for s in keystone octavia controller; do
  [ -f "$dir/$s.pid" ] && pids+=("$(cat "$dir/$s.pid")")
done
pid_re="pid=($(IFS='|'; echo "${pids[*]}")),"
listening=$(ss -Hltnup | grep -E "$pid_re" | awk '{print $5}')
check "every listening socket is on 127.0.0.1" "" "$(grep -v '^127\.0\.0\.1:' <<<"$listening")"
check "Octavia listens" yes "$(grep -q ":${OCTAVIA_URL##*:}$" <<<"$listening" && echo yes)"
outside=$(ss -Htunap | grep -E "$pid_re" | awk '{print $6}' | grep -vE '^(127\.[0-9.]+|\*|0\.0\.0\.0):' || true)
check "no socket with a peer outside loopback" "" "$outside"

echo "# start ${start_seconds}s, LB tree create ${create_seconds}s, cascade delete" \
  "${delete_seconds}s (delay 1.5 s per operation)"
for s in keystone octavia controller; do
  pid=$(cat "$dir/$s.pid" 2>/dev/null) && echo "# $s rss $(awk '/^VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$pid/status")"
done
