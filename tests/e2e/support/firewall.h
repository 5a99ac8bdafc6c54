// A firewalld of a test's own (tests/firewalld/harness.sh, in a network namespace), playing the
// libvirt hypervisor for the end-to-end tests; stopped when the test ends.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "tests/e2e/support/sandboxes.h"

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

// examples/libvirt-two-cluster copied under `tmp`, with its firewalld and two sandboxes (mesh1,
// mesh2): what the libvirt tests plan against. Exits 77 (a skip) when this machine cannot run
// firewalld in a namespace.
struct LibvirtRig {
  Firewall fw;
  std::optional<Sandboxes> sb;             // started once the firewall is
  std::string dir;                         // the example's copy
  std::map<std::string, std::string> env;  // kubeconfigs and the firewall-cmd to use

  explicit LibvirtRig(const std::string& tmp);
  // "" when everything started, else what did not.
  std::string error() const;
};

}  // namespace fedplan::e2e
