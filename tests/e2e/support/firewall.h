// A firewalld of a test's own (tests/firewalld/harness.sh, in a network namespace), playing the
// libvirt hypervisor for the end-to-end tests; stopped when the test ends.
#pragma once

#include <string>

namespace fedplan::e2e {

// Started by the constructor (start_code 0, or 77 when this machine cannot run it); stopped by
// the destructor.
struct Firewall {
  std::string dir;
  int start_code = -1;
  std::string log;

  explicit Firewall(std::string d);
  ~Firewall();
  Firewall(const Firewall&) = delete;
  Firewall& operator=(const Firewall&) = delete;

  std::string cmd() const { return dir + "/firewall-cmd"; }
  // Everything the firewall holds, runtime and permanent.
  std::string state() const;
  // The open ports of the libvirt zone, runtime or permanent.
  std::string ports(bool permanent) const;
};

}  // namespace fedplan::e2e
