#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs the demo.
# Later issues grow the demo into a full plan/apply/destroy on two sandbox clusters.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" build demo
"$root/scripts/build.sh"
exec "$root/scripts/demo-run.sh"
