// The test firewalld: the harness script starts and stops it; reads go through its
// firewall-cmd wrapper, which runs inside the namespace.
#include "tests/e2e/support/firewall.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

Firewall::Firewall(std::string d) : dir(std::move(d)) {
  Run r = run_program({source_dir() + "/tests/firewalld/harness.sh", "start", dir}, {},
                      std::chrono::seconds(300));
  start_code = r.exit_code;
  log = r.all();
}

Firewall::~Firewall() {
  if (start_code == 0)
    run_program({source_dir() + "/tests/firewalld/harness.sh", "stop", dir}, {},
                std::chrono::seconds(120));
}

std::string Firewall::state() const {
  return run_program({cmd(), "--list-all-zones"}).out + "\n--permanent--\n" +
         run_program({cmd(), "--permanent", "--list-all-zones"}).out;
}

std::string Firewall::ports(bool permanent) const {
  std::vector<std::string> argv = {cmd(), "--zone=libvirt", "--list-ports"};
  if (permanent) argv.insert(argv.begin() + 1, "--permanent");
  return run_program(argv).out;
}

LibvirtRig::LibvirtRig(const std::string& tmp) : fw(tmp + "/fw") {
  if (fw.start_code == 77) {
    std::fputs("firewalld harness cannot run on this machine: skipped\n", stderr);
    std::exit(77);
  }
  if (fw.start_code != 0) return;
  sb.emplace(std::vector<std::string>{"mesh1", "mesh2"}, tmp + "/sb");
  copy_example("libvirt-two-cluster", tmp);
  dir = tmp + "/examples/libvirt-two-cluster";
  env = sb->env();
  env["FEDPLAN_VAR_firewall_cmd"] = fw.cmd();
}

std::string LibvirtRig::error() const {
  if (fw.start_code != 0) return fw.log;
  return sb->ok() ? "" : sb->error();
}

}  // namespace fedplan::e2e
