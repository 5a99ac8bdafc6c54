#!/usr/bin/env bash
# Installs the Debian packages fedplan needs that are missing: `deps.sh build|test|demo|docs`.
# Runs apt-get only when something is missing, so a warm machine pays nothing.
set -euo pipefail

build_pkgs=(cmake ninja-build g++ lld ccache pkg-config libboost-dev libboost-program-options-dev
  libboost-graph-dev libboost-system-dev libboost-filesystem-dev libyaml-cpp-dev
  nlohmann-json3-dev doctest-dev libssl-dev openssl libre2-dev libicu-dev zlib1g-dev)
# Tests also need: clang + libFuzzer runtime, real servers (firewalld on a private dbus in a
# network namespace, sshd, etcd), a kubectl nobody here wrote and Graphviz (`fedplan graph`).
test_pkgs=(clang libclang-rt-14-dev iproute2 dbus firewalld nftables iptables openssh-server
  openssh-client etcd-server etcd-client python3 python3-octavia python3-keystone jq curl graphviz)
demo_pkgs=(iproute2 dbus firewalld nftables iptables)
# The manual's diagrams: `dot` for scripts/render-docs.sh.
docs_pkgs=(graphviz)

want=("${build_pkgs[@]}")
for group in "$@"; do
  case "$group" in
    build) ;;
    test) want+=("${test_pkgs[@]}") ;;
    demo) want+=("${demo_pkgs[@]}") ;;
    docs) want+=("${docs_pkgs[@]}") ;;
    *) echo "deps.sh: unknown group '$group' (build, test, demo, docs)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# kubectl: the machine image ships one; Debian's kubernetes-client is the fallback.
if [[ " $* " == *" test "* ]] && ! command -v kubectl >/dev/null; then
  missing+=(kubernetes-client)
fi

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "deps.sh: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # firewalld's postinst must not start a daemon or touch the host's firewall.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/fedplan-apt.log 2>&1 || {
    tail -20 /tmp/fedplan-apt.log >&2
    exit 1
  }
  rm -f /usr/sbin/policy-rc.d
fi

# The JavaScript Kubernetes client for tests/clients, from npm with the machine's Node.js (not a
# Debian package): installed once into tests/clients/node/node_modules (never committed), from
# its package-lock.json. Without node or npm the client test reports itself skipped.
if [[ " $* " == *" test "* ]] && command -v npm >/dev/null; then
  node_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/clients/node"
  if [ ! -f "$node_dir/node_modules/@kubernetes/client-node/package.json" ] ||
    [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
    echo "deps: installing @kubernetes/client-node into tests/clients/node"
    # A registry out of reach costs one test, not the run: that test then reports itself skipped.
    (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >/tmp/fedplan-npm.log 2>&1) || {
      tail -20 /tmp/fedplan-npm.log >&2
      echo "deps: npm ci failed (above); clients_client_node will be skipped" >&2
    }
  fi
fi
