#!/usr/bin/env bash
# Renders the diagrams of the manual: every docs/*.dot to the .svg beside it, which the pages
# embed (docs/architecture.md). Installs graphviz with apt-get when `dot` is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v dot >/dev/null; then
  echo "render-docs: installing graphviz"
  if [ "$(id -u)" != 0 ]; then
    echo "render-docs.sh: dot is missing and installing graphviz needs root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends graphviz >/tmp/fedplan-apt.log 2>&1 || {
    tail -20 /tmp/fedplan-apt.log >&2
    exit 1
  }
fi

# dot writes no timestamp into SVG, so the same source and graphviz give the same bytes.
for src in "$root"/docs/*.dot; do
  out=${src%.dot}.svg
  dot -Tsvg "$src" -o "$out"
  echo "render-docs: ${out#"$root"/}"
done
