// check_golden: config-poc documents against live objects, read through kubectl at the
// version each document asks for.
#include "tests/e2e/support/golden_check.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/e2e/support/golden.h"

namespace fedplan::e2e {

using nlohmann::json;

void check_golden(const Sandboxes& sb, const std::string& cluster, const std::string& rel,
                  const std::map<std::string, std::string>& vars, const std::string& ns) {
  for (json want : load_golden_documents(rel, vars)) {
    REQUIRE_MESSAGE(!want.contains("error"), want.dump());
    std::string kind = want["kind"];
    std::string name = want["metadata"]["name"];
    if (!ns.empty()) want["metadata"]["namespace"] = ns;
    std::string in_ns = want["metadata"].value("namespace", "");
    // KIND.VERSION.GROUP: the version config-poc asks for, not the server's preferred one.
    std::string api = want["apiVersion"].get<std::string>();
    size_t slash = api.find('/');
    std::string resource = kind;
    std::transform(resource.begin(), resource.end(), resource.begin(), ::tolower);
    if (slash != std::string::npos)
      resource += "." + api.substr(slash + 1) + "." + api.substr(0, slash);
    json live = sb.get(cluster, resource, name, in_ns);
    INFO(cluster << " " << rel << ": " << kind << " " << in_ns << "/" << name);
    REQUIRE_MESSAGE(live.is_object(), "not found");
    std::string all;
    for (const std::string& d : subset_mismatches(want, live)) all += d + "\n";
    CHECK_MESSAGE(all.empty(), all);
  }
}

}  // namespace fedplan::e2e
