#!/usr/bin/env bash
# The @kubernetes/client-node conformance test (node/client_node_test.mjs) against its own
# sandbox: `client_node_test.sh SANDBOX_BIN`; exits 77 (skipped) without node or the package.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null; then
  echo "skipped: node is not installed (the test drives the real @kubernetes/client-node)"
  exit 77
fi
if [ ! -f "$here/node/node_modules/@kubernetes/client-node/package.json" ]; then
  echo "skipped: @kubernetes/client-node is not installed in $here/node" \
    "(scripts/deps.sh test installs it with npm)"
  exit 77
fi
cd "$here/node"
exec "$here/with_sandbox.sh" "$1" node --test-reporter=spec client_node_test.mjs
