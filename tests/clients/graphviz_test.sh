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

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  echo "ok - $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL - $1"
  shift
  printf '%s\n' "$@" | sed 's/^/    /'
}
# drawn NAME DIR FLAGS...: fedplan graph succeeds and dot turns it into SVG without a word.
drawn() {
  local name=$1 dir=$2 rc
  shift 2
  if ! "$fedplan" graph "$dir" "$@" >"$work/g.dot" 2>"$work/graph.err"; then
    fail "$name" "fedplan graph $dir $* failed:" "$(cat "$work/graph.err")"
    return
  fi
  dot -Tsvg "$work/g.dot" -o "$work/g.svg" 2>"$work/dot.err"
  rc=$?
  if [ "$rc" = 0 ] && [ ! -s "$work/dot.err" ] && grep -q "<svg" "$work/g.svg"; then
    pass "$name"
  else
    fail "$name" "dot exit $rc:" "$(cat "$work/dot.err")" "$(head -20 "$work/g.dot")"
  fi
}

for dir in "$examples"/*/; do
  ex=$(basename "$dir")
  drawn "$ex" "$dir"
  drawn "$ex -instances" "$dir" -instances
  drawn "$ex -type destroy" "$dir" -type destroy
done

# -type plan needs no cluster for getting-started (local_file, null_resource): every node of
# an empty state is a create.
drawn "getting-started -type plan" "$examples/getting-started" -type plan -lock=false \
  -state "$work/empty.state.json"
if grep -q 'fillcolor = "#8fd98f"' "$work/g.dot" && grep -q 'label = "create"' "$work/g.dot"; then
  pass "getting-started -type plan fills creates green"
else
  fail "getting-started -type plan fills creates green" "$(cat "$work/g.dot")"
fi

# Keys that need escaping, read back from dot's JSON: each drawn label is the address itself.
mkdir -p "$work/keys"
cat >"$work/keys/main.fed.hcl" <<'EOF'
resource "null_resource" "k" {
  for_each = toset(["Deployment/details-v1", "say \"hi\"", "back\\slash", "two\nlines", "ünï {x} <b>", "\\N\\G"])
}
EOF
drawn "awkward keys" "$work/keys" -instances
dot -Tjson "$work/g.dot" -o "$work/g.json" 2>/dev/null
if python3 - "$work/g.json" <<'EOF'; then
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
  pass "awkward keys read back as their addresses"
else
  fail "awkward keys read back as their addresses" "$(cat "$work/g.dot")"
fi

echo "graphviz: $passed passed, $failed failed"
[ "$failed" = 0 ]
