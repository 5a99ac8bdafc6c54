#!/usr/bin/env bash
# Conformance with Graphviz: `graphviz_test.sh FEDPLAN_BIN EXAMPLES_DIR` feeds `fedplan graph` of
# every example (each -type, with and without -instances) to `dot -Tsvg`, which must accept it
# without a warning, and reads the labels of a graph with awkward for_each keys back from dot.
set -uo pipefail
fedplan=$1
examples=$2
if ! command -v dot >/dev/null; then
  echo "skipped: dot is not installed (package graphviz)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

checks=0
failures=0
# report NAME STATUS DETAIL...: `ok - NAME` for status 0, else `FAIL - NAME` and the details.
report() {
  local name=$1 status=$2
  shift 2
  checks=$((checks + 1))
  if [ "$status" = 0 ]; then
    echo "ok - $name"
    return
  fi
  failures=$((failures + 1))
  echo "FAIL - $name"
  printf '%s\n' "$@" | sed 's/^/    /'
}
# drawn NAME DIR FLAGS...: fedplan graph succeeds and dot turns it into SVG without a word.
drawn() {
  local name=$1 dir=$2 rc
  shift 2
  if ! "$fedplan" graph "$dir" "$@" >"$work/g.dot" 2>"$work/graph.err"; then
    report "$name" 1 "fedplan graph $dir $* failed:" "$(cat "$work/graph.err")"
    return
  fi
  dot -Tsvg "$work/g.dot" -o "$work/g.svg" 2>"$work/dot.err"
  rc=$?
  [ "$rc" = 0 ] && [ ! -s "$work/dot.err" ] && grep -q "<svg" "$work/g.svg"
  report "$name" $? "dot exit $rc:" "$(cat "$work/dot.err")" "$(head -20 "$work/g.dot")"
}

# The examples over the federation module check that every cluster names its kubeconfig, and
# bare-metal-two-cluster that each names its node hosts; graph reads no cluster and reaches no
# host, so any path and any name do.
for m in MESH1 MESH2 MESH3 MESH4; do export "${m}_KUBECONFIG=$work/$m.kubeconfig"; done
export FEDPLAN_VAR_mesh1_hosts='["node1.example"]' FEDPLAN_VAR_mesh2_hosts='["node2.example"]'
for dir in "$examples"/*/; do
  compgen -G "$dir*.fed.hcl" >/dev/null || continue  # examples/ci: pipeline files, no configuration
  ex=$(basename "$dir")
  drawn "$ex" "$dir"
  drawn "$ex -instances" "$dir" -instances
  drawn "$ex -type destroy" "$dir" -type destroy
done

# -type plan needs no cluster for getting-started (local_file, null_resource): every node of
# an empty state is a create.
drawn "getting-started -type plan" "$examples/getting-started" -type plan -lock=false \
  -state "$work/empty.state.json"
grep -q 'fillcolor = "#8fd98f"' "$work/g.dot" && grep -q 'label = "create"' "$work/g.dot"
report "getting-started -type plan fills creates green" $? "$(cat "$work/g.dot")"

# Keys that need escaping, read back from dot's JSON: each drawn label is the address itself.
mkdir -p "$work/keys"
cat >"$work/keys/main.fed.hcl" <<'EOF'
resource "null_resource" "k" {
  for_each = toset(["Deployment/details-v1", "say \"hi\"", "back\\slash", "two\nlines", "ünï {x} <b>", "\\N\\G"])
}
EOF
drawn "awkward keys" "$work/keys" -instances
dot -Tjson "$work/g.dot" -o "$work/g.json" 2>/dev/null
python3 - "$work/g.json" >"$work/check.out" <<'EOF'

import json, sys
# The text dot draws (after its own escapes), not the attribute as written.
drawn = [" ".join(op["text"] for op in o.get("_ldraw_", []) if op["op"] == "T")
         for o in json.load(open(sys.argv[1]))["objects"]]
labels = sorted(t for t in drawn if t.startswith("null_resource"))
want = sorted([
    'null_resource.k["Deployment/details-v1"]', 'null_resource.k["say \\"hi\\""]',
    'null_resource.k["back\\\\slash"]', 'null_resource.k["two\\nlines"]',
    'null_resource.k["ünï {x} <b>"]', 'null_resource.k["\\\\N\\\\G"]'])
if labels != want:
    print("got ", labels)
    print("want", want)
    sys.exit(1)
EOF
report "awkward keys read back as their addresses" $? "$(cat "$work/check.out" "$work/g.dot")"

echo "graphviz: $((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
