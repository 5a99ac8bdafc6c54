// Applies through the fedplan binary with its state in a real etcd cluster: a member dies
// during the apply (the run goes on through the others), or every member does (the run stops,
// leaves an errored-state file, and `state push` of it recovers); the next run converges.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include "base/testing/temp_dir.h"
#include "state/etcd/etcd_client.h"
#include "state/etcd/testing/etcd_cluster.h"
#include "tests/e2e/common/child.h"

using namespace fedplan::e2e;
using fedplan::testing::EtcdCluster;
using fedplan::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// A configuration of `n` (thousands of) null_resources whose state lives in `cluster` under "e2e/".
std::string config_for(const EtcdCluster& cluster, int n) {
  std::string endpoints;
  for (const std::string& e : cluster.endpoints())
    endpoints += (endpoints.empty() ? "\"" : ", \"") + e + "\"";
  return "fedplan {\n  backend \"etcd\" {\n    endpoints = [" + endpoints +
         "]\n    prefix    = \"e2e\"\n    lock_ttl  = \"3s\"\n  }\n}\n"
         "resource \"null_resource\" \"n\" {\n"
         "  for_each = toset(flatten([for i in range(" +
         std::to_string(n / 1000) +
         ") : [for j in range(1000) : \"${i}-${j}\"]]))\n"
         "  input    = each.key\n}\n";
}

// Whether the state key exists yet (the apply's first write has gone through).
bool state_written(const EtcdCluster& cluster) {
  fedplan::EtcdClientOptions o;
  o.endpoints = cluster.endpoints();
  fedplan::Diagnostics diags;
  auto client = fedplan::EtcdClient::connect(o, nullptr, diags);
  auto r = client ? client->range({.key = "e2e/default/state"}, diags) : std::nullopt;
  return r && !r->kvs.empty();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Starts an apply of `n` resources and waits until its first state write is stored.
Child start_apply(const TempDir& dir, const EtcdCluster& cluster, int n, const std::string& log) {
  dir.write("main.fed.hcl", config_for(cluster, n));
  Child apply =
      start_fedplan(dir.path(), {"apply", "-auto-approve", "-no-color", "-parallelism=1"}, log);
  REQUIRE(wait_until([&] { return state_written(cluster); }, 20s));
  return apply;
}

}  // namespace

TEST_CASE("a member killed during an apply: the apply goes on and the next run converges") {
  if (!EtcdCluster::available()) std::exit(77);
  EtcdCluster cluster({.members = 3});
  TempDir dir;
  Child apply = start_apply(dir, cluster, 5000, dir / "apply");
  CHECK(still_running(apply));  // the kill lands mid-apply
  cluster.kill_member(0);       // the first endpoint: the one the run is talking to
  Exit e = wait_child(apply);
  INFO(apply.err());
  CHECK(e.code == 0);
  CHECK(contains(apply.out(), "Apply complete! Resources: 5000 added"));
  Exit plan = run_fedplan(dir.path(), {"plan", "-no-color", "-detailed-exitcode"}, dir / "plan");
  CHECK(plan.code == 0);
  Child list;
  run_fedplan(dir.path(), {"state", "list"}, dir / "list", &list);
  std::string listed = list.out();
  CHECK(std::count(listed.begin(), listed.end(), '\n') == 5000);
}

TEST_CASE("every member killed during an apply: errored state, state push, convergence") {
  if (!EtcdCluster::available()) std::exit(77);
  EtcdCluster cluster({.members = 3});
  TempDir dir;
  Child apply = start_apply(dir, cluster, 5000, dir / "apply");
  CHECK(still_running(apply));
  for (int i = 0; i < 3; ++i) cluster.kill_member(i);
  Exit e = wait_child(apply);
  std::string err = apply.err();
  INFO(err);
  CHECK(e.code == 1);
  CHECK(contains(err, "Cannot reach etcd at"));
  CHECK(contains(err, "fedplan.errored.state.json"));
  std::string errored = dir / "fedplan.errored.state.json";
  REQUIRE(std::filesystem::exists(errored));

  cluster.restart_members({0, 1, 2});
  // The dead run's lock lapses after its 3 s lease; the push waits for it and says so.
  Child push;
  Exit pushed =
      run_fedplan(dir.path(), {"state", "push", "-lock-timeout=20s", errored}, dir / "push", &push);
  INFO(push.err());
  CHECK(pushed.code == 0);
  Child finish;
  Exit done =
      run_fedplan(dir.path(), {"apply", "-auto-approve", "-no-color"}, dir / "finish", &finish);
  INFO(finish.err());
  CHECK(done.code == 0);
  // Nothing done was forgotten: the rerun created only what the first run had not.
  CHECK_FALSE(contains(finish.out(), "Resources: 5000 added"));
  Exit plan = run_fedplan(dir.path(), {"plan", "-no-color", "-detailed-exitcode"}, dir / "plan");
  CHECK(plan.code == 0);
}

TEST_CASE("an apply killed before its final write left its changes as journal records") {
  if (!EtcdCluster::available()) std::exit(77);
  EtcdCluster cluster;
  TempDir dir;
  fedplan::EtcdClientOptions o;
  o.endpoints = cluster.endpoints();
  fedplan::Diagnostics diags;
  auto client = fedplan::EtcdClient::connect(o, nullptr, diags);
  REQUIRE(client);
  auto under = [&](const std::string& leaf) {
    std::string p = "e2e/default/" + leaf;
    auto r = client->range({.key = p, .range_end = fedplan::etcd_prefix_end(p)}, diags);
    REQUIRE(r);
    return r->kvs;
  };
  // Killed once a write after the first has been stored, before the apply's last write.
  Child apply = start_apply(dir, cluster, 5000, dir / "apply");
  bool appended = wait_until([&] { return !under("journal/").empty(); }, 20s);
  Exit killed = kill_child(apply);
  REQUIRE(appended);
  CHECK(killed.signal == SIGKILL);

  auto manifest = under("state");
  REQUIRE(manifest.size() == 1);
  size_t records = 0, record_bytes = 0;
  for (const fedplan::EtcdKv& kv : under("journal/")) ++records, record_bytes += kv.value.size();
  Child pull;
  run_fedplan(dir.path(), {"state", "pull"}, dir / "pull", &pull);
  std::string state = pull.out();
  INFO("manifest version " << manifest[0].version << ", " << records << " records of "
                           << record_bytes << " bytes; state " << state.size() << " bytes");
  // Only the first write stored the whole state; every one after it only its changes.
  CHECK(manifest[0].version == 1);
  CHECK(record_bytes < state.size());
  // Reads fold the records: the serial counts them, and what they created is listed.
  CHECK(contains(state, "\"serial\": " + std::to_string(1 + records) + ","));
  Child list;
  run_fedplan(dir.path(), {"state", "list"}, dir / "list", &list);
  std::string listed = list.out();
  CHECK(std::count(listed.begin(), listed.end(), '\n') > 0);
  // The next run (which waits out the dead run's 3 s lock) creates only the rest, and its
  // whole writes remove the records.
  Child finish;
  Exit done = run_fedplan(dir.path(), {"apply", "-auto-approve", "-no-color", "-lock-timeout=20s"},
                          dir / "finish", &finish);
  INFO(finish.err());
  CHECK(done.code == 0);
  CHECK_FALSE(contains(finish.out(), "Resources: 5000 added"));
  CHECK(under("journal/").empty());
  Exit plan = run_fedplan(dir.path(), {"plan", "-no-color", "-detailed-exitcode"}, dir / "plan");
  CHECK(plan.code == 0);
}
