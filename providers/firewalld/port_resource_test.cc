// Tests of firewalld_port and firewalld_service through the Provider interface, against the
// fake firewall-cmd: open/close per layer, drift, preexisting ports, several hosts, errors.
#include <doctest/doctest.h>

#include "lang/testing/values.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "providers/firewalld/firewalld_provider.h"
#include "providers/firewalld/testing/fake_firewall.h"
#include "providers/firewalld/testing/provider_steps.h"

namespace fedplan::firewalld {
namespace {

using fedplan::testing::no;
using fedplan::testing::str;
using fedplan::testing::yes;

using testing::attr;
using testing::converge;
using testing::diag_text;
using testing::FakeFirewall;
using testing::host_attr;
using testing::refresh;

const char kPort[] = "firewalld_port";

Value port_config(const std::string& port, ValueMap extra = {}) {
  ValueMap m = {{"zone", str("libvirt")}, {"port", str(port)}};
  for (auto& [k, v] : extra) m[k] = v;
  return Value::object(m);
}

// A provider on the fake: local, or ssh to the given hosts.
struct Setup {
  std::shared_ptr<FakeFirewall> fake = std::make_shared<FakeFirewall>();
  std::unique_ptr<Provider> p = make_firewalld_provider(fake);

  explicit Setup(std::vector<std::string> hosts = {}) {
    ValueMap config;
    if (!hosts.empty()) {
      ValueList hs;
      for (const std::string& h : hosts) hs.push_back(str(h));
      config = {{"transport", str("ssh")},
                {"hosts", Value::list(hs)},
                {"user", str("root")},
                {"port", Value::number(2222)}};
    }
    Diagnostics d = p->configure(Value::object(config));
    REQUIRE_MESSAGE(!d.has_errors(), diag_text(d));
  }
};

TEST_CASE("create opens the port at runtime and permanently, delete closes both") {
  Setup s;
  Value state = converge(*s.p, kPort, Value(), port_config("31000"));
  CHECK(s.fake->port_open("local", "libvirt", "31000/tcp", false));
  CHECK(s.fake->port_open("local", "libvirt", "31000/tcp", true));
  CHECK(attr(state, "id") == str("libvirt/31000/tcp"));
  CHECK(attr(state, "protocol") == str("tcp"));
  CHECK(attr(state, "runtime") == yes());
  CHECK(attr(state, "permanent") == yes());
  CHECK(attr(state, "preexisting_runtime") == no());
  CHECK(host_attr(state, "local", "runtime") == yes());

  // Read back: nothing changed, and the config plans a no-op.
  Value read = refresh(*s.p, kPort, state);
  CHECK(read == state);
  CHECK(testing::plans_noop(*s.p, kPort, read, port_config("31000")));

  Value gone = converge(*s.p, kPort, read, Value());
  CHECK(gone.is_null());
  CHECK_FALSE(s.fake->port_open("local", "libvirt", "31000/tcp", false));
  CHECK_FALSE(s.fake->port_open("local", "libvirt", "31000/tcp", true));
}

TEST_CASE("a port closed by hand reads as drift and the next apply opens it again") {
  Setup s;
  Value state = converge(*s.p, kPort, Value(), port_config("31000", {{"protocol", str("udp")}}));
  s.fake->host("local").zones["libvirt"].runtime.ports.clear();  // someone closed it at runtime
  Value read = refresh(*s.p, kPort, state);
  CHECK(attr(read, "runtime") == no());
  CHECK(attr(read, "permanent") == yes());
  CHECK(host_attr(read, "local", "runtime") == no());

  PlanResult plan =
      s.p->plan_change({kPort, read, port_config("31000", {{"protocol", str("udp")}})});
  CHECK(plan.requires_replace.empty());
  CHECK(attr(plan.planned, "runtime") == yes());
  CHECK(plan.planned != read);

  Value fixed = converge(*s.p, kPort, read, port_config("31000", {{"protocol", str("udp")}}));
  CHECK(s.fake->port_open("local", "libvirt", "31000/udp", false));
  CHECK(attr(fixed, "runtime") == yes());
  CHECK(host_attr(fixed, "local", "preexisting_runtime") == no());

  // Closed in both layers by hand: the port is gone and the plan is a create.
  s.fake->host("local").zones["libvirt"].runtime.ports.clear();
  s.fake->host("local").zones["libvirt"].permanent.ports.clear();
  CHECK(refresh(*s.p, kPort, fixed).is_null());
}

TEST_CASE("a port open before fedplan is recorded as preexisting and left open on delete") {
  Setup s;
  s.fake->host("local").zones["libvirt"].runtime.ports = {"31000/tcp"};
  Value state = converge(*s.p, kPort, Value(), port_config("31000"));
  CHECK(attr(state, "preexisting_runtime") == yes());
  CHECK(attr(state, "preexisting_permanent") == no());
  CHECK(host_attr(state, "local", "preexisting_runtime") == yes());

  CHECK(converge(*s.p, kPort, state, Value()).is_null());
  CHECK(s.fake->port_open("local", "libvirt", "31000/tcp", false));  // not fedplan's: stays
  CHECK_FALSE(s.fake->port_open("local", "libvirt", "31000/tcp", true));
}

TEST_CASE("a resumed create takes a port a killed run opened as fedplan's, and delete closes it") {
  Setup s;
  // The killed run opened the port in both layers, then died before its state write.
  s.fake->host("local").zones["libvirt"].runtime.ports = {"31000/tcp"};
  s.fake->host("local").zones["libvirt"].permanent.ports = {"31000/tcp"};
  PlanResult plan = s.p->plan_change({kPort, Value(), port_config("31000")});
  REQUIRE_MESSAGE(!plan.diags.has_errors(), diag_text(plan.diags));
  ApplyRequest req{kPort, Value(), plan.planned, port_config("31000")};
  req.resumed = true;
  ApplyResult r = s.p->apply(req);
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(attr(r.state, "preexisting_runtime") == no());
  CHECK(attr(r.state, "preexisting_permanent") == no());

  CHECK(converge(*s.p, kPort, r.state, Value()).is_null());
  CHECK_FALSE(s.fake->port_open("local", "libvirt", "31000/tcp", false));
  CHECK_FALSE(s.fake->port_open("local", "libvirt", "31000/tcp", true));
}

TEST_CASE("destroy never touches other ports, even ones opened by hand in the same zone") {
  Setup s;
  Value state = converge(*s.p, kPort, Value(), port_config("31000"));
  s.fake->host("local").zones["libvirt"].runtime.ports.push_back("31001/tcp");
  s.fake->host("local").zones["libvirt"].permanent.ports.push_back("31001/tcp");
  CHECK(refresh(*s.p, kPort, state) == state);  // an unmanaged port is no drift
  converge(*s.p, kPort, state, Value());
  CHECK(s.fake->port_open("local", "libvirt", "31001/tcp", false));
  CHECK(s.fake->port_open("local", "libvirt", "31001/tcp", true));
  for (const testing::FakeCall& c : s.fake->calls())
    for (const std::string& w : c.words) CHECK(w.find("31001") == std::string::npos);
}

TEST_CASE("runtime_only mirrors the seed scripts and never touches the permanent layer") {
  Setup s;
  Value config = port_config("31000", {{"runtime_only", yes()}});
  Value state = converge(*s.p, kPort, Value(), config);
  CHECK(attr(state, "permanent") == no());
  CHECK(s.fake->port_open("local", "libvirt", "31000/tcp", false));
  CHECK_FALSE(s.fake->port_open("local", "libvirt", "31000/tcp", true));
  converge(*s.p, kPort, state, Value());
  for (const testing::FakeCall& c : s.fake->calls())
    CHECK(std::find(c.words.begin(), c.words.end(), "--permanent") == c.words.end());

  Diagnostics d =
      s.p->validate(kPort, port_config("1", {{"runtime_only", yes()}, {"permanent", yes()}}));
  CHECK(diag_text(d).find("runtime_only conflicts with permanent = true") != std::string::npos);
  d = s.p->validate(kPort, port_config("1", {{"runtime", no()}, {"permanent", no()}}));
  CHECK(diag_text(d).find("Nothing to open") != std::string::npos);
}

TEST_CASE("turning permanent off is an update in place that closes only the permanent port") {
  Setup s;
  Value state = converge(*s.p, kPort, Value(), port_config("31000"));
  Value off = port_config("31000", {{"permanent", no()}});
  PlanResult plan = s.p->plan_change({kPort, state, off});
  CHECK(plan.requires_replace.empty());
  CHECK(attr(plan.planned, "permanent") == no());
  CHECK_FALSE(attr(plan.planned, "hosts").known());
  Value updated = converge(*s.p, kPort, state, off);
  CHECK(s.fake->port_open("local", "libvirt", "31000/tcp", false));
  CHECK_FALSE(s.fake->port_open("local", "libvirt", "31000/tcp", true));
  CHECK(host_attr(updated, "local", "permanent") == no());
}

TEST_CASE("replace when zone, port or protocol changes, unknown values plan unknown") {
  Setup s;
  Value state = converge(*s.p, kPort, Value(), port_config("31000"));
  auto replaced = [&](const Value& config) {
    PlanResult plan = s.p->plan_change({kPort, state, config});
    REQUIRE(!plan.diags.has_errors());
    std::vector<std::string> paths;
    for (const ValuePath& path : plan.requires_replace) paths.push_back(path_to_string(path));
    return paths;
  };
  CHECK(replaced(port_config("31001")) == std::vector<std::string>{".port"});
  CHECK(replaced(port_config("31000", {{"protocol", str("udp")}})) ==
        std::vector<std::string>{".protocol"});
  CHECK(replaced(Value::object({{"zone", str("public")}, {"port", str("31000")}})) ==
        std::vector<std::string>{".zone"});
  CHECK(replaced(port_config("31000", {{"runtime", no()}})).empty());
  // A number is the same port as its string; "tcp" is the default protocol.
  CHECK(testing::plans_noop(
      *s.p, kPort, state,
      Value::object(
          {{"zone", str("libvirt")}, {"port", Value::number(31000)}, {"protocol", str("tcp")}})));

  // The engine replaces, an apply asked to change the key in place refuses and keeps the state.
  ApplyResult in_place = s.p->apply({kPort, state, port_config("31001"), port_config("31001")});
  CHECK(diag_text(in_place.diags).find("firewalld_port: zone, port or protocol changed in place") !=
        std::string::npos);
  CHECK(in_place.state == state);

  Value unknown_port =
      Value::object({{"zone", str("libvirt")}, {"port", Value::unknown(ValueKind::String)}});
  CHECK(s.p->validate(kPort, unknown_port).empty());
  CHECK(replaced(unknown_port) == std::vector<std::string>{".port"});
  PlanResult fresh = s.p->plan_change({kPort, Value(), unknown_port});
  CHECK_FALSE(attr(fresh.planned, "id").known());
  CHECK(attr(fresh.planned, "zone") == str("libvirt"));
  CHECK(attr(fresh.planned, "runtime") == yes());
}

TEST_CASE("port ranges are opened as one entry and normalized") {
  Setup s;
  Value state = converge(*s.p, kPort, Value(), port_config("30000-30010"));
  CHECK(attr(state, "id") == str("libvirt/30000-30010/tcp"));
  CHECK(s.fake->port_open("local", "libvirt", "30000-30010/tcp", true));
  Diagnostics d = s.p->validate(kPort, port_config("30010-30000"));
  CHECK(diag_text(d).find("must not end before it starts") != std::string::npos);
}

TEST_CASE("several hosts: each gets the port, drift on one host shows, destroy closes all") {
  Setup s({"127.0.0.1", "localhost"});
  Value state = converge(*s.p, kPort, Value(), port_config("31000"));
  for (const char* h : {"127.0.0.1", "localhost"}) {
    CHECK(s.fake->port_open(h, "libvirt", "31000/tcp", false));
    CHECK(s.fake->port_open(h, "libvirt", "31000/tcp", true));
  }
  CHECK(host_attr(state, "root@127.0.0.1:2222", "runtime") == yes());
  CHECK(host_attr(state, "root@localhost:2222", "permanent") == yes());

  s.fake->host("localhost").zones["libvirt"].runtime.ports.clear();
  Value read = refresh(*s.p, kPort, state);
  CHECK(attr(read, "runtime") == no());
  CHECK(host_attr(read, "root@127.0.0.1:2222", "runtime") == yes());
  CHECK(host_attr(read, "root@localhost:2222", "runtime") == no());

  s.fake->clear_calls();
  Value fixed = converge(*s.p, kPort, read, port_config("31000"));
  CHECK(attr(fixed, "runtime") == yes());
  CHECK(s.fake->port_open("localhost", "libvirt", "31000/tcp", false));
  // 127.0.0.1 answered ALREADY_ENABLED but the record says fedplan opened it: still fedplan's.
  CHECK(host_attr(fixed, "root@127.0.0.1:2222", "preexisting_runtime") == no());

  CHECK(converge(*s.p, kPort, fixed, Value()).is_null());
  for (const char* h : {"127.0.0.1", "localhost"}) {
    CHECK_FALSE(s.fake->port_open(h, "libvirt", "31000/tcp", false));
    CHECK_FALSE(s.fake->port_open(h, "libvirt", "31000/tcp", true));
  }
}

TEST_CASE("a host added to the provider reads as drift, a host removed is warned about") {
  Value state;
  auto fake = std::make_shared<FakeFirewall>();
  {
    auto p = make_firewalld_provider(fake);
    REQUIRE(
        !p->configure(Value::object({{"transport", str("ssh")}, {"host", str("a")}})).has_errors());
    state = converge(*p, kPort, Value(), port_config("31000"));
  }
  auto p = make_firewalld_provider(fake);
  REQUIRE(!p->configure(Value::object({{"transport", str("ssh")},
                                       {"hosts", Value::list({str("a"), str("b")})}}))
               .has_errors());
  Value read = refresh(*p, kPort, state);
  CHECK(attr(read, "runtime") == no());
  CHECK(host_attr(read, "b:22", "runtime") == no());
  state = converge(*p, kPort, read, port_config("31000"));
  CHECK(fake->port_open("b", "libvirt", "31000/tcp", true));

  auto p2 = make_firewalld_provider(fake);
  REQUIRE(
      !p2->configure(Value::object({{"transport", str("ssh")}, {"host", str("b")}})).has_errors());
  ApplyResult r = p2->apply({kPort, state, Value(), Value()});
  CHECK_FALSE(r.diags.has_errors());
  CHECK(diag_text(r.diags).find("firewalld on a:22: host is no longer configured") !=
        std::string::npos);
  CHECK(fake->port_open("a", "libvirt", "31000/tcp", true));  // unreachable: left as it was
  CHECK_FALSE(fake->port_open("b", "libvirt", "31000/tcp", true));
}

// Apply of a plan made while the hosts were well: what they do in between is apply's to report.
ApplyResult apply_after(Provider& p, const Value& config, const std::function<void()>& change) {
  PlanResult plan = p.plan_change({kPort, Value(), config});
  REQUIRE_MESSAGE(!plan.diags.has_errors(), diag_text(plan.diags));
  change();
  return p.apply({kPort, Value(), plan.planned, config});
}

TEST_CASE("errors name the host and the resource, a partial create keeps what it made") {
  Setup s({"127.0.0.1", "localhost"});
  s.fake->host("127.0.0.1").zones["nope"] = {};
  s.fake->host("localhost").zones["nope"] = {};
  ApplyResult bad =
      apply_after(*s.p, Value::object({{"zone", str("nope")}, {"port", str("31000")}}), [&] {
        s.fake->host("127.0.0.1").zones.erase("nope");
        s.fake->host("localhost").zones.erase("nope");
      });
  REQUIRE(bad.diags.has_errors());
  CHECK(bad.diags.items[0].summary ==
        "firewalld on root@127.0.0.1:2222: zone \"nope\" does not exist (INVALID_ZONE)");
  CHECK(bad.diags.items[0].detail.find("While opening port nope/31000/tcp (runtime).") == 0);
  CHECK(bad.state.is_null());

  ApplyResult half =
      apply_after(*s.p, port_config("31000"), [&] { s.fake->host("localhost").running = false; });
  REQUIRE(half.diags.size() == 1);
  CHECK(half.diags.items[0].summary ==
        "firewalld on root@localhost:2222: firewalld is not running (NOT_RUNNING)");
  CHECK_FALSE(half.retryable);
  REQUIRE(!half.state.is_null());
  CHECK(host_attr(half.state, "root@127.0.0.1:2222", "runtime") == yes());
  CHECK(host_attr(half.state, "root@localhost:2222", "runtime") == no());

  s.fake->host("localhost").running = true;
  s.fake->host("localhost").ssh_down = true;
  ReadResult read = s.p->read(kPort, half.state);
  REQUIRE(read.diags.has_errors());
  CHECK(read.diags.items[0].summary ==
        "firewalld on root@localhost:2222: ssh failed: ssh: connect to host localhost port 22: "
        "Connection refused");
  CHECK(read.state == half.state);
}

TEST_CASE("hostile values are rejected by validate and plan before any command runs") {
  Setup s({"127.0.0.1"});
  std::vector<std::pair<const char*, std::string>> bad = {{"zone", "libvirt;reboot"},
                                                          {"zone", "$(touch /tmp/x)"},
                                                          {"zone", "a'b"},
                                                          {"zone", "a\nb"},
                                                          {"port", "31000;id"},
                                                          {"port", "`id`"},
                                                          {"port", "1 2"},
                                                          {"protocol", "tcp\"x"},
                                                          {"protocol", "$(id)"},
                                                          {"zone", "--permanent=x"},
                                                          {"port", "-1"},
                                                          {"protocol", "tcp\n"}};
  for (const auto& [name, value] : bad) {
    Value config = port_config("31000", {{name, str(value)}});
    CHECK_MESSAGE(s.p->validate(kPort, config).has_errors(), name, "=", value);
    PlanResult plan = s.p->plan_change({kPort, Value(), config});
    CHECK(plan.diags.has_errors());
    ApplyResult apply = s.p->apply({kPort, Value(), config, config});
    CHECK(apply.diags.has_errors());
  }
  CHECK(s.fake->call_count() == 0);
}

TEST_CASE("read_many lists each zone once per layer and host and agrees with read") {
  Setup s({"a", "b"});
  std::vector<Value> states;
  for (const char* port : {"31000", "31001", "31002", "31003"})
    states.push_back(converge(*s.p, kPort, Value(), port_config(port)));
  states.push_back(converge(
      *s.p, kPort, Value(),
      Value::object({{"zone", str("public")}, {"port", str("31004")}, {"runtime_only", yes()}})));
  states.push_back(converge(*s.p, "firewalld_port", Value(), port_config("32002")));
  // Drift: 31001 closed at runtime on b; 31002 closed everywhere; 32002 closed but inside an
  // open range on a.
  auto remove = [](std::vector<std::string>& v, const std::string& x) {
    v.erase(std::remove(v.begin(), v.end(), x), v.end());
  };
  remove(s.fake->host("b").zones["libvirt"].runtime.ports, "31001/tcp");
  for (const char* h : {"a", "b"}) {
    remove(s.fake->host(h).zones["libvirt"].runtime.ports, "31002/tcp");
    remove(s.fake->host(h).zones["libvirt"].permanent.ports, "31002/tcp");
  }
  remove(s.fake->host("a").zones["libvirt"].runtime.ports, "32002/tcp");
  s.fake->host("a").zones["libvirt"].runtime.ports.push_back("32000-32005/tcp");
  states.push_back(Value::object({{"zone", str("bad zone")}, {"port", str("1")}}));

  s.fake->clear_calls();
  std::vector<ReadResult> many = s.p->read_many(kPort, states);
  // libvirt: runtime + permanent; public: runtime only; on 2 hosts.
  CHECK(s.fake->call_count() == 6);
  REQUIRE(many.size() == states.size());
  for (size_t i = 0; i + 1 < states.size(); ++i) {
    ReadResult one = s.p->read(kPort, states[i]);
    CHECK_MESSAGE(many[i].state == one.state, i);
    CHECK(many[i].diags.empty());
  }
  CHECK(many[0].state == states[0]);
  CHECK(attr(many[1].state, "runtime") == no());
  CHECK(many[2].state.is_null());
  CHECK(many[4].state == states[4]);
  CHECK(many[5].state == states[5]);  // covered by the range: open, as --query-port says
  CHECK(many.back().diags.has_errors());
  CHECK(many.back().state == states.back());
}

// The fake behind a runner that holds each run until `overlap` runs are in progress (or
// `patience` passed), and remembers the most it saw at once.
struct OverlapRunner : ProcessRunner {
  std::shared_ptr<FakeFirewall> fake;
  int overlap = 2;
  std::chrono::milliseconds patience{2000};
  std::mutex mu;
  std::condition_variable cv;
  int running = 0, most = 0;

  explicit OverlapRunner(std::shared_ptr<FakeFirewall> f) : fake(std::move(f)) {}
  using ProcessRunner::run;
  ProcessResult run(const ProcessRequest& request) override {
    {
      std::unique_lock<std::mutex> lock(mu);
      most = std::max(most, ++running);
      cv.notify_all();
      cv.wait_for(lock, patience, [&] { return most >= overlap; });
    }
    ProcessResult r = fake->run(request);
    std::lock_guard<std::mutex> lock(mu);
    --running;
    return r;
  }
};

TEST_CASE("read_many lists the runtime and permanent layers at the same time") {
  Setup s;
  std::vector<Value> states;
  for (const char* port : {"31000", "31001"})
    states.push_back(converge(*s.p, kPort, Value(), port_config(port)));
  auto runner = std::make_shared<OverlapRunner>(s.fake);
  std::unique_ptr<Provider> p = make_firewalld_provider(runner);
  REQUIRE(!p->configure(Value::object({})).has_errors());
  s.fake->clear_calls();
  std::vector<ReadResult> many = p->read_many(kPort, states);
  CHECK(s.fake->call_count() == 2);
  CHECK(runner->most == 2);
  CHECK(many[0].state == states[0]);
  CHECK(many[1].state == states[1]);
}

TEST_CASE("read_many runs at most max_parallel firewall-cmd at once") {
  Setup s({"a", "b"});
  std::vector<Value> states;
  for (const char* port : {"31000", "31001"})
    states.push_back(converge(*s.p, kPort, Value(), port_config(port)));
  auto runner = std::make_shared<OverlapRunner>(s.fake);
  runner->patience = std::chrono::milliseconds(150);  // each of the 4 runs waits it out alone
  std::unique_ptr<Provider> p = make_firewalld_provider(runner);
  ValueList hosts = {str("a"), str("b")};
  REQUIRE(!p->configure(Value::object({{"transport", str("ssh")},
                                       {"hosts", Value::list(hosts)},
                                       {"user", str("root")},
                                       {"port", Value::number(2222)},
                                       {"max_parallel", Value::number(1)}}))
               .has_errors());
  std::vector<ReadResult> many = p->read_many(kPort, states);
  CHECK(runner->most == 1);
  CHECK(many[1].state == states[1]);
}

TEST_CASE("a port whose zone was deleted reads as gone, not as an error") {
  Setup s;
  s.fake->host("local").zones["extra"] = testing::FakeZone{};
  Value state = converge(*s.p, kPort, Value(),
                         Value::object({{"zone", str("extra")}, {"port", str("31000")}}));
  s.fake->host("local").zones.erase("extra");
  ReadResult r = s.p->read(kPort, state);
  CHECK_FALSE(r.diags.has_errors());
  CHECK(r.state.is_null());
  std::vector<ReadResult> many = s.p->read_many(kPort, {state, state});
  CHECK(many[0].state.is_null());
  CHECK_FALSE(many[0].diags.has_errors());
}

TEST_CASE("import takes over an open port, fedplan then owns it") {
  Setup s;
  s.fake->host("local").zones["libvirt"].runtime.ports = {"31000/tcp"};
  ReadResult r = s.p->import(kPort, "libvirt/31000/tcp");
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(attr(r.state, "runtime") == yes());
  CHECK(attr(r.state, "permanent") == no());  // the plan will open it permanently
  CHECK(attr(r.state, "preexisting_runtime") == no());
  Value state = converge(*s.p, kPort, r.state, port_config("31000"));
  CHECK(s.fake->port_open("local", "libvirt", "31000/tcp", true));
  converge(*s.p, kPort, state, Value());
  CHECK_FALSE(s.fake->port_open("local", "libvirt", "31000/tcp", false));

  CHECK(s.p->import(kPort, "libvirt/31001/tcp").diags.has_errors());  // not open anywhere
  CHECK(s.p->import(kPort, "libvirt/31000").diags.has_errors());
  CHECK(s.p->import(kPort, "a;b/1/tcp").diags.has_errors());
}

TEST_CASE("firewalld_service enables a service per layer and leaves a preexisting one") {
  Setup s;
  const char kService[] = "firewalld_service";
  Value config = Value::object({{"zone", str("libvirt")}, {"service", str("http")}});
  Value state = converge(*s.p, kService, Value(), config);
  CHECK(attr(state, "id") == str("libvirt/http"));
  CHECK(s.fake->host("local").zones["libvirt"].runtime.services.count("http"));
  CHECK(s.fake->host("local").zones["libvirt"].permanent.services.count("http"));
  s.fake->host("local").zones["libvirt"].permanent.services.erase("http");
  CHECK(attr(refresh(*s.p, kService, state), "permanent") == no());
  converge(*s.p, kService, state, Value());
  CHECK_FALSE(s.fake->host("local").zones["libvirt"].runtime.services.count("http"));

  // ssh is in the libvirt zone already: adopted, and still there after destroy.
  Value ssh = Value::object({{"zone", str("libvirt")}, {"service", str("ssh")}});
  Value ssh_state = converge(*s.p, kService, Value(), ssh);
  CHECK(attr(ssh_state, "preexisting_runtime") == yes());
  CHECK(attr(ssh_state, "preexisting_permanent") == yes());
  converge(*s.p, kService, ssh_state, Value());
  CHECK(s.fake->host("local").zones["libvirt"].runtime.services.count("ssh"));

  ApplyResult unknown = testing::plan_and_apply(
      *s.p, kService, Value(),
      Value::object({{"zone", str("libvirt")}, {"service", str("nosuch")}}));
  REQUIRE(unknown.diags.has_errors());
  CHECK(unknown.diags.items[0].summary ==
        "firewalld on local: service \"nosuch\" is not defined in firewalld (INVALID_SERVICE)");
  CHECK(s.p->validate(kService,
                      Value::object({{"zone", str("libvirt")}, {"service", str("http;id")}}))
            .has_errors());
  CHECK(s.p->plan_change({kService, state,
                          Value::object({{"zone", str("libvirt")}, {"service", str("https")}})})
            .requires_replace.size() == 1);
}

}  // namespace
}  // namespace fedplan::firewalld
