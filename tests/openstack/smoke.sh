#!/usr/bin/env bash
# End-to-end check of the OpenStack harness with curl: Keystone tokens (password and
# application credential), the catalog, an Octavia LB tree through PENDING_* -> ACTIVE, a 409
# while pending, fault injection, cascade delete. `smoke.sh [DIR]` starts the harness in DIR
# (default: a temporary directory), runs the checks, stops it, and ends with "N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:-$(mktemp -d /tmp/fedplan-openstack-smoke.XXXXXX)}
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
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
}

command -v jq >/dev/null || {
  [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends -o DPkg::Lock::Timeout=600 jq >/dev/null
} || { echo "smoke.sh needs jq" >&2; exit 1; }

t0=$(now)
"$here/harness.sh" start "$dir" --delay 1.5 || { echo "harness did not start" >&2; exit 1; }
start_seconds=$(since "$t0")
# shellcheck disable=SC1091
. "$dir/env"
trap finish EXIT

# ---- HTTP helpers: api METHOD URL [BODY] sets $code and $body (token in $TOKEN) -------
TOKEN=""
api() {
  local out
  out=$(curl --noproxy '*' -s -m 30 -w '\n%{http_code}' -X "$1" "$2" \
    -H 'Content-Type: application/json' -H 'Accept: application/json' \
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
TOKEN=$(token "$(password_auth "$OS_ADMIN_USERNAME" "$OS_ADMIN_PASSWORD" "$OS_ADMIN_PROJECT_NAME")"; echo "$TOKEN_OUT")
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

echo "# start ${start_seconds}s, LB tree create ${create_seconds}s, cascade delete" \
  "${delete_seconds}s (delay 1.5 s per operation)"
for s in keystone octavia controller; do
  pid=$(cat "$dir/$s.pid" 2>/dev/null) && echo "# $s rss $(awk '/^VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$pid/status")"
done
