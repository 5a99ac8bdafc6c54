#!/usr/bin/env bash
# Runs one client conformance test against its own fedplan-sandbox on loopback:
# `with_sandbox.sh SANDBOX_BIN COMMAND ARGS...`, with KUBECONFIG set; the sandbox is stopped by PID.
set -euo pipefail

sandbox_bin=$1
shift
if [ ! -x "$sandbox_bin" ]; then
  echo "with_sandbox.sh: no sandbox binary at $sandbox_bin" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/fedplan-clients.XXXXXX")
pid=""
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap stop EXIT

# --bare: only the Kubernetes kinds, no operator play; short namespace deletion for the tests.
"$sandbox_bin" --bare --name clients --kubeconfig-out "$dir/kubeconfig" \
  --ready-file "$dir/ready.json" --namespace-delete-delay-ms 200 \
  >"$dir/sandbox.out" 2>"$dir/sandbox.err" &
pid=$!
for _ in $(seq 200); do
  [ -s "$dir/ready.json" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "with_sandbox.sh: the sandbox exited before serving:" >&2
    cat "$dir/sandbox.err" >&2
    exit 1
  fi
  sleep 0.1
done
if [ ! -s "$dir/ready.json" ]; then
  echo "with_sandbox.sh: the sandbox did not serve within 20 s" >&2
  exit 1
fi

export KUBECONFIG="$dir/kubeconfig"
export FEDPLAN_CLIENTS_DIR="$dir"
set +e
"$@"
rc=$?
set -e
exit "$rc"
