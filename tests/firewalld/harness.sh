#!/bin/bash
# A real firewalld (and sshd) inside a private network namespace, on a private D-Bus system bus,
# for the firewalld provider's tests. It never touches the host's firewall, /etc/firewalld or bus.
#
#   harness.sh start DIR    install what is missing, start bus + netns + firewalld + sshd,
#                           write DIR/env and the wrappers DIR/firewall-cmd and DIR/ssh
#   harness.sh stop DIR     kill by PID, delete the namespace, remove DIR
#   harness.sh status DIR   exit 0 when firewalld answers "running", 1 otherwise
#
# Exit codes: 0 ok; 1 failure; 2 usage; 77 this machine cannot run it (not root, no network
# namespaces, no mount namespaces): callers treat 77 as "skipped".
# Environment: HARNESS_SSH_PORT (default 2222; the namespace is private, so any port is free),
# HARNESS_NO_INSTALL=1 (fail instead of running apt-get), HARNESS_TIMEOUT (seconds, default 60).
set -u
set -o pipefail

PACKAGES=(firewalld nftables iptables dbus iproute2 openssh-server openssh-client)
MARKER=.fedplan-firewalld-harness
SKIP=77

die() {
  echo "harness: $*" >&2
  exit 1
}
skip() {
  echo "harness: SKIP: $*" >&2
  exit "$SKIP"
}
log() { echo "harness: $*" >&2; }

usage() {
  echo "usage: $0 start DIR | stop DIR | status DIR" >&2
  exit 2
}

# The DIR ends up inside config files, wrapper scripts and a unix socket path: keep it plain.
check_dir_name() {
  case "$1" in
    /*) ;;
    *) die "DIR must be an absolute path: $1" ;;
  esac
  if [[ ! "$1" =~ ^[A-Za-z0-9/._+-]+$ ]]; then
    die "DIR may hold only letters, digits and / . _ + - : $1"
  fi
  # sockaddr_un.sun_path is 108 bytes with the NUL.
  local sock="$1/bus.sock"
  if ((${#sock} > 100)); then
    die "DIR is too long for a unix socket path (keep it under ~90 characters): $1"
  fi
}

# ---------- install ----------

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$p"
    fi
  done
}

# Installs with a policy-rc.d that answers 101 ("action forbidden"), so the packages' maintainer
# scripts start no firewalld, sshd or dbus on the host. An existing policy-rc.d is put back.
install_packages() {
  local missing=()
  mapfile -t missing < <(missing_packages)
  [ "${#missing[@]}" = 0 ] && return 0
  if [ "${HARNESS_NO_INSTALL:-0}" = 1 ]; then
    die "missing packages and HARNESS_NO_INSTALL=1: ${missing[*]}"
  fi
  log "installing: ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d backup=""
  if [ -e "$policy" ]; then
    backup=$(mktemp /usr/sbin/policy-rc.d.fedplan.XXXXXX)
    cp -p "$policy" "$backup"
  fi
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  local rc=0
  {
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" ||
      { apt-get update -q && apt-get install -y -q -o DPkg::Lock::Timeout=600 \
        --no-install-recommends "${missing[@]}"; }
  } >&2 || rc=$?
  if [ -n "$backup" ]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi
  [ "$rc" = 0 ] || die "apt-get install failed ($rc) for: ${missing[*]}"
}

# ---------- helpers ----------

# Waits until "$@" succeeds, up to $1 seconds (tenths of a second between tries).
wait_for() {
  local seconds=$1
  shift
  local i
  for ((i = 0; i < seconds * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# TERM, wait up to 5 s, then KILL; only the PID we started.
kill_pid() {
  local pid=$1 i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 50; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  sleep 0.1
}

host_firewall_snapshot() {
  {
    echo "# nft list ruleset"
    nft list ruleset 2>&1
    echo "# iptables-save (counters dropped)"
    iptables-save 2>/dev/null | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
    echo "# host /etc/firewalld"
    if [ -d /etc/firewalld ]; then
      find /etc/firewalld -type f -print0 | sort -z | xargs -0 -r sha256sum
    fi
  }
}

# ---------- start ----------

write_bus_conf() {
  local dir=$1
  # The packaged policy: root may own org.fedoraproject.FirewallD1{,.config}; anyone may call.
  local policy=""
  local f
  for f in /usr/share/dbus-1/system.d/FirewallD.conf /etc/dbus-1/system.d/FirewallD.conf; do
    [ -r "$f" ] && policy=$f
  done
  [ -n "$policy" ] || die "no FirewallD.conf D-Bus policy found in /usr/share/dbus-1/system.d"
  cp "$policy" "$dir/bus/FirewallD.conf"
  cat >"$dir/bus/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- A private system bus for fedplan's firewalld harness; nothing on the host uses it. -->
<busconfig>
  <type>system</type>
  <listen>unix:path=$dir/bus.sock</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <!-- Like the stock system bus: deny owning names and method calls, allow replies. -->
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <include>$dir/bus/FirewallD.conf</include>
</busconfig>
EOF
}

# The libvirt package ships this zone; the seed opens its ports there, so the harness has it
# even where libvirt is not installed. Same shape as libvirt's network/libvirt.zone.
write_libvirt_zone() {
  cat >"$1" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone target="ACCEPT">
  <short>libvirt</short>
  <description>Stand-in for the zone libvirt installs for its virtual networks (fedplan harness).</description>
  <rule priority='32767'>
    <reject/>
  </rule>
  <protocol value='icmp'/>
  <protocol value='ipv6-icmp'/>
  <service name='dhcp'/>
  <service name='dhcpv6'/>
  <service name='dns'/>
  <service name='ssh'/>
  <service name='tftp'/>
</zone>
EOF
}

write_sshd_conf() {
  local dir=$1 port=$2
  cat >"$dir/keys/sshd_config" <<EOF
# sshd for fedplan's firewalld harness: inside the private namespace, loopback only.
Port $port
ListenAddress 127.0.0.1
HostKey $dir/keys/host_ed25519
AuthorizedKeysFile $dir/keys/authorized_keys
PidFile $dir/sshd.pid
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
# DIR may sit under /tmp (mode 1777), which StrictModes would refuse.
StrictModes no
# Commands run over ssh must reach the private bus, as firewall-cmd does on a real host.
SetEnv DBUS_SYSTEM_BUS_ADDRESS=unix:path=$dir/bus.sock
PrintMotd no
PrintLastLog no
UseDNS no
X11Forwarding no
AllowTcpForwarding no
Subsystem sftp internal-sftp
LogLevel VERBOSE
EOF
}

write_wrappers() {
  local dir=$1 ns=$2 port=$3
  cat >"$dir/firewall-cmd" <<EOF
#!/bin/sh
# The real firewall-cmd, inside fedplan's harness namespace, on its private bus.
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$dir/bus.sock
exec ip netns exec $ns /usr/bin/firewall-cmd "\$@"
EOF
  cat >"$dir/ssh" <<EOF
#!/bin/sh
# The ssh client inside fedplan's harness namespace (127.0.0.1 there is the namespace's own).
exec ip netns exec $ns /usr/bin/ssh -F none -o BatchMode=yes -o StrictHostKeyChecking=yes \\
  -o UserKnownHostsFile=$dir/keys/known_hosts -o GlobalKnownHostsFile=/dev/null \\
  -o IdentitiesOnly=yes -i $dir/keys/id_ed25519 -p $port "\$@"
EOF
  chmod 755 "$dir/firewall-cmd" "$dir/ssh"
}

# Reads DIR/env into variables prefixed H_ (without sourcing: the file is ours but stay strict).
load_env() {
  local dir=$1 key value
  [ -f "$dir/env" ] || return 1
  while IFS='=' read -r key value; do
    case "$key" in
      '' | \#*) continue ;;
      *[!A-Z_]*) continue ;;
    esac
    printf -v "H_$key" '%s' "$value"
  done <"$dir/env"
}

cmd_start() {
  local dir=$1
  [ "$(id -u)" = 0 ] || skip "needs root (network namespaces, mounts, apt-get)"
  check_dir_name "$dir"
  if [ -e "$dir/$MARKER" ]; then
    die "$dir already holds a harness; run: $0 stop $dir"
  fi
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    die "$dir is not empty; give an empty or new directory"
  fi

  install_packages
  command -v ip >/dev/null || die "ip (iproute2) not found after install"

  mkdir -p "$dir" || die "cannot create $dir"
  chmod 700 "$dir"
  touch "$dir/$MARKER"

  local timeout=${HARNESS_TIMEOUT:-60}
  local port=${HARNESS_SSH_PORT:-2222}
  local ns
  ns="fedplan-fw-$(printf '%s' "$dir" | sha256sum | cut -c1-8)-$$"
  echo "$ns" >"$dir/netns.name"

  host_firewall_snapshot >"$dir/host-firewall.before"

  # 1. The namespace. Failure here means the machine cannot do it at all: skip, not fail.
  local err
  if ! err=$(ip netns add "$ns" 2>&1); then
    rm -rf "$dir"
    skip "cannot create a network namespace ('ip netns add' said: $err)"
  fi
  if ! err=$(ip netns exec "$ns" unshare -m --propagation private true 2>&1); then
    ip netns del "$ns" 2>/dev/null
    rm -rf "$dir"
    skip "cannot create a mount namespace inside the network namespace ($err)"
  fi
  ip netns exec "$ns" ip link set lo up || fail_start "$dir" "cannot bring lo up in $ns"

  # 2. The private system bus, on a path socket (abstract sockets are per network namespace).
  mkdir -p "$dir/bus"
  write_bus_conf "$dir"
  local bus_out
  bus_out=$(dbus-daemon --config-file="$dir/bus/bus.conf" --fork --print-pid=1 \
    --print-address=1 --nopidfile 2>"$dir/dbus.log") ||
    fail_start "$dir" "dbus-daemon did not start: $(cat "$dir/dbus.log")"
  local bus_addr bus_pid
  bus_addr=$(echo "$bus_out" | sed -n 1p)
  bus_pid=$(echo "$bus_out" | sed -n 2p)
  echo "$bus_pid" >"$dir/dbus.pid"
  [ -S "$dir/bus.sock" ] || fail_start "$dir" "dbus-daemon made no socket at $dir/bus.sock"
  bus_addr="unix:path=$dir/bus.sock" # the printed one carries a guid; the path is enough

  # 3. firewalld, with its own copy of /etc/firewalld bind-mounted over /etc/firewalld in a
  # private mount namespace, so even a path that ignores --system-config lands in the copy.
  mkdir -p "$dir/etc-firewalld" "$dir/run-firewalld"
  if [ -d /etc/firewalld ]; then cp -a /etc/firewalld/. "$dir/etc-firewalld/"; fi
  mkdir -p "$dir/etc-firewalld/zones"
  if [ ! -e /usr/lib/firewalld/zones/libvirt.xml ] && [ ! -e "$dir/etc-firewalld/zones/libvirt.xml" ]; then
    write_libvirt_zone "$dir/etc-firewalld/zones/libvirt.xml"
    echo "created" >"$dir/libvirt-zone"
  fi
  local run_bind=""
  [ -d /run/firewalld ] && run_bind="mount --bind $dir/run-firewalld /run/firewalld &&"
  DBUS_SYSTEM_BUS_ADDRESS="$bus_addr" ip netns exec "$ns" unshare -m --propagation private \
    sh -c "mount --bind $dir/etc-firewalld /etc/firewalld && $run_bind \
           exec /usr/sbin/firewalld --nofork --nopid --system-config $dir/etc-firewalld \
           --log-target file --log-file $dir/firewalld.log" \
    >"$dir/firewalld.out" 2>&1 </dev/null &
  local fw_pid=$!
  echo "$fw_pid" >"$dir/firewalld.pid"

  write_wrappers "$dir" "$ns" "$port"
  if ! wait_for "$timeout" sh -c "'$dir/firewall-cmd' --state | grep -qx running"; then
    fail_start "$dir" "firewalld did not report running within ${timeout}s: $(tail -20 "$dir/firewalld.out" "$dir/firewalld.log" 2>/dev/null)"
  fi
  "$dir/firewall-cmd" --get-zones | tr ' ' '\n' | grep -qx libvirt ||
    fail_start "$dir" "firewalld has no libvirt zone"

  # 4. sshd on the namespace's loopback, keys generated here.
  mkdir -p "$dir/keys"
  chmod 700 "$dir/keys"
  ssh-keygen -q -t ed25519 -N '' -C fedplan-harness-host -f "$dir/keys/host_ed25519" ||
    fail_start "$dir" "ssh-keygen (host key) failed"
  ssh-keygen -q -t ed25519 -N '' -C fedplan-harness-client -f "$dir/keys/id_ed25519" ||
    fail_start "$dir" "ssh-keygen (client key) failed"
  cp "$dir/keys/id_ed25519.pub" "$dir/keys/authorized_keys"
  chmod 600 "$dir/keys/authorized_keys"
  echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$dir/keys/host_ed25519.pub")" >"$dir/keys/known_hosts"
  write_sshd_conf "$dir" "$port"
  # Debian's sshd insists on its privilege separation directory.
  [ -d /run/sshd ] || { mkdir -p /run/sshd && chmod 755 /run/sshd; }
  /usr/sbin/sshd -t -f "$dir/keys/sshd_config" 2>"$dir/sshd.log" ||
    fail_start "$dir" "sshd -t rejected the config: $(cat "$dir/sshd.log")"
  ip netns exec "$ns" /usr/sbin/sshd -D -f "$dir/keys/sshd_config" -E "$dir/sshd.log" \
    </dev/null >/dev/null 2>&1 &
  local sshd_pid=$!
  echo "$sshd_pid" >"$dir/sshd.pid.launcher"
  if ! wait_for "$timeout" sh -c "'$dir/ssh' root@127.0.0.1 /usr/bin/firewall-cmd --state | grep -qx running"; then
    fail_start "$dir" "ssh root@127.0.0.1:$port firewall-cmd --state did not say running: $(tail -20 "$dir/sshd.log")"
  fi

  cat >"$dir/env" <<EOF
# fedplan firewalld harness: KEY=value lines, safe to source from sh.
HARNESS_DIR=$dir
NETNS=$ns
DBUS_SYSTEM_BUS_ADDRESS=$bus_addr
DBUS_PID=$bus_pid
FIREWALLD_PID=$fw_pid
SSHD_PID=$sshd_pid
SSH_HOST=127.0.0.1
SSH_PORT=$port
SSH_USER=root
SSH_KEY=$dir/keys/id_ed25519
SSH_KNOWN_HOSTS=$dir/keys/known_hosts
FIREWALL_CMD=$dir/firewall-cmd
SSH_WRAPPER=$dir/ssh
EOF
  log "started: netns $ns, firewalld pid $fw_pid, sshd pid $sshd_pid, dbus pid $bus_pid"
  cat "$dir/env"
}

# Tears down whatever part was started, then fails.
fail_start() {
  local dir=$1
  shift
  echo "harness: start failed: $*" >&2
  (cmd_stop "$dir") >/dev/null 2>&1
  exit 1
}

cmd_stop() {
  local dir=$1
  check_dir_name "$dir"
  [ -e "$dir/$MARKER" ] || die "$dir holds no harness (no $MARKER)"
  local f
  # Reverse order of start; every PID is one this harness wrote down.
  for f in sshd.pid.launcher firewalld.pid dbus.pid; do
    if [ -s "$dir/$f" ]; then kill_pid "$(cat "$dir/$f")"; fi
  done
  local ns=""
  [ -s "$dir/netns.name" ] && ns=$(cat "$dir/netns.name")
  if [ -n "$ns" ] && ip netns list | awk '{print $1}' | grep -qx "$ns"; then
    ip netns del "$ns" || log "could not delete netns $ns"
  fi
  local changed=0
  if [ -f "$dir/host-firewall.before" ]; then
    host_firewall_snapshot >"$dir/host-firewall.after"
    if ! diff -u "$dir/host-firewall.before" "$dir/host-firewall.after" >&2; then
      log "WARNING: the host's firewall changed while the harness ran (diff above)"
      changed=1
    fi
  fi
  rm -rf "$dir"
  log "stopped${ns:+ (netns $ns)}"
  [ "$changed" = 0 ] || exit 3
}

cmd_status() {
  local dir=$1
  check_dir_name "$dir"
  load_env "$dir" || { echo "not started"; exit 1; }
  local ok=0
  for name in DBUS_PID FIREWALLD_PID SSHD_PID; do
    local var="H_$name"
    if alive "${!var}"; then echo "$name=${!var} alive"; else echo "$name=${!var} dead"; ok=1; fi
  done
  local state
  state=$("$dir/firewall-cmd" --state 2>&1)
  echo "firewalld: $state"
  [ "$state" = running ] || ok=1
  exit "$ok"
}

[ $# = 2 ] || usage
DIR=${2%/}
case "$1" in
  start) cmd_start "$DIR" ;;
  stop) cmd_stop "$DIR" ;;
  status) cmd_status "$DIR" ;;
  *) usage ;;
esac
