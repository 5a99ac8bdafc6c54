// The test firewalld: the harness script starts and stops it; reads go through its
// firewall-cmd wrapper, which runs inside the namespace.
#include "tests/e2e/support/firewall.h"

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

}  // namespace fedplan::e2e
