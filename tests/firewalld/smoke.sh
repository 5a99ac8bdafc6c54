#!/bin/bash
# Smoke test of the firewalld harness: the firewall-cmd behaviour the firewalld provider relies
# on, through the local wrapper and through ssh, with exact stdout, stderr and exit codes.
#
#   smoke.sh [--record FILE] [--keep-running] [DIR]
#
# DIR is a started harness (tests/firewalld/harness.sh start DIR). Without DIR the script starts
# its own in a temporary directory and stops it at the end. The last section stops firewalld
# (by its PID) to record what firewall-cmd says then; --keep-running skips that section.
# --record FILE writes a markdown transcript of every command. Exit: 0 all passed, 1 a check
# failed, 77 the machine cannot run the harness (skip). Last line: "N passed, N failed".
set -u
set -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
RECORD=/dev/null
KEEP_RUNNING=0
DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --record) RECORD=$2; shift 2 ;;
    --keep-running) KEEP_RUNNING=1; shift ;;
    -*) echo "usage: $0 [--record FILE] [--keep-running] [DIR]" >&2; exit 2 ;;
    *) DIR=${1%/}; shift ;;
  esac
done

# The host's own ruleset, outside any namespace: it must be the same at the end.
# Before the first install there is no nft, and so no ruleset: the same as an empty one.
HOST_BEFORE=""
if command -v nft >/dev/null; then HOST_BEFORE=$(nft list ruleset 2>&1); fi

OWN=0
if [ -z "$DIR" ]; then
  DIR=$(mktemp -d /tmp/fedplan-fw-smoke.XXXXXX)
  "$HERE/harness.sh" start "$DIR" >/dev/null
  rc=$?
  [ "$rc" = 77 ] && exit 77
  [ "$rc" = 0 ] || { echo "smoke: harness start failed ($rc)" >&2; exit 1; }
  OWN=1
  trap '"$HERE/harness.sh" stop "$DIR"' EXIT
fi
[ -f "$DIR/env" ] || { echo "smoke: $DIR holds no started harness" >&2; exit 1; }
# shellcheck disable=SC1091
. "$DIR/env"

PASSED=0
FAILED=0
OUT=$(mktemp)
ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"; [ "$OWN" = 1 ] && "$HERE/harness.sh" stop "$DIR"' EXIT


: >"$RECORD"
record() { printf '%s\n' "$*" >>"$RECORD"; }

# A captured stream as one table cell: exact bytes, newline as \n, empty as "".
cell() {
  local text
  text=$(cat "$1"; echo x)
  text=${text%x}
  text=${text//\\/\\\\}
  text=${text//$'\n'/\\n}
  text=${text//|/\\|}
  # shellcheck disable=SC2016 # the backquotes are markdown
  printf '`"%s"`' "$text"
}
row() { record "| $1 | \`$2\` | $3 | $(cell "$OUT") | $(cell "$ERR") |"; }
header() {
  record ""
  record "### $1"
  record ""
  record "| via | command | exit | stdout | stderr |"
  record "| --- | --- | --- | --- | --- |"
}

# check TRANSPORT EXIT STDOUT STDERR -- ARGS...: runs firewall-cmd ARGS through TRANSPORT
# (local | ssh) and compares exit code and the exact stdout and stderr (newline at the end
# added by the check; "" means empty, EMPTYLINE a lone newline; '*' is not compared).
check() {
  local transport=$1 want_rc=$2 want_out=$3 want_err=$4
  shift 5
  local rc
  case "$transport" in
    local) "$FIREWALL_CMD" "$@" >"$OUT" 2>"$ERR"; rc=$? ;;
    # ssh joins the words into one remote shell command; these arguments hold no shell syntax.
    ssh) "$SSH_WRAPPER" "$SSH_USER@$SSH_HOST" firewall-cmd "$@" >"$OUT" 2>"$ERR"; rc=$? ;;
  esac
  row "$transport" "firewall-cmd $*" "$rc"
  local ok=1 why=""
  [ "$rc" = "$want_rc" ] || { ok=0; why="exit $rc, want $want_rc"; }
  local full_out="${want_out:+$want_out$'\n'}"
  [ "$want_out" = EMPTYLINE ] && full_out=$'\n'
  if [ "$want_out" != '*' ] && [ "$(cat "$OUT"; echo x)" != "${full_out}x" ]; then
    ok=0; why="$why; stdout [$(cat "$OUT")], want [$want_out]"
  fi
  if [ "$want_err" != '*' ] && [ "$(cat "$ERR"; echo x)" != "${want_err:+$want_err$'\n'}x" ]; then
    ok=0; why="$why; stderr [$(cat "$ERR")], want [$want_err]"
  fi
  if [ "$ok" = 1 ]; then
    PASSED=$((PASSED + 1))
    echo "ok   ($transport) firewall-cmd $*"
  else
    FAILED=$((FAILED + 1))
    echo "FAIL ($transport) firewall-cmd $*: ${why#; }"
  fi
}

# The same story through both transports, on different ports so they cannot mask each other.
story() {
  local t=$1 rt=$2 pm=$3 # runtime-only port, permanent+runtime port
  header "Ports through $t"
  check "$t" 0 running "" -- --state
  check "$t" 1 no "" -- --zone=libvirt --query-port="$rt"/tcp
  check "$t" 0 success "" -- --zone=libvirt --add-port="$rt"/tcp
  check "$t" 0 success "Warning: ALREADY_ENABLED: '$rt:tcp' already in 'libvirt'" -- \
    --zone=libvirt --add-port="$rt"/tcp
  check "$t" 0 yes "" -- --zone=libvirt --query-port="$rt"/tcp
  check "$t" 1 no "" -- --permanent --zone=libvirt --query-port="$rt"/tcp
  # What the provider does for permanent = true: both the permanent and the runtime config.
  check "$t" 0 success "" -- --permanent --zone=libvirt --add-port="$pm"/tcp
  check "$t" 0 success "Warning: ALREADY_ENABLED: $pm:tcp" -- \
    --permanent --zone=libvirt --add-port="$pm"/tcp
  check "$t" 0 success "" -- --zone=libvirt --add-port="$pm"/tcp
  check "$t" 0 yes "" -- --permanent --zone=libvirt --query-port="$pm"/tcp
  check "$t" 0 "$rt/tcp $pm/tcp" "" -- --zone=libvirt --list-ports
  check "$t" 0 "$pm/tcp" "" -- --permanent --zone=libvirt --list-ports
  # --reload rebuilds the runtime from the permanent config: the runtime-only port is gone.
  check "$t" 0 success "" -- --reload
  check "$t" 1 no "" -- --zone=libvirt --query-port="$rt"/tcp
  check "$t" 0 yes "" -- --zone=libvirt --query-port="$pm"/tcp
  check "$t" 0 "$pm/tcp" "" -- --zone=libvirt --list-ports
  # --query-port answers yes for a single port that an opened range covers.
  check "$t" 0 success "" -- --zone=libvirt --add-port=32000-32005/udp
  check "$t" 0 yes "" -- --zone=libvirt --query-port=32002/udp
  check "$t" 0 yes "" -- --zone=libvirt --query-port=32000-32005/udp
  check "$t" 0 success "" -- --zone=libvirt --remove-port=32000-32005/udp
  # Removal, twice: the second one only warns.
  check "$t" 0 success "" -- --permanent --zone=libvirt --remove-port="$pm"/tcp
  check "$t" 0 success "Warning: NOT_ENABLED: $pm:tcp" -- \
    --permanent --zone=libvirt --remove-port="$pm"/tcp
  check "$t" 0 success "" -- --zone=libvirt --remove-port="$pm"/tcp
  check "$t" 0 success "Warning: NOT_ENABLED: '$pm:tcp' not in 'libvirt'" -- \
    --zone=libvirt --remove-port="$pm"/tcp
  # No ports: one empty line, not nothing.
  check "$t" 0 EMPTYLINE "" -- --zone=libvirt --list-ports
  check "$t" 0 EMPTYLINE "" -- --permanent --zone=libvirt --list-ports
  # Errors the provider must recognise.
  check "$t" 112 "" "Error: INVALID_ZONE: nosuchzone" -- --zone=nosuchzone --add-port="$rt"/tcp
  check "$t" 112 "" "Error: INVALID_ZONE: nosuchzone" -- \
    --permanent --zone=nosuchzone --query-port="$rt"/tcp
  check "$t" 26 "" "Error: NAME_CONFLICT: new_zone(): 'libvirt'" -- --permanent --new-zone=libvirt
  check "$t" 102 "" "Error: INVALID_PORT: 99999" -- --zone=libvirt --add-port=99999/tcp
  check "$t" 103 "" "Error: INVALID_PROTOCOL: 'xyz' not in {'tcp'|'udp'|'sctp'|'dccp'}" -- \
    --zone=libvirt --add-port=1/xyz
  check "$t" 2 "" '*' -- --no-such-option
}

record "Recorded by tests/firewalld/smoke.sh against $(dpkg-query -W -f='firewalld ${Version}' firewalld)."
story local 31000 31001
story ssh 31010 31011

# Zones: a new permanent zone exists for the runtime only after --reload.
header "Zones"
check local 0 success "" -- --permanent --new-zone=fedplantest
check local 112 "" "Error: INVALID_ZONE: fedplantest" -- --zone=fedplantest --query-port=1/tcp
check local 0 success "" -- --reload
check local 1 no "" -- --zone=fedplantest --query-port=1/tcp
check local 0 success "" -- --permanent --delete-zone=fedplantest
# ... and a deleted one stays in the runtime until --reload.
check local 1 no "" -- --zone=fedplantest --query-port=1/tcp
check local 112 "" "Error: INVALID_ZONE: fedplantest" -- \
  --permanent --zone=fedplantest --query-port=1/tcp
check local 0 success "" -- --reload
check local 112 "" "Error: INVALID_ZONE: fedplantest" -- --zone=fedplantest --query-port=1/tcp

# Several items in one call: errors become warnings and the exit code stays 0, and queries
# change their output format. The provider must pass one port per call.
header "Several ports in one call"
check local 0 success "Warning: INVALID_PORT: 99999" -- \
  --zone=libvirt --add-port=33001/tcp --add-port=99999/tcp
check local 0 success "Warning: ALREADY_ENABLED: '33001:tcp' already in 'libvirt'" -- \
  --zone=libvirt --add-port=33001/tcp --add-port=33002/udp
check local 0 "'33001/tcp': yes"$'\n'"'33003/tcp': no" "" -- \
  --zone=libvirt --query-port=33001/tcp --query-port=33003/tcp
check local 0 "33001/tcp 33002/udp" "" -- --zone=libvirt --list-ports
check local 0 success "" -- --zone=libvirt --remove-port=33001/tcp --remove-port=33002/udp

# ssh itself failing (sshd unreachable) is exit 255, distinct from every firewall-cmd code.
header "ssh to a port nobody listens on"
ip netns exec "$NETNS" ssh -F none -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=yes \
  -o UserKnownHostsFile="$SSH_KNOWN_HOSTS" -i "$SSH_KEY" -p 1 "$SSH_USER@$SSH_HOST" \
  firewall-cmd --state >"$OUT" 2>"$ERR"
rc=$?
row ssh "ssh -p 1 root@127.0.0.1 firewall-cmd --state" "$rc"
if [ "$rc" = 255 ] && grep -q 'Connection refused' "$ERR"; then
  PASSED=$((PASSED + 1)); echo "ok   ssh to a closed port exits 255"
else
  FAILED=$((FAILED + 1)); echo "FAIL ssh to a closed port: exit $rc, $(cat "$ERR")"
fi

if [ "$KEEP_RUNNING" = 0 ]; then
  header "firewalld stopped"
  kill -TERM "$FIREWALLD_PID"
  for _ in $(seq 100); do kill -0 "$FIREWALLD_PID" 2>/dev/null || break; sleep 0.1; done
  check local 252 "" "not running" -- --state
  check local 252 "" "FirewallD is not running" -- --zone=libvirt --add-port=31000/tcp
  check local 252 "" "FirewallD is not running" -- --zone=libvirt --query-port=31000/tcp
  check local 252 "" "FirewallD is not running" -- --permanent --zone=libvirt --add-port=31000/tcp
  check ssh 252 "" "not running" -- --state
  check ssh 252 "" "FirewallD is not running" -- --zone=libvirt --add-port=31000/tcp
fi

if [ "$OWN" = 1 ]; then
  # harness.sh stop exits 3 when the host's ruleset, iptables or /etc/firewalld changed.
  if "$HERE/harness.sh" stop "$DIR"; then
    PASSED=$((PASSED + 1)); echo "ok   harness stopped, host firewall and /etc/firewalld unchanged"
  else
    FAILED=$((FAILED + 1)); echo "FAIL harness stop reported a problem"
  fi
  OWN=0
fi
if [ "$(nft list ruleset 2>&1)" = "$HOST_BEFORE" ]; then
  PASSED=$((PASSED + 1)); echo "ok   host 'nft list ruleset' unchanged"
else
  FAILED=$((FAILED + 1)); echo "FAIL host 'nft list ruleset' changed"
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
