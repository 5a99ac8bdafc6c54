#!/usr/bin/env bash
# Renders the diagrams of the manual: every docs/*.dot to the .svg beside it, which the pages
# embed (docs/architecture.md), and `fedplan graph` of the examples the README and
# docs/commands.md show. Installs graphviz through deps.sh when `dot` is missing; the fedplan
# binary is $FEDPLAN, or build/cli/fedplan (scripts/build.sh builds it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v dot >/dev/null || "$root/scripts/deps.sh" docs
fedplan=${FEDPLAN:-$root/build/cli/fedplan}

# dot writes no timestamp into SVG, so the same source and graphviz give the same bytes.
for src in "$root"/docs/*.dot; do
  out=${src%.dot}.svg
  dot -Tsvg "$src" -o "$out"
  echo "render-docs: ${out#"$root"/}"
done

# The graphs of examples: docs/graph-EXAMPLE.svg. Needs only the configuration (no cluster):
# the kubeconfig paths (the federation module's inventory requires one) are names, not read.
for example in libvirt-two-cluster getting-started; do
  out=$root/docs/graph-$example.svg
  MESH1_KUBECONFIG=${MESH1_KUBECONFIG:-mesh1.kubeconfig} MESH2_KUBECONFIG=${MESH2_KUBECONFIG:-mesh2.kubeconfig} \
    "$fedplan" graph "$root/examples/$example" | dot -Tsvg -o "$out"
  echo "render-docs: ${out#"$root"/}"
done
