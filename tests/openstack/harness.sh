#!/usr/bin/env bash
# Runs a real OpenStack Octavia API and Keystone on 127.0.0.1 for the openstack_lb tests,
# with a played controller finishing PENDING_* operations. See docs/openstack-harness.md.
#
#   harness.sh install                       install the Debian packages it needs (root)
#   harness.sh start DIR [--auth keystone|noauth] [--no-keystone] [--delay SECONDS]
#   harness.sh stop DIR                      stop the three processes by their PIDs
#   harness.sh status DIR                    exit 0 when all answer, 3 when not running
#   harness.sh delay DIR SECONDS             how long operations stay PENDING_*
#   harness.sh fault DIR LB_ID hold|error|error-next|clear
# Exit codes: 0 ok, 1 failed (what started is stopped again), 2 usage, 3 `status`: not
# running, 77 this machine cannot run it (not root and packages missing, or apt-get failed).
#
# `start` writes DIR/env (shell assignments: OCTAVIA_URL, KEYSTONE_URL, OS_* ...), logs
# DIR/{keystone,octavia,controller}.log, PIDs DIR/*.pid, and DIR/timing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
PACKAGES=(python3-octavia python3-keystone curl)
SERVICES=(controller octavia keystone) # stop order
VIP_NETWORK_ID=c0ffee00-0000-4000-8000-000000000001
VIP_SUBNET_ID=c0ffee00-0000-4000-8000-000000000002
NOAUTH_PROJECT_ID=c0ffee00-0000-4000-8000-0000000000aa

die() {
  echo "harness: $*" >&2
  exit 1
}

# 77: this machine cannot run the harness (callers and ctest treat it as "skipped").
cannot() {
  echo "harness: cannot run here: $*" >&2
  exit 77
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Debian's python with nothing from the caller's environment (no pyenv, no proxies).
clean() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$dir" LANG=C.UTF-8 TZ=UTC "$@"
}

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  [ "$(id -u)" = 0 ] || cannot "missing Debian packages (install them as root): ${missing[*]}"
  echo "harness: installing ${missing[*]}" >&2
  local t0 log=/tmp/fedplan-openstack-apt.log
  t0=$(now)
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600)
  if ! "${apt[@]}" install "${missing[@]}" >"$log" 2>&1; then
    apt-get -qq -o DPkg::Lock::Timeout=600 update >>"$log" 2>&1
    "${apt[@]}" install "${missing[@]}" >>"$log" 2>&1 || {
      tail -20 "$log" >&2
      cannot "apt-get install ${missing[*]} failed (log: $log)"
    }
  fi
  echo "harness: installed in $(elapsed "$t0") s" >&2
}

# True when PID is alive and is the harness process NAME serving DIR.
ours() {
  local pid=$1 name=$2 cmd
  [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  case $name in
    controller) [[ $cmd == *"controller.py $dir"* ]] ;;
    *) [[ $cmd == *"serve_wsgi.py $name $dir/"* ]] ;;
  esac
}

pid_of() {
  local f="$dir/$1.pid" pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  ours "$pid" "$1" || return 1
  echo "$pid"
}

launch() { # NAME ARGS... : a detached process; its PID goes to DIR/NAME.pid
  local name=$1
  shift
  setsid env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$dir" LANG=C.UTF-8 TZ=UTC \
    "$PY" -I "$@" >"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}

http_code() {
  curl --noproxy '*' -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

wait_http() { # NAME URL: until URL answers 200, or the process dies, or 120 s
  local name=$1 url=$2 pid i
  pid=$(cat "$dir/$name.pid")
  for ((i = 0; i < 1200; i++)); do
    [ "$(http_code "$url")" = 200 ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -30 "$dir/$name.log" >&2
      die "$name exited during start (log: $dir/$name.log)"
    fi
    sleep 0.1
  done
  die "$name did not answer $url within 120 s (log: $dir/$name.log)"
}

wait_port() { # NAME: the port its runner wrote
  local name=$1 pid i
  pid=$(cat "$dir/$name.pid")
  for ((i = 0; i < 1200; i++)); do
    [ -s "$dir/$name.port" ] && { cat "$dir/$name.port"; return 0; }
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -30 "$dir/$name.log" >&2
      die "$name exited during start (log: $dir/$name.log)"
    fi
    sleep 0.1
  done
  die "$name wrote no port within 120 s"
}

step() { # NAME CMD...: runs a one-shot step with the clean environment, logs, times it
  local name=$1 t
  shift
  t=$(now)
  clean "$@" >>"$dir/$name.log" 2>&1 || {
    tail -20 "$dir/$name.log" >&2
    die "$name failed (log: $dir/$name.log)"
  }
  echo "$name $(elapsed "$t")" >>"$dir/timing"
}

write_keystone_conf() {
  mkdir -p "$dir/keystone/fernet-keys" "$dir/keystone/credential-keys"
  cat >"$dir/keystone.conf" <<EOF
[DEFAULT]
debug = false
[database]
connection = sqlite:///$dir/keystone.db
[identity]
# bcrypt's minimum: fast logins for tests (the default, 12, costs ~0.3 s per password).
password_hash_rounds = 4
[token]
provider = fernet
[fernet_tokens]
key_repository = $dir/keystone/fernet-keys
[fernet_receipts]
key_repository = $dir/keystone/fernet-keys
[credential]
key_repository = $dir/keystone/credential-keys
[cache]
# In-process cache: without it every request re-reads roles and assignments with ~100
# SQLite queries (0.3-1 s per request on a busy machine; with it ~0.05 s).
enabled = true
backend = dogpile.cache.memory
EOF
}

write_octavia_conf() { # AUTH
  cat >"$dir/octavia.conf" <<EOF
[DEFAULT]
debug = false
transport_url = fake://
[api_settings]
bind_host = 127.0.0.1
auth_strategy = $1
enabled_provider_drivers = noop_driver:The no-op driver (harness; a played controller finishes operations).
default_provider_driver = noop_driver
[database]
connection = sqlite:///$dir/octavia.db
[controller_worker]
amphora_driver = amphora_noop_driver
compute_driver = compute_noop_driver
network_driver = network_noop_driver
volume_driver = volume_noop_driver
image_driver = image_noop_driver
distributor_driver = distributor_noop_driver
[oslo_messaging]
topic = octavia_prov
EOF
  if [ "$1" = keystone ]; then
    cat >>"$dir/octavia.conf" <<EOF
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL/v3
auth_url = $KEYSTONE_URL/v3
auth_type = password
username = $OCTAVIA_SERVICE_USER
password = $OCTAVIA_SERVICE_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
service_type = load-balancer
EOF
  fi
}

do_start() {
  local auth=keystone with_keystone=1 delay=0.5
  while (($#)); do
    case $1 in
      --auth) auth=${2:?}; shift 2 ;;
      --no-keystone) with_keystone=0; shift ;;
      --delay) delay=${2:?}; shift 2 ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  case $auth in keystone | noauth) ;; *) die "--auth keystone|noauth" ;; esac
  ((with_keystone)) || auth=noauth
  local s
  for s in "${SERVICES[@]}"; do
    pid_of "$s" >/dev/null && die "$s already running for $dir (harness.sh stop $dir)"
  done
  local t0 t
  t0=$(now)
  install_packages
  umask 077 # passwords in the configs and env, keys in DIR/keystone
  mkdir -p "$dir/control/lb"
  rm -rf "$dir"/*.port "$dir"/*.pid "$dir"/*.log "$dir/env" "$dir/timing" "$dir"/*.db \
    "$dir"/*.db-* "$dir/keystone" "$dir/control/lb"/*
  echo "$delay" >"$dir/control/delay"
  started=0
  trap 'if [ "$started" = 0 ]; then echo "harness: start failed, stopping what started" >&2; do_stop >/dev/null 2>&1 || true; fi' EXIT
  : >"$dir/timing"
  local env_file="$dir/env.tmp" admin_password="" init_pid=""
  {
    echo "HARNESS_DIR=$dir"
    echo "OCTAVIA_AUTH=$auth"
    echo "VIP_NETWORK_ID=$VIP_NETWORK_ID"
    echo "VIP_SUBNET_ID=$VIP_SUBNET_ID"
  } >"$env_file"

  if ((with_keystone)); then
    admin_password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    OCTAVIA_SERVICE_USER=octavia
    OCTAVIA_SERVICE_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    write_keystone_conf
    # Keystone's database and keys are made while Octavia's schema is made.
    echo "$admin_password" | step keystone-init "$PY" -I "$here/keystone_init.py" \
      "$dir/keystone.conf" "$dir/keystone.db" &
    init_pid=$!
  fi
  printf '[database]\nconnection = sqlite:///%s\n' "$dir/octavia.db" >"$dir/octavia-db.conf"
  step octavia-db-init "$PY" -I "$here/octavia_db_init.py" "$dir/octavia.db" "$dir/octavia-db.conf"
  if ((with_keystone)); then
    wait "$init_pid" || die "keystone initialisation failed (log: $dir/keystone-init.log)"
    t=$(now)
    launch keystone "$here/serve_wsgi.py" keystone "$dir/keystone.conf" "$dir/keystone.port"
    KEYSTONE_URL=http://127.0.0.1:$(wait_port keystone)
    wait_http keystone "$KEYSTONE_URL/v3"
    echo "keystone-up $(elapsed "$t")" >>"$dir/timing"
  fi

  # Octavia starts (its app setup takes seconds) while Keystone is filled.
  t=$(now)
  write_octavia_conf "$auth"
  launch octavia "$here/serve_wsgi.py" octavia "$dir/octavia.conf" "$dir/octavia.port"
  if ((with_keystone)); then
    printf '%s\n%s\n' "$admin_password" "$OCTAVIA_SERVICE_PASSWORD" |
      step keystone-seed "$PY" -I "$here/keystone_seed.py" identity "$KEYSTONE_URL"
    # The seed's stdout (the assignments) went to its log with its stderr: keep only those.
    grep -E '^[A-Z_]+=' "$dir/keystone-seed.log" >"$dir/identity.env"
    # shellcheck disable=SC1091
    . "$dir/identity.env"
    {
      echo "KEYSTONE_URL=$KEYSTONE_URL"
      echo "OS_AUTH_URL=$KEYSTONE_URL/v3"
      echo "OS_ADMIN_USERNAME=admin"
      echo "OS_ADMIN_PASSWORD=$admin_password"
      echo "OS_ADMIN_PROJECT_NAME=admin"
      cat "$dir/identity.env"
      echo "OCTAVIA_SERVICE_PASSWORD=$OCTAVIA_SERVICE_PASSWORD"
      echo "NOAUTH_PROJECT_ID=$OS_PROJECT_ID"
    } >>"$env_file"
    rm -f "$dir/identity.env"
  else
    echo "NOAUTH_PROJECT_ID=$NOAUTH_PROJECT_ID" >>"$env_file"
  fi
  local octavia_url
  octavia_url=http://127.0.0.1:$(wait_port octavia)
  wait_http octavia "$octavia_url/"
  echo "octavia-up $(elapsed "$t")" >>"$dir/timing"
  launch controller "$here/controller.py" "$dir"
  echo "OCTAVIA_URL=$octavia_url" >>"$env_file"
  if ((with_keystone)); then
    echo "$admin_password" | step keystone-catalog "$PY" -I "$here/keystone_seed.py" catalog \
      "$KEYSTONE_URL" "$octavia_url"
  fi
  mv "$env_file" "$dir/env"
  chmod 600 "$dir/env"
  echo "total $(elapsed "$t0")" >>"$dir/timing"
  started=1
  echo "harness: up in $(elapsed "$t0") s: octavia $octavia_url (auth $auth)" \
    "${KEYSTONE_URL:+keystone $KEYSTONE_URL}; env in $dir/env" >&2
}

do_stop() {
  local s pid i
  for s in "${SERVICES[@]}"; do
    pid=$(pid_of "$s") || { rm -f "$dir/$s.pid"; continue; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$dir/$s.pid" "$dir/$s.port"
    echo "harness: stopped $s ($pid)" >&2
  done
}

do_status() {
  local s pid up=0 down=0 rss url=""
  # shellcheck disable=SC1091
  [ -f "$dir/env" ] && . "$dir/env"
  for s in "${SERVICES[@]}"; do
    [ -f "$dir/$s.pid" ] || continue
    if pid=$(pid_of "$s"); then
      rss=$(awk '/^VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$pid/status")
      case $s in
        octavia) url=${OCTAVIA_URL:-}/ ;;
        keystone) url=${KEYSTONE_URL:-}/v3 ;;
        controller) url="" ;;
      esac
      if [ -z "$url" ] || [ "$(http_code "$url")" = 200 ]; then
        echo "$s: running, pid $pid, rss $rss${url:+, $url answers}"
        up=$((up + 1))
      else
        echo "$s: pid $pid alive but $url does not answer"
        down=$((down + 1))
      fi
    else
      echo "$s: not running"
      down=$((down + 1))
    fi
  done
  ((up > 0 && down == 0)) && return 0
  return 3
}

cmd=${1:-}
case $cmd in
  install) install_packages ;;
  start | stop | status | delay | fault)
    [ -n "${2:-}" ] || { echo "usage: harness.sh $cmd DIR ..." >&2; exit 2; }
    if [ ! -d "$2" ]; then
      case $cmd in
        start | delay | fault) mkdir -p "$2" ;;
        stop) exit 0 ;;
        status) echo "not running (no $2)"; exit 3 ;;
      esac
    fi
    dir=$(cd "$2" && pwd)
    shift 2
    case $cmd in
      start) do_start "$@" ;;
      stop) do_stop ;;
      status) do_status ;;
      delay) echo "${1:?seconds}" >"$dir/control/delay.tmp" &&
        mv "$dir/control/delay.tmp" "$dir/control/delay" ;;
      fault)
        lb=${1:?LB_ID}
        case ${2:?hold|error|error-next|clear} in
          hold | error | error-next)
            mkdir -p "$dir/control/lb"
            echo "$2" >"$dir/control/lb/.$lb" && mv "$dir/control/lb/.$lb" "$dir/control/lb/$lb" ;;
          clear) rm -f "$dir/control/lb/$lb" ;;
          *) die "fault: hold|error|error-next|clear" ;;
        esac ;;
    esac ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2 ;;
esac
