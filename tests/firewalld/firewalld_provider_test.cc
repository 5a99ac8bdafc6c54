// The firewalld provider against a real firewalld (Debian's, in the harness's private network
// namespace), locally and over ssh. One harness serves the whole binary: main() owns it.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "base/process.h"
#include "providers/firewalld/firewalld_provider.h"
#include "providers/firewalld/testing/batch_probe.h"
#include "providers/firewalld/testing/provider_steps.h"
#include "providers/firewalld/transport.h"
#include "tests/firewalld/harness.h"

namespace fedplan::firewalld {
namespace {

using testing::attr;
using testing::converge;
using testing::diag_text;
using testing::Harness;
using testing::host_attr;
using testing::refresh;

const char kScript[] = FEDPLAN_SOURCE_DIR "/tests/firewalld/harness.sh";
const char kPort[] = "firewalld_port";
const char kZone[] = "firewalld_zone";

// The binary's one harness, started by the first test that asks for it. main() owns it (no
// static destructor, no atexit), so it is stopped when the run ends.
class SharedHarness {
 public:
  Harness& get() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!harness_) harness_ = Harness::start(kScript);
    return *harness_;
  }

 private:
  std::mutex mu_;
  std::unique_ptr<Harness> harness_;
};

SharedHarness* g_shared = nullptr;  // points at main()'s owner while the tests run

// Ends the test case early with a skip message when this machine cannot run the harness.
#define REQUIRE_HARNESS(h)                                     \
  do {                                                         \
    if ((h).skipped()) {                                       \
      MESSAGE("skipped: " << (h).reason());                    \
      return;                                                  \
    }                                                          \
    REQUIRE_MESSAGE((h).ready(), "harness: " << (h).reason()); \
  } while (0)

// Counts the commands that reach the real runner.
struct CountingRunner : ProcessRunner {
  SubprocessRunner real;
  std::atomic<int> runs{0};
  using ProcessRunner::run;
  ProcessResult run(const ProcessRequest& r) override {
    ++runs;
    return real.run(r);
  }
};

Value str(const std::string& s) {
  return Value::string(s);
}

std::unique_ptr<Provider> local_provider(const Harness& h,
                                         std::shared_ptr<ProcessRunner> runner = nullptr) {
  auto p = make_firewalld_provider(runner ? runner : std::make_shared<SubprocessRunner>());
  Diagnostics d = p->configure(Value::object({{"firewall_cmd", str(h.firewall_cmd())}}));
  REQUIRE_MESSAGE(!d.has_errors(), diag_text(d));
  return p;
}

std::unique_ptr<Provider> ssh_provider(const Harness& h, std::vector<std::string> hosts,
                                       std::shared_ptr<ProcessRunner> runner = nullptr) {
  ValueList hs;
  for (const std::string& x : hosts) hs.push_back(str(x));
  auto p = make_firewalld_provider(runner ? runner : std::make_shared<SubprocessRunner>());
  Diagnostics d = p->configure(Value::object({{"transport", str("ssh")},
                                              {"hosts", Value::list(hs)},
                                              {"user", str("root")},
                                              {"port", Value::number(std::stoi(h.env("SSH_PORT")))},
                                              {"identity_file", str(h.env("SSH_KEY"))},
                                              {"known_hosts", str(h.env("SSH_KNOWN_HOSTS"))},
                                              {"ssh_command", str(h.ssh_wrapper())}}));
  REQUIRE_MESSAGE(!d.has_errors(), diag_text(d));
  return p;
}

Value port(const std::string& zone, const std::string& number, ValueMap extra = {}) {
  ValueMap m = {{"zone", str(zone)}, {"port", str(number)}};
  for (auto& [k, v] : extra) m[k] = v;
  return Value::object(m);
}

// An apply without the plan's checks: what apply reports when the hosts change after the plan.
ApplyResult apply_unplanned(Provider& p, const std::string& type, const Value& config) {
  return p.apply({type, Value(), config, config});
}

// Asks the real firewalld directly, not through the provider.
bool is_open(const Harness& h, const std::string& zone, const std::string& item, bool permanent) {
  std::vector<std::string> args;
  if (permanent) args.push_back("--permanent");
  args.push_back("--zone=" + zone);
  args.push_back("--query-port=" + item);
  int code = -1;
  h.fw(args, &code);
  return code == 0;
}

TEST_CASE("local: a port opens at runtime and permanently, reads back, and closes") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  auto p = local_provider(h);
  Value state = converge(*p, kPort, Value(), port("libvirt", "31100"));
  CHECK(is_open(h, "libvirt", "31100/tcp", false));
  CHECK(is_open(h, "libvirt", "31100/tcp", true));
  CHECK(attr(state, "preexisting_runtime") == Value::boolean(false));
  Value read = refresh(*p, kPort, state);
  CHECK(read == state);
  CHECK(testing::plans_noop(*p, kPort, read, port("libvirt", "31100")));
  CHECK(converge(*p, kPort, read, Value()).is_null());
  CHECK_FALSE(is_open(h, "libvirt", "31100/tcp", false));
  CHECK_FALSE(is_open(h, "libvirt", "31100/tcp", true));
}

TEST_CASE("--reload keeps permanent ports, what a reload or a hand closed is opened again") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  auto p = local_provider(h);
  Value both_config = port("libvirt", "31110", {{"protocol", str("udp")}});
  Value seed_config = port("libvirt", "31111", {{"runtime_only", Value::boolean(true)}});
  Value both = converge(*p, kPort, Value(), both_config);
  Value seed = converge(*p, kPort, Value(), seed_config);
  CHECK_FALSE(is_open(h, "libvirt", "31111/tcp", true));  // runtime only, as the seed did

  CHECK(h.fw({"--reload"}) == "success\n");
  // A bulk refresh: one --list-ports per layer instead of one --query-port per port and layer.
  std::vector<ReadResult> after = p->read_many(kPort, {both, seed});
  REQUIRE(after.size() == 2);
  CHECK_MESSAGE(!after[0].diags.has_errors(), diag_text(after[0].diags));
  CHECK(after[0].state == both);              // permanent: survived the reload
  CHECK(after[1].state.is_null());            // runtime only: gone, so the plan creates it
  CHECK(refresh(*p, kPort, seed).is_null());  // the same answer one at a time
  seed = converge(*p, kPort, Value(), seed_config);
  CHECK(is_open(h, "libvirt", "31111/tcp", false));

  // Closed at runtime by hand: drift, updated in place, open again.
  h.fw({"--zone=libvirt", "--remove-port=31110/udp"});
  Value drifted = refresh(*p, kPort, both);
  CHECK(attr(drifted, "runtime") == Value::boolean(false));
  CHECK(attr(drifted, "permanent") == Value::boolean(true));
  PlanResult plan = p->plan_change({kPort, drifted, both_config});
  CHECK(plan.requires_replace.empty());
  both = converge(*p, kPort, drifted, both_config);
  CHECK(is_open(h, "libvirt", "31110/udp", false));
  CHECK(refresh(*p, kPort, both) == both);

  converge(*p, kPort, both, Value());
  converge(*p, kPort, seed, Value());
  CHECK_FALSE(is_open(h, "libvirt", "31110/udp", true));
  CHECK_FALSE(is_open(h, "libvirt", "31111/tcp", false));
}

TEST_CASE("destroy closes exactly what fedplan opened: never a port opened by hand") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  auto p = local_provider(h);
  h.fw({"--zone=libvirt", "--add-port=31120/tcp"});
  h.fw({"--permanent", "--zone=libvirt", "--add-port=31120/tcp"});
  h.fw({"--zone=libvirt", "--add-port=31121/tcp"});
  Value adopted = converge(*p, kPort, Value(), port("libvirt", "31120"));
  CHECK(attr(adopted, "preexisting_runtime") == Value::boolean(true));
  CHECK(attr(adopted, "preexisting_permanent") == Value::boolean(true));
  Value ours = converge(*p, kPort, Value(), port("libvirt", "31122"));

  converge(*p, kPort, adopted, Value());
  converge(*p, kPort, ours, Value());
  CHECK(is_open(h, "libvirt", "31120/tcp", false));
  CHECK(is_open(h, "libvirt", "31120/tcp", true));
  CHECK(is_open(h, "libvirt", "31121/tcp", false));
  CHECK_FALSE(is_open(h, "libvirt", "31122/tcp", false));
  CHECK_FALSE(is_open(h, "libvirt", "31122/tcp", true));
  h.fw({"--zone=libvirt", "--remove-port=31120/tcp"});
  h.fw({"--permanent", "--zone=libvirt", "--remove-port=31120/tcp"});
  h.fw({"--zone=libvirt", "--remove-port=31121/tcp"});
}

TEST_CASE("real firewall-cmd: a shared run's answers are placed entry by entry") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  // Each call: a fresh transport with one slot held, the entries queued, then one run.
  int runs_made = 0;
  auto together = [&](Layer layer, ItemKind kind, Verb verb, std::vector<std::string> items) {
    auto gate = std::make_shared<testing::GatedRunner>(std::make_shared<SubprocessRunner>());
    TransportConfig c;
    c.firewall_cmd = h.firewall_cmd();
    c.max_parallel = 1;
    Transport t(gate, c);
    std::vector<CmdRun> runs =
        testing::change_items_together(t, *gate, "", layer, "libvirt", kind, verb, items);
    runs_made = gate->runs() - 1;  // without the gate's --state
    return runs;
  };
  h.fw({"--zone=libvirt", "--add-port=31191/tcp"});  // by hand, both layers
  h.fw({"--permanent", "--zone=libvirt", "--add-port=31191/tcp"});
  for (Layer layer : {Layer::Runtime, Layer::Permanent}) {
    CAPTURE(layer_name(layer));
    std::vector<CmdRun> runs =
        together(layer, ItemKind::Port, Verb::Add, {"31190/tcp", "31191/tcp", "31192-31193/udp"});
    CHECK(runs_made == 1);
    for (const CmdRun& r : runs) CHECK(r.outcome.ok());
    CHECK(runs[0].outcome.code.empty());
    CHECK(runs[1].outcome.code == "ALREADY_ENABLED");
    CHECK(runs[2].outcome.code.empty());
    CHECK(is_open(h, "libvirt", "31190/tcp", layer == Layer::Permanent));
    CHECK(is_open(h, "libvirt", "31192-31193/udp", layer == Layer::Permanent));
    runs = together(layer, ItemKind::Port, Verb::Remove,
                    {"31190/tcp", "31192-31193/udp", "31199/tcp"});
    CHECK(runs_made == 1);
    CHECK(runs[0].outcome.code.empty());
    CHECK(runs[1].outcome.code.empty());
    CHECK(runs[2].outcome.code == "NOT_ENABLED");
    CHECK_FALSE(is_open(h, "libvirt", "31190/tcp", layer == Layer::Permanent));
  }
  // A failing entry among good ones: the others apply, it fails with firewalld's own error.
  std::vector<CmdRun> runs =
      together(Layer::Runtime, ItemKind::Service, Verb::Add, {"https", "nosuch"});
  CHECK(runs[0].outcome.ok());
  CHECK(runs[0].outcome.code.empty());
  CHECK(runs[1].outcome.failed());
  CHECK(runs[1].outcome.code == "INVALID_SERVICE");
  h.fw({"--zone=libvirt", "--remove-service=https"});
  h.fw({"--zone=libvirt", "--remove-port=31191/tcp"});
  h.fw({"--permanent", "--zone=libvirt", "--remove-port=31191/tcp"});
}

TEST_CASE("ports applied at the same time take fewer firewall-cmd runs, none adopted wrongly") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  auto counting = std::make_shared<CountingRunner>();
  auto p = make_firewalld_provider(counting);
  Diagnostics d = p->configure(
      Value::object({{"firewall_cmd", str(h.firewall_cmd())}, {"max_parallel", Value::number(1)}}));
  REQUIRE_MESSAGE(!d.has_errors(), diag_text(d));
  h.fw({"--zone=libvirt", "--add-port=31181/tcp"});
  h.fw({"--permanent", "--zone=libvirt", "--add-port=31181/tcp"});
  constexpr int kPorts = 10;
  std::vector<ApplyResult> made(kPorts);
  std::vector<std::thread> threads;
  for (int i = 0; i < kPorts; ++i)
    threads.emplace_back([&, i] {
      made[i] = apply_unplanned(*p, kPort, port("libvirt", std::to_string(31180 + i)));
    });
  for (std::thread& t : threads) t.join();
  threads.clear();
  int opening_runs = counting->runs.load();
  MESSAGE(kPorts << " ports, two layers: " << opening_runs << " firewall-cmd runs");
  CHECK(opening_runs < 2 * kPorts);
  for (int i = 0; i < kPorts; ++i) {
    CAPTURE(i);
    REQUIRE_MESSAGE(!made[i].diags.has_errors(), diag_text(made[i].diags));
    Value pre = Value::boolean(i == 1);
    CHECK(attr(made[i].state, "preexisting_runtime") == pre);
    CHECK(attr(made[i].state, "preexisting_permanent") == pre);
    CHECK(is_open(h, "libvirt", std::to_string(31180 + i) + "/tcp", false));
    CHECK(is_open(h, "libvirt", std::to_string(31180 + i) + "/tcp", true));
  }
  counting->runs = 0;
  std::vector<ApplyResult> gone(kPorts);
  for (int i = 0; i < kPorts; ++i)
    threads.emplace_back([&, i] { gone[i] = p->apply({kPort, made[i].state, Value(), Value()}); });
  for (std::thread& t : threads) t.join();
  CHECK(counting->runs.load() < 2 * kPorts);
  for (int i = 0; i < kPorts; ++i) {
    CAPTURE(i);
    CHECK_MESSAGE(!gone[i].diags.has_errors(), diag_text(gone[i].diags));
    // The port opened by hand stays open; fedplan's are closed.
    CHECK(is_open(h, "libvirt", std::to_string(31180 + i) + "/tcp", false) == (i == 1));
    CHECK(is_open(h, "libvirt", std::to_string(31180 + i) + "/tcp", true) == (i == 1));
  }
  h.fw({"--zone=libvirt", "--remove-port=31181/tcp"});
  h.fw({"--permanent", "--zone=libvirt", "--remove-port=31181/tcp"});
}

TEST_CASE("zones: a new one is created and deleted, an existing one is adopted and kept") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  auto p = local_provider(h);
  Value fpz_config = Value::object({{"name", str("fpz")},
                                    {"target", str("DROP")},
                                    {"description", str("fedplan test zone")},
                                    {"sources", Value::list({str("10.77.0.0/16")})}});
  Value fpz = converge(*p, kZone, Value(), fpz_config);
  CHECK(attr(fpz, "adopted") == Value::boolean(false));
  std::string info = h.fw({"--info-zone=fpz"});  // runtime: the reload brought it there
  CHECK(info.find("target: DROP") != std::string::npos);
  CHECK(info.find("sources: 10.77.0.0/16") != std::string::npos);
  CHECK(refresh(*p, kZone, fpz) == fpz);

  // A port in the new zone works at once, at runtime too.
  Value in_fpz = converge(*p, kPort, Value(), port("fpz", "31130"));
  CHECK(is_open(h, "fpz", "31130/tcp", false));

  Value lv_config =
      Value::object({{"name", str("libvirt")}, {"sources", Value::list({str("10.78.0.0/16")})}});
  Value lv = converge(*p, kZone, Value(), lv_config);
  CHECK(attr(lv, "adopted") == Value::boolean(true));
  CHECK(h.fw({"--zone=libvirt", "--list-sources"}) == "10.78.0.0/16\n");
  CHECK(converge(*p, kZone, lv, Value()).is_null());
  CHECK(h.fw({"--zone=libvirt", "--list-sources"}) == "\n");
  CHECK(h.fw({"--permanent", "--zone=libvirt", "--list-sources"}) == "\n");
  CHECK(h.fw({"--zone=libvirt", "--query-service=ssh"}) == "yes\n");  // the zone is intact

  converge(*p, kPort, in_fpz, Value());
  CHECK(converge(*p, kZone, fpz, Value()).is_null());
  int code = 0;
  h.fw({"--permanent", "--info-zone=fpz"}, &code);
  CHECK(code == 112);
  h.fw({"--info-zone=fpz"}, &code);
  CHECK(code == 112);
}

TEST_CASE("ssh to several hosts: 127.0.0.1 and localhost, through the harness's sshd") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  h.trust_host_alias("localhost");
  auto p = ssh_provider(h, {"127.0.0.1", "localhost"});
  std::string a = "root@127.0.0.1:" + h.env("SSH_PORT");
  std::string b = "root@localhost:" + h.env("SSH_PORT");
  Value state = converge(*p, kPort, Value(), port("libvirt", "31140"));
  for (const std::string& host : {a, b}) {
    CHECK(host_attr(state, host, "runtime") == Value::boolean(true));
    CHECK(host_attr(state, host, "permanent") == Value::boolean(true));
  }
  // Both names reach one daemon, so one of them found the port open already (recorded as
  // preexisting there); what matters here is that each host was asked and answered.
  CHECK(is_open(h, "libvirt", "31140/tcp", true));

  ReadResult data = p->read_data("firewalld_zone", Value::object({{"name", str("libvirt")}}));
  REQUIRE_MESSAGE(!data.diags.has_errors(), diag_text(data.diags));
  for (const std::string& host : {a, b}) {
    Value ports = attr(attr(attr(data.state, "hosts"), host), "ports");
    CHECK(ports.is_sequence());
    CHECK(debug_string(ports).find("31140/tcp") != std::string::npos);
  }

  h.fw({"--zone=libvirt", "--remove-port=31140/tcp"});
  Value drifted = refresh(*p, kPort, state);
  CHECK(attr(drifted, "runtime") == Value::boolean(false));
  CHECK(host_attr(drifted, a, "runtime") == Value::boolean(false));
  state = converge(*p, kPort, drifted, port("libvirt", "31140"));
  CHECK(is_open(h, "libvirt", "31140/tcp", false));

  CHECK(converge(*p, kPort, state, Value()).is_null());
  CHECK_FALSE(is_open(h, "libvirt", "31140/tcp", false));
  CHECK_FALSE(is_open(h, "libvirt", "31140/tcp", true));
}

TEST_CASE("hostile values are refused before any command, free text is inert through ssh") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  auto runner = std::make_shared<CountingRunner>();
  auto p = ssh_provider(h, {"127.0.0.1"}, runner);
  std::string canary = h.dir() + "/canary";
  std::vector<Value> hostile = {
      port("libvirt;touch " + canary, "31150"),
      port("libvirt", "31150$(touch " + canary + ")"),
      port("libvirt", "31150", {{"protocol", str("tcp`touch " + canary + "`")}}),
      port("lib'virt", "31150"),
      port("libvirt\n", "31150"),
      Value::object({{"name", str("fph")}, {"description", str("a\ntouch " + canary)}}),
      Value::object({{"name", str("fph")}, {"sources", Value::list({str("10.0.0.0/8;id")})}}),
  };
  for (const Value& config : hostile) {
    std::string type = config.get("name") ? kZone : kPort;
    CHECK_MESSAGE(p->validate(type, config).has_errors(), debug_string(config));
    CHECK(p->plan_change({type, Value(), config}).diags.has_errors());
    CHECK(p->apply({type, Value(), config, config}).diags.has_errors());
  }
  CHECK(runner->runs == 0);

  std::string text = "x'; touch " + canary + "; echo '$(touch " + canary + ")`touch " + canary +
                     "` \"q\" \\ * ~ !";
  Value zone = converge(*p, kZone, Value(),
                        Value::object({{"name", str("fph")}, {"description", str(text)}}));
  CHECK(h.fw({"--permanent", "--zone=fph", "--get-description"}) == text + "\n");
  CHECK(refresh(*p, kZone, zone) == zone);
  CHECK(access(canary.c_str(), F_OK) != 0);
  CHECK(converge(*p, kZone, zone, Value()).is_null());
}

TEST_CASE("firewall-cmd and ssh errors name the host and the resource") {
  Harness& h = g_shared->get();
  REQUIRE_HARNESS(h);
  std::string port_no = h.env("SSH_PORT");
  auto ssh = ssh_provider(h, {"127.0.0.1"});
  // The plan finds out first (preflight: --get-zones on the real firewalld).
  PlanResult plan = ssh->plan_change({kPort, Value(), port("nope", "31160")});
  REQUIRE(plan.diags.has_errors());
  CHECK(plan.diags.items[0].summary ==
        "Zone \"nope\" does not exist on firewalld host root@127.0.0.1:" + port_no);
  // Apply says the same if the zone goes away after the plan.
  ApplyResult bad = apply_unplanned(*ssh, kPort, port("nope", "31160"));
  REQUIRE(bad.diags.has_errors());
  CHECK(bad.diags.items[0].summary ==
        "firewalld on root@127.0.0.1:" + port_no + ": zone \"nope\" does not exist (INVALID_ZONE)");
  CHECK(bad.diags.items[0].detail.find("port nope/31160/tcp") != std::string::npos);
  CHECK(bad.state.is_null());

  auto local = local_provider(h);
  ApplyResult service = testing::plan_and_apply(
      *local, "firewalld_service", Value(),
      Value::object({{"zone", str("libvirt")}, {"service", str("nosuch")}}));
  REQUIRE(service.diags.has_errors());
  CHECK(service.diags.items[0].summary ==
        "firewalld on local: service \"nosuch\" is not defined in firewalld (INVALID_SERVICE)");

  // Nobody listens on 127.0.0.2 inside the namespace: ssh itself fails (exit 255).
  auto down = ssh_provider(h, {"127.0.0.2"});
  PlanResult refused = down->plan_change({kPort, Value(), port("libvirt", "31161")});
  REQUIRE(refused.diags.has_errors());
  CHECK(refused.diags.items[0].summary ==
        "firewalld on root@127.0.0.2:" + port_no + " is not reachable at plan time");
  CHECK(refused.diags.items[0].detail.find("Connection refused") != std::string::npos);
  ApplyResult unreachable = apply_unplanned(*down, kPort, port("libvirt", "31161"));
  REQUIRE(unreachable.diags.has_errors());
  CHECK(unreachable.diags.items[0].summary == "firewalld on root@127.0.0.2:" + port_no +
                                                  ": ssh failed: ssh: connect to host 127.0.0.2 "
                                                  "port " +
                                                  port_no + ": Connection refused");
  CHECK(unreachable.retryable);
}

TEST_CASE("a stopped firewalld is a clear error, locally and over ssh") {
  // Its own harness: killing the shared one's firewalld would break the other cases.
  std::unique_ptr<Harness> h = Harness::start(kScript);
  REQUIRE_HARNESS(*h);
  auto local = local_provider(*h);
  auto ssh = ssh_provider(*h, {"127.0.0.1"});
  // What a state records after an apply; reading it needs no apply first.
  Value state = Value::object({{"zone", str("libvirt")},
                               {"port", str("31170")},
                               {"protocol", str("tcp")},
                               {"runtime", Value::boolean(true)},
                               {"permanent", Value::boolean(true)}});
  REQUIRE(h->kill_firewalld());

  PlanResult plan = local->plan_change({kPort, Value(), port("libvirt", "31171")});
  REQUIRE(plan.diags.has_errors());
  CHECK(plan.diags.items[0].summary == "firewalld on local is not reachable at plan time");
  CHECK(plan.diags.items[0].detail.find("systemctl start firewalld") != std::string::npos);
  ApplyResult apply = apply_unplanned(*local, kPort, port("libvirt", "31171"));
  REQUIRE(apply.diags.has_errors());
  CHECK(apply.diags.items[0].summary ==
        "firewalld on local: firewalld is not running (NOT_RUNNING)");
  ReadResult read = ssh->read(kPort, state);
  REQUIRE(read.diags.has_errors());
  CHECK(read.diags.items[0].summary == "firewalld on root@127.0.0.1:" + h->env("SSH_PORT") +
                                           ": firewalld is not running (NOT_RUNNING)");
  CHECK(read.state == state);  // unchanged: a failed read is not "gone"
}

}  // namespace
}  // namespace fedplan::firewalld

int main(int argc, char** argv) {
  fedplan::firewalld::SharedHarness shared;  // stopped when main returns
  fedplan::firewalld::g_shared = &shared;
  doctest::Context context(argc, argv);
  int rc = context.run();
  fedplan::firewalld::g_shared = nullptr;
  return rc;
}
