#!/usr/bin/env bash
# The demo itself (scripts/demo.sh builds first): the seed's libvirt federation on two sandbox
# clusters and a real firewalld (in a network namespace of its own) playing the hypervisor:
# plan, apply, a second plan with no changes, the peers' status, destroy. Leaves nothing running.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${FEDPLAN_BUILD_DIR:-$root/build}"
fedplan="$build/cli/fedplan"
sandbox_bin="$build/sandbox/fedplan-sandbox"
work=$(mktemp -d /tmp/fedplan-demo.XXXXXX)
example=libvirt-two-cluster
firewall=""

step() { printf '\n\033[1m==> %s\033[0m\n\n' "$*"; }

cleanup() {
  set +e
  if [ -n "${applied:-}" ] && [ -f "$work/examples/$example/fedplan.state.json" ]; then
    (cd "$work/examples/$example" && "$fedplan" destroy -auto-approve >/dev/null 2>&1)
  fi
  "$fedplan" sandbox down --dir "$work/clusters" --purge >/dev/null 2>&1
  [ -n "$firewall" ] && "$root/tests/firewalld/harness.sh" stop "$firewall" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

step "Two sandbox clusters, mesh1 and mesh2 (Kubernetes API servers on 127.0.0.1 that play the OSSM operator)"
eval "$("$fedplan" sandbox up --dir "$work/clusters" --bin "$sandbox_bin")"
echo "MESH1_KUBECONFIG=$MESH1_KUBECONFIG"
echo "MESH2_KUBECONFIG=$MESH2_KUBECONFIG"

step "The hypervisor's firewall: a real firewalld in a private network namespace"
set +e
"$root/tests/firewalld/harness.sh" start "$work/hypervisor" >"$work/harness.log" 2>&1
code=$?
set -e
if [ "$code" = 0 ]; then
  firewall="$work/hypervisor"
  export FEDPLAN_VAR_firewall_cmd="$firewall/firewall-cmd"
  echo "firewalld is running; fedplan will use $FEDPLAN_VAR_firewall_cmd"
elif [ "$code" = 77 ]; then
  example=single-cluster
  echo "This machine cannot run firewalld in a namespace (needs root and ip netns):"
  echo "the demo federates two meshes inside one sandbox cluster instead (examples/single-cluster)."
else
  cat "$work/harness.log"
  exit 1
fi

mkdir -p "$work/examples"
cp -r "$root/examples/$example" "$work/examples/"
ln -s "$root/modules" "$work/modules"
cd "$work/examples/$example"
echo
echo "Configuration: examples/$example (modules from modules/)"

step "fedplan validate"
"$fedplan" validate

step "fedplan plan: what the seed's three install scripts did, as one reviewed plan"
"$fedplan" plan -no-color -out=demo.plan >plan.txt
grep -E '^  # .* (will be|must be)' plan.txt | sed 's/^  # /  /'
echo
grep -E '^Plan:' plan.txt
echo "(the full plan: $(wc -l <plan.txt) lines; 'fedplan show demo.plan' prints it, -format=markdown for a pull request)"

step "fedplan apply demo.plan"
applied=1
"$fedplan" apply -no-color demo.plan

step "fedplan plan -detailed-exitcode: a second plan finds nothing to do (exit 0)"
"$fedplan" plan -no-color -detailed-exitcode | tail -4

step "The ServiceMeshPeers: each holds the other mesh's address, ports and CA, and has connected"
for mesh in mesh1 mesh2; do
  kubeconfig_var="${mesh^^}_KUBECONFIG"
  [ "$example" = single-cluster ] && kubeconfig_var=MESH1_KUBECONFIG
  kubectl --kubeconfig "${!kubeconfig_var}" get servicemeshpeers.federation.maistra.io -n "$mesh-system" \
    -o custom-columns='MESH:.metadata.namespace,PEER:.metadata.name,ADDRESS:.spec.remote.addresses[0],SERVICE-PORT:.spec.remote.servicePort,DISCOVERY-PORT:.spec.remote.discoveryPort,CA:.spec.security.certificateChain.name,CONNECTED:.status.discoveryStatus.active[0].watch.connected'
done
echo
"$fedplan" output peers
if [ -n "$firewall" ]; then
  echo
  echo "Ports open in the hypervisor's libvirt zone (runtime, then permanent):"
  "$FEDPLAN_VAR_firewall_cmd" --zone=libvirt --list-ports
  "$FEDPLAN_VAR_firewall_cmd" --permanent --zone=libvirt --list-ports
fi

step "fedplan state list | head: what fedplan recorded (the uninstaller no longer has to guess)"
"$fedplan" state list | head -12
echo "... $("$fedplan" state list | wc -l) objects in all"

step "fedplan destroy -auto-approve"
"$fedplan" destroy -auto-approve -no-color | tail -3
applied=""

step "Nothing left"
kubectl --kubeconfig "$MESH1_KUBECONFIG" get namespaces
if [ -n "$firewall" ]; then
  echo "libvirt zone ports: [$("$FEDPLAN_VAR_firewall_cmd" --zone=libvirt --list-ports)]"
fi
echo
echo "The demo stops its sandboxes and firewalld now. Try it yourself:"
echo "  eval \"\$(build/cli/fedplan sandbox up)\" && cd examples/single-cluster && ../../build/cli/fedplan plan"
