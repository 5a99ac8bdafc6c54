// Tests of firewall-cmd argument building and of reading its answers, on the exact outputs
// recorded from firewalld 1.3 in docs/firewalld-harness.md.
#include "providers/firewalld/firewall_cmd.h"

#include <doctest/doctest.h>

namespace fedplan::firewalld {
namespace {

using Args = std::vector<std::string>;

ProcessResult answer(int code, std::string out, std::string err) {
  ProcessResult r;
  r.exit_code = code;
  r.out = std::move(out);
  r.err = std::move(err);
  return r;
}

TEST_CASE("every value is one argv element of the form --opt=VALUE") {
  CHECK(item_args(Layer::Runtime, "libvirt", ItemKind::Port, Verb::Add, "31000/tcp") ==
        Args{"--zone=libvirt", "--add-port=31000/tcp"});
  CHECK(item_args(Layer::Permanent, "libvirt", ItemKind::Port, Verb::Query, "3-4/udp") ==
        Args{"--permanent", "--zone=libvirt", "--query-port=3-4/udp"});
  CHECK(item_args(Layer::Runtime, "z", ItemKind::Service, Verb::Remove, "http") ==
        Args{"--zone=z", "--remove-service=http"});
  CHECK(item_args(Layer::Permanent, "z", ItemKind::Source, Verb::Add, "10.0.0.0/8") ==
        Args{"--permanent", "--zone=z", "--add-source=10.0.0.0/8"});
  CHECK(list_args(Layer::Runtime, "z", ItemKind::Port) == Args{"--zone=z", "--list-ports"});
  CHECK(info_zone_args(Layer::Permanent, "z") == Args{"--permanent", "--info-zone=z"});
  CHECK(new_zone_args("z") == Args{"--permanent", "--new-zone=z"});
  CHECK(delete_zone_args("z") == Args{"--permanent", "--delete-zone=z"});
  CHECK(set_description_args("z", "two words; $(x)") ==
        Args{"--permanent", "--zone=z", "--set-description=two words; $(x)"});
  CHECK(set_target_args("z", "DROP") == Args{"--permanent", "--zone=z", "--set-target=DROP"});
  CHECK(get_description_args("z") == Args{"--permanent", "--zone=z", "--get-description"});
  CHECK(reload_args() == Args{"--reload"});
}

TEST_CASE("query answers: yes, no, and exit 1 without \"no\" is a failure") {
  CHECK(classify(answer(0, "yes\n", ""), true, false).status == CmdOutcome::Status::Ok);
  CHECK(classify(answer(1, "no\n", ""), true, false).status == CmdOutcome::Status::No);
  CmdOutcome sudo = classify(answer(1, "", "sudo: a password is required\n"), true, false);
  CHECK(sudo.failed());
  CHECK(sudo.message == "firewall-cmd exited 1: sudo: a password is required");
  CHECK(classify(answer(0, "maybe\n", ""), true, false).failed());
  // Several --query-port in one call answer with exit 0 whatever the answers: not a "yes".
  CHECK(classify(answer(0, "'33001/tcp': yes\n'33003/tcp': no\n", ""), true, false).failed());
}

TEST_CASE("warnings on success keep their code, errors become sentences") {
  CmdOutcome already = classify(
      answer(0, "success\n", "Warning: ALREADY_ENABLED: '31000:tcp' already in 'libvirt'\n"), false,
      false);
  CHECK(already.ok());
  CHECK(already.code == "ALREADY_ENABLED");
  CHECK(classify(answer(0, "success\n", "Warning: NOT_ENABLED: 31001:tcp\n"), false, false).code ==
        "NOT_ENABLED");
  CHECK(classify(answer(0, "success\n", ""), false, false).code.empty());

  CmdOutcome zone = classify(answer(112, "", "Error: INVALID_ZONE: nope\n"), false, true);
  CHECK(zone.failed());
  CHECK(zone.code == "INVALID_ZONE");
  CHECK(zone.message == "zone \"nope\" does not exist");
  CmdOutcome conflict =
      classify(answer(26, "", "Error: NAME_CONFLICT: new_zone(): 'libvirt'\n"), false, false);
  CHECK(conflict.code == "NAME_CONFLICT");
  CHECK(classify(answer(102, "", "Error: INVALID_PORT: 99999\n"), false, false).message ==
        "port \"99999\" is not valid");
  // --permanent words some errors as a sentence.
  CHECK(classify(answer(101, "",
                        "Error: INVALID_SERVICE: Zone 'libvirt': 'nosuch' not among existing "
                        "services\n"),
                 false, false)
            .message ==
        "service is not defined in firewalld: Zone 'libvirt': 'nosuch' not among existing "
        "services");
  CHECK(classify(answer(101, "", "Error: INVALID_SERVICE: nosuch\n"), false, false).message ==
        "service \"nosuch\" is not defined in firewalld");
}

TEST_CASE("not running, not authorized, ssh failures and missing programs") {
  CmdOutcome down = classify(answer(252, "", "FirewallD is not running\n"), true, false);
  CHECK(down.failed());
  CHECK(down.code == "NOT_RUNNING");
  CHECK(down.message == "firewalld is not running");
  CHECK(classify(answer(253, "", ""), false, false).code == "NOT_AUTHORIZED");

  CmdOutcome ssh = classify(
      answer(255, "", "ssh: connect to host 127.0.0.1 port 1: Connection refused\r\n"), true, true);
  CHECK(ssh.code == "SSH");
  CHECK(ssh.message == "ssh failed: ssh: connect to host 127.0.0.1 port 1: Connection refused");
  CHECK(ssh.retryable);
  // Locally, 255 is just an exit code.
  CHECK(classify(answer(255, "", "x\n"), false, false).code.empty());

  CHECK(classify(answer(127, "", "bash: line 1: firewall-cmd: command not found\n"), false, true)
            .message ==
        "firewall-cmd (or sudo) was not found on the host: bash: line 1: "
        "firewall-cmd: command not found");
  ProcessResult never;
  never.error = "cannot run 'firewall-cmd': program not found in PATH";
  CHECK(classify(never, false, false).message == never.error);
  ProcessResult slow;
  slow.error = "'ssh' timed out after 10 ms and was killed";
  slow.timed_out = true;
  slow.exit_code = 137;
  CHECK(classify(slow, false, true).retryable);
  CHECK(classify(slow, false, true).code == "TIMEOUT");
}

TEST_CASE("--list-* answers: one empty line is the empty list") {
  CHECK(parse_list("\n").empty());
  CHECK(parse_list("").empty());
  CHECK(parse_list("31000/tcp 31001/tcp\n") == Args{"31000/tcp", "31001/tcp"});
  CHECK(parse_description("a'b $(x) ; \"q\"\n") == "a'b $(x) ; \"q\"");
  CHECK(parse_description("\n").empty());
}

TEST_CASE("--info-zone is read key by key, active or not, rich rules ignored") {
  const char* recorded =
      "libvirt\n"
      "  target: ACCEPT\n"
      "  icmp-block-inversion: no\n"
      "  interfaces: \n"
      "  sources: \n"
      "  services: dhcp dhcpv6 dns ssh tftp\n"
      "  ports: \n"
      "  protocols: icmp ipv6-icmp\n"
      "  forward: no\n"
      "  masquerade: no\n"
      "  forward-ports: \n"
      "  source-ports: \n"
      "  icmp-blocks: \n"
      "  rich rules: \n"
      "\trule priority=\"32767\" reject\n";
  std::optional<ZoneInfo> z = parse_zone_info(recorded);
  REQUIRE(z);
  CHECK(z->name == "libvirt");
  CHECK_FALSE(z->active);
  CHECK(z->target == "ACCEPT");
  CHECK(z->services == Args{"dhcp", "dhcpv6", "dns", "ssh", "tftp"});
  CHECK(z->protocols == Args{"icmp", "ipv6-icmp"});
  CHECK(z->ports.empty());
  CHECK(z->sources.empty());

  std::optional<ZoneInfo> a = parse_zone_info(
      "fpz (active)\n  target: %%REJECT%%\n  interfaces: eth9\n  sources: 10.1.0.0/16\n"
      "  ports: 31000/tcp 30000-30010/udp\n");
  REQUIRE(a);
  CHECK(a->name == "fpz");
  CHECK(a->active);
  CHECK(a->target == "REJECT");
  CHECK(a->interfaces == Args{"eth9"});
  CHECK(a->ports == Args{"31000/tcp", "30000-30010/udp"});

  CHECK_FALSE(parse_zone_info(""));
  CHECK_FALSE(parse_zone_info("success\n"));  // no target line
}

TEST_CASE("a port is covered by an exact entry or a range of the same protocol") {
  Args open = {"31000/tcp", "32000-32005/udp"};
  CHECK(ports_cover(open, {31000, 31000}, "tcp"));
  CHECK_FALSE(ports_cover(open, {31000, 31000}, "udp"));
  CHECK(ports_cover(open, {32002, 32002}, "udp"));
  CHECK(ports_cover(open, {32000, 32005}, "udp"));
  CHECK_FALSE(ports_cover(open, {32004, 32006}, "udp"));
  CHECK_FALSE(ports_cover({}, {1, 1}, "tcp"));
}

TEST_CASE("several entries in one run: one --add-X per entry after one --zone") {
  CHECK(items_args(Layer::Permanent, "libvirt", ItemKind::Port, Verb::Add,
                   {"31000/tcp", "30000-30010/udp"}) == Args{"--permanent", "--zone=libvirt",
                                                             "--add-port=31000/tcp",
                                                             "--add-port=30000-30010/udp"});
  CHECK(items_args(Layer::Runtime, "z", ItemKind::Service, Verb::Remove, {"http", "dns"}) ==
        Args{"--zone=z", "--remove-service=http", "--remove-service=dns"});
}

// The outputs below are firewall-cmd 1.3's own, recorded against the harness's firewalld.
TEST_CASE("a run of several: every entry's outcome when the warnings name them") {
  std::vector<std::string> ports = {"31000/tcp", "31001/tcp", "30000-30010/udp"};
  auto told = classify_items(answer(0, "success\n", ""), ItemKind::Port, Verb::Add, ports, false);
  REQUIRE(told.size() == 3);
  for (const auto& o : told) {
    REQUIRE(o);
    CHECK(o->ok());
    CHECK(o->code.empty());
  }
  // Runtime quotes the entry and names the zone; permanent writes it bare.
  told =
      classify_items(answer(0, "success\n",
                            "Warning: ALREADY_ENABLED: '31001:tcp' already in 'libvirt'\n"
                            "Warning: ALREADY_ENABLED: '30000-30010:udp' already in 'libvirt'\n"),
                     ItemKind::Port, Verb::Add, ports, false);
  REQUIRE((told[0] && told[1] && told[2]));
  CHECK(told[0]->code.empty());
  CHECK(told[1]->code == "ALREADY_ENABLED");
  CHECK(told[2]->code == "ALREADY_ENABLED");
  told = classify_items(answer(0, "success\n", "Warning: ALREADY_ENABLED: 31000:tcp\n"),
                        ItemKind::Port, Verb::Add, ports, false);
  REQUIRE((told[0] && told[1] && told[2]));
  CHECK(told[0]->code == "ALREADY_ENABLED");
  CHECK(told[1]->code.empty());
  told =
      classify_items(answer(0, "success\n", "Warning: NOT_ENABLED: '31001:tcp' not in 'libvirt'\n"),
                     ItemKind::Port, Verb::Remove, ports, false);
  REQUIRE(told[1]);
  CHECK(told[1]->code == "NOT_ENABLED");
  told = classify_items(
      answer(0, "success\n", "Warning: ALREADY_ENABLED: 'http' already in 'libvirt'\n"),
      ItemKind::Service, Verb::Add, {"dns", "http"}, false);
  REQUIRE((told[0] && told[1]));
  CHECK(told[0]->code.empty());
  CHECK(told[1]->code == "ALREADY_ENABLED");
}

TEST_CASE("a run of several: what it leaves uncertain is nullopt, what never ran fails all") {
  std::vector<std::string> services = {"http", "nosuch", "dns"};
  // An error inside a run of several is printed as a warning, with exit 0.
  auto told = classify_items(answer(0, "success\n",
                                    "Warning: ALREADY_ENABLED: 'http' already in 'libvirt'\n"
                                    "Warning: INVALID_SERVICE: nosuch\n"),
                             ItemKind::Service, Verb::Add, services, false);
  REQUIRE(told[0]);
  CHECK(told[0]->code == "ALREADY_ENABLED");
  CHECK_FALSE(told[1]);
  CHECK_FALSE(told[2]);
  // Every entry failed: exit 112, nothing known of any one.
  told = classify_items(
      answer(112, "", "Warning: INVALID_ZONE: nozone\nWarning: INVALID_ZONE: nozone\n"),
      ItemKind::Port, Verb::Add, {"1/tcp", "2/tcp"}, false);
  CHECK_FALSE(told[0]);
  CHECK_FALSE(told[1]);
  // A warning naming an entry the run did not have, or the wrong code for the verb.
  told =
      classify_items(answer(0, "success\n", "Warning: ALREADY_ENABLED: '9:tcp' already in 'z'\n"),
                     ItemKind::Port, Verb::Add, {"1/tcp", "2/tcp"}, false);
  CHECK_FALSE(told[0]);
  told = classify_items(answer(0, "success\n", "Warning: NOT_ENABLED: '1:tcp' not in 'z'\n"),
                        ItemKind::Port, Verb::Add, {"1/tcp", "2/tcp"}, false);
  CHECK_FALSE(told[0]);
  CHECK_FALSE(told[1]);
  // Never reached firewalld: every entry fails as the run did.
  ProcessResult lost = answer(255, "", "ssh: connect to host h port 22: Connection refused\n");
  told = classify_items(lost, ItemKind::Port, Verb::Add, {"1/tcp", "2/tcp"}, true);
  REQUIRE((told[0] && told[1]));
  CHECK(told[0]->failed());
  CHECK(told[1]->code == "SSH");
  ProcessResult timed_out;
  timed_out.error = "timed out after 60s";
  timed_out.timed_out = true;
  told = classify_items(timed_out, ItemKind::Port, Verb::Add, {"1/tcp", "2/tcp"}, false);
  REQUIRE(told[1]);
  CHECK(told[1]->failed());
  CHECK(told[1]->retryable);
}

}  // namespace
}  // namespace fedplan::firewalld
