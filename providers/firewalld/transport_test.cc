// Tests of the provider block's checks and of the argv the local and ssh transports build,
// including a real `sh -c` reading the remote command line back word for word.
#include "providers/firewalld/transport.h"

#include <doctest/doctest.h>

#include "lang/testing/values.h"

#include <atomic>
#include <thread>

#include "providers/firewalld/testing/batch_probe.h"
#include "providers/firewalld/testing/fake_firewall.h"

namespace fedplan::firewalld {
namespace {

using fedplan::testing::str;

using Args = std::vector<std::string>;

Value obj(ValueMap m) {
  return Value::object(std::move(m));
}

TransportConfig parse_ok(const Value& config) {
  TransportConfig c;
  Diagnostics d = parse_transport_config(config, &c);
  CHECK_MESSAGE(!d.has_errors(), (d.empty() ? "" : d.items[0].summary + ": " + d.items[0].detail));
  return c;
}

std::string first_error(const Value& config) {
  TransportConfig c;
  Diagnostics d = parse_transport_config(config, &c);
  for (const Diagnostic& x : d.items)
    if (x.severity == Severity::Error) return x.summary + ": " + x.detail;
  return "";
}

TEST_CASE("local transport: firewall-cmd itself, or through sudo -n") {
  TransportConfig c = parse_ok(Value::object({}));
  CHECK(c.kind == TransportConfig::Kind::Local);
  CHECK(transport_argv(c, "", {"--zone=libvirt", "--add-port=1/tcp"}) ==
        Args{"firewall-cmd", "--zone=libvirt", "--add-port=1/tcp"});
  c = parse_ok(obj({{"transport", str("local")},
                    {"sudo", Value::boolean(true)},
                    {"firewall_cmd", str("/tmp/fw/firewall-cmd")}}));
  CHECK(transport_argv(c, "", {"--reload"}) ==
        Args{"sudo", "-n", "--", "/tmp/fw/firewall-cmd", "--reload"});
  CHECK(host_label(c, "") == "local");
}

TEST_CASE("ssh transport: batch mode, strict host keys, options before --, one quoted line") {
  TransportConfig c = parse_ok(obj({{"transport", str("ssh")},
                                    {"host", str("127.0.0.1")},
                                    {"user", str("root")},
                                    {"port", Value::number(2222)},
                                    {"identity_file", str("/tmp/fw/keys/id_ed25519")},
                                    {"known_hosts", str("/tmp/fw/keys/known_hosts")},
                                    {"ssh_command", str("/tmp/fw/ssh")},
                                    {"sudo", Value::boolean(true)}}));
  CHECK(c.hosts == Args{"127.0.0.1"});
  Args argv = transport_argv(c, "127.0.0.1", {"--permanent", "--set-description=a'b; $(x)"});
  CHECK(argv == Args{"/tmp/fw/ssh",
                     "-o",
                     "BatchMode=yes",
                     "-o",
                     "StrictHostKeyChecking=yes",
                     "-o",
                     "ConnectTimeout=10",
                     "-p",
                     "2222",
                     "-l",
                     "root",
                     "-i",
                     "/tmp/fw/keys/id_ed25519",
                     "-o",
                     "IdentitiesOnly=yes",
                     "-o",
                     "UserKnownHostsFile=/tmp/fw/keys/known_hosts",
                     "--",
                     "127.0.0.1",
                     "sudo -n -- firewall-cmd --permanent '--set-description=a'\\''b; $(x)'"});
  CHECK(host_label(c, "127.0.0.1") == "root@127.0.0.1:2222");
  CHECK(host_label(c, "::1") == "root@[::1]:2222");

  // The remote shell gets back exactly the words that were meant.
  std::vector<std::string> words;
  REQUIRE(testing::FakeFirewall::split_shell_words(argv.back(), &words));
  CHECK(words ==
        Args{"sudo", "-n", "--", "firewall-cmd", "--permanent", "--set-description=a'b; $(x)"});
  SubprocessRunner sh;
  ProcessResult r = sh.run({"sh", "-c", "printf '%s\\n' " + argv.back()});
  CHECK(r.out == "sudo\n-n\n--\nfirewall-cmd\n--permanent\n--set-description=a'b; $(x)\n");
}

TEST_CASE("hosts: one or many, never both host and hosts, each checked") {
  TransportConfig c = parse_ok(
      obj({{"transport", str("ssh")}, {"hosts", Value::list({str("a"), str("b.example")})}}));
  CHECK(c.hosts == Args{"a", "b.example"});
  CHECK(c.port == 22);
  CHECK(host_label(c, "a") == "a:22");
  Args argv = transport_argv(c, "a", {"--state"});
  CHECK(argv == Args{"ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o",
                     "ConnectTimeout=10", "-p", "22", "--", "a", "firewall-cmd --state"});

  CHECK(first_error(obj({{"transport", str("ssh")}})).find("needs a host") != std::string::npos);
  CHECK(
      first_error(
          obj({{"transport", str("ssh")}, {"host", str("a")}, {"hosts", Value::list({str("b")})}}))
          .find("Both") != std::string::npos);
  CHECK(first_error(obj({{"transport", str("ssh")}, {"hosts", Value::list({str("a"), str("a")})}}))
            .find("listed twice") != std::string::npos);
  CHECK(first_error(obj({{"transport", str("ssh")}, {"host", str("-oProxyCommand=touch x")}}))
            .find("Invalid value for \"host\"") != std::string::npos);
  CHECK(first_error(obj({{"transport", str("ssh")}, {"host", str("a;reboot")}})) != "");
}

TEST_CASE("provider block errors: bad transport, ssh settings on local, ranges, paths") {
  CHECK(first_error(obj({{"transport", str("telnet")}})) ==
        "Invalid value for \"transport\": \"telnet\" must be \"local\" or \"ssh\".");
  CHECK(first_error(obj({{"host", str("a")}})).find("needs transport = \"ssh\"") !=
        std::string::npos);
  CHECK(
      first_error(obj({{"transport", str("ssh")}, {"host", str("a")}, {"port", Value::number(0)}}))
          .find("1 to 65535") != std::string::npos);
  CHECK(first_error(obj(
            {{"transport", str("ssh")}, {"host", str("a")}, {"port", Value::number(22.5)}})) != "");
  CHECK(first_error(obj({{"max_parallel", Value::number(0)}})).find("1 to 64") !=
        std::string::npos);
  CHECK(first_error(obj({{"firewall_cmd", str("firewall-cmd; reboot")}})) != "");
  CHECK(first_error(obj({{"transport", str("ssh")},
                         {"host", str("a")},
                         {"identity_file", str("~/.ssh/id")}})) != "");
  CHECK(first_error(obj({{"transport", str("ssh")}, {"host", str("a")}, {"user", str("-x")}})) !=
        "");
  CHECK(first_error(obj({{"sudo", str("maybe")}})).find("Invalid value for \"sudo\"") !=
        std::string::npos);
  CHECK(first_error(obj({{"timeout", Value::number(-1)}})) != "");
}

TEST_CASE("unknown values in the provider block (validate) skip only the checks that need them") {
  TransportConfig c;
  CHECK(!parse_transport_config(obj({{"transport", Value::unknown()}, {"host", str("a")}}), &c)
             .has_errors());
  CHECK(!parse_transport_config(obj({{"transport", str("ssh")}, {"host", Value::unknown()}}), &c)
             .has_errors());
  CHECK(first_error(obj({{"transport", str("ssh")},
                         {"host", Value::unknown()},
                         {"user", str("-oProxyCommand=x")}}))
            .find("Invalid value for \"user\"") != std::string::npos);
}

// Counts how many runs are inside the runner at once.
struct SlowRunner : ProcessRunner {
  std::atomic<int> inside{0}, most{0};
  using ProcessRunner::run;
  ProcessResult run(const ProcessRequest&) override {
    int now = ++inside;
    int m = most.load();
    while (now > m && !most.compare_exchange_weak(m, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --inside;
    ProcessResult r;
    r.exit_code = 0;
    r.out = "success\n";
    return r;
  }
};

TEST_CASE("max_parallel bounds concurrent runs across hosts and callers") {
  auto runner = std::make_shared<SlowRunner>();
  TransportConfig c =
      parse_ok(obj({{"transport", str("ssh")},
                    {"hosts", Value::list({str("a"), str("b"), str("c"), str("d")})},
                    {"max_parallel", Value::number(2)}}));
  Transport t(runner, c);
  std::vector<std::thread> callers;
  for (int k = 0; k < 3; ++k)
    callers.emplace_back([&] {
      t.for_each_host(
          [&](size_t i) { CHECK(t.run(t.hosts()[i], {"--reload"}, false).outcome.ok()); });
    });
  for (auto& th : callers) th.join();
  CHECK(runner->most.load() == 2);
}

TEST_CASE("a failed run becomes one error naming the host, the action and the command") {
  auto fake = std::make_shared<testing::FakeFirewall>();
  TransportConfig c = parse_ok(obj({{"transport", str("ssh")},
                                    {"host", str("127.0.0.1")},
                                    {"user", str("root")},
                                    {"port", Value::number(2222)}}));
  Transport t(fake, c);
  CmdRun run = t.run("127.0.0.1", {"--zone=nope", "--add-port=31000/tcp"}, false);
  CHECK(run.outcome.failed());
  Diagnostics d;
  add_run_error(d, run, "opening port nope/31000/tcp (runtime)");
  REQUIRE(d.size() == 1);
  CHECK(d.items[0].summary ==
        "firewalld on root@127.0.0.1:2222: zone \"nope\" does not exist (INVALID_ZONE)");
  CHECK(d.items[0].detail ==
        "While opening port nope/31000/tcp (runtime).\n"
        "Command: firewall-cmd --zone=nope --add-port=31000/tcp");
}

TEST_CASE("ports opened at the same time share one firewall-cmd, each with its own answer") {
  auto fake = std::make_shared<testing::FakeFirewall>();
  auto gate = std::make_shared<testing::GatedRunner>(fake);
  Transport t(gate, parse_ok(obj({{"max_parallel", Value::number(1)}})));
  fake->host("local").zones["libvirt"].runtime.ports.push_back("31002/tcp");  // by hand
  std::vector<std::string> ports = {"31000/tcp", "31001/tcp", "31002/tcp", "31003/udp"};
  std::vector<CmdRun> runs = testing::change_items_together(t, *gate, "", Layer::Runtime, "libvirt",
                                                            ItemKind::Port, Verb::Add, ports);
  CHECK(gate->runs() == 2);  // the gate's --state, then one run for the four ports
  REQUIRE(runs.size() == 4);
  for (size_t i = 0; i < ports.size(); ++i) {
    CAPTURE(ports[i]);
    CHECK(runs[i].outcome.ok());
    CHECK(runs[i].outcome.code == (ports[i] == "31002/tcp" ? "ALREADY_ENABLED" : ""));
    CHECK(fake->port_open("local", "libvirt", ports[i], false));
    CHECK_FALSE(fake->port_open("local", "libvirt", ports[i], true));
  }
  // One command for all (its order is the callers' arrival).
  CHECK(runs[0].command.rfind("firewall-cmd --zone=libvirt --add-port=", 0) == 0);
  for (size_t i = 0; i < ports.size(); ++i) {
    CHECK(runs[i].command == runs[0].command);
    CHECK(runs[0].command.find("--add-port=" + ports[i]) != std::string::npos);
  }
}

TEST_CASE("an entry that fails inside a shared run is run alone for its own error") {
  auto fake = std::make_shared<testing::FakeFirewall>();
  auto gate = std::make_shared<testing::GatedRunner>(fake);
  Transport t(gate, parse_ok(obj({{"max_parallel", Value::number(1)}})));
  // ssh is open in the fake's libvirt zone already; nosuch is no firewalld service.
  std::vector<std::string> services = {"http", "nosuch", "ssh"};
  std::vector<CmdRun> runs = testing::change_items_together(
      t, *gate, "", Layer::Permanent, "libvirt", ItemKind::Service, Verb::Add, services);
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].outcome.ok());
  CHECK(runs[0].outcome.code.empty());  // opened by the shared run: its run alone said ALREADY
  CHECK(runs[1].outcome.failed());
  CHECK(runs[1].outcome.code == "INVALID_SERVICE");
  CHECK(runs[1].command == "firewall-cmd --permanent --zone=libvirt --add-service=nosuch");
  CHECK(runs[2].outcome.ok());
  CHECK(runs[2].outcome.code == "ALREADY_ENABLED");  // named by the shared run's warning
  // --state, the shared run, then http and nosuch alone (ssh was certain).
  CHECK(gate->runs() == 4);

  // Every entry failing (no such zone): each learns its own error, nothing is opened.
  auto fake2 = std::make_shared<testing::FakeFirewall>();
  auto gate2 = std::make_shared<testing::GatedRunner>(fake2);
  Transport t2(gate2, parse_ok(obj({{"max_parallel", Value::number(1)}})));
  runs = testing::change_items_together(t2, *gate2, "", Layer::Runtime, "nozone", ItemKind::Port,
                                        Verb::Add, {"1/tcp", "2/tcp"});
  for (const CmdRun& r : runs) CHECK(r.outcome.code == "INVALID_ZONE");
}

TEST_CASE("the same entry twice at once is never in one run") {
  auto fake = std::make_shared<testing::FakeFirewall>();
  auto gate = std::make_shared<testing::GatedRunner>(fake);
  Transport t(gate, parse_ok(obj({{"max_parallel", Value::number(1)}})));
  std::thread holder([&] { t.run("", state_args(), false); });
  gate->wait_blocked();
  CmdRun a, b;
  std::thread first([&] {
    a = t.change_item("", Layer::Runtime, "libvirt", ItemKind::Port, Verb::Add, "5/tcp");
  });
  while (t.queued_entries() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::thread second([&] {
    b = t.change_item("", Layer::Runtime, "libvirt", ItemKind::Port, Verb::Add, "5/tcp");
  });
  while (t.queued_entries() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  gate->open();
  holder.join();
  first.join();
  second.join();
  CHECK(gate->runs() == 3);  // two runs of one entry each
  CHECK(a.outcome.ok());
  CHECK(b.outcome.ok());
  // One opened it, the other found it open.
  CHECK((a.outcome.code + b.outcome.code) == "ALREADY_ENABLED");
}

}  // namespace
}  // namespace fedplan::firewalld
