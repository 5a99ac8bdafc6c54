#!/usr/bin/env bash
# Renders the diagrams of the manual: every docs/*.dot to the .svg beside it, which the pages
# embed (docs/architecture.md). Installs graphviz through deps.sh when `dot` is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v dot >/dev/null || "$root/scripts/deps.sh" docs

# dot writes no timestamp into SVG, so the same source and graphviz give the same bytes.
for src in "$root"/docs/*.dot; do
  out=${src%.dot}.svg
  dot -Tsvg "$src" -o "$out"
  echo "render-docs: ${out#"$root"/}"
done
