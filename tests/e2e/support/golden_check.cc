// check_golden: config-poc documents against live objects, read through kubectl at the
// version each document asks for; check_seed_objects: every file of the seed's federation.
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

void check_seed_objects(const Sandboxes& sb, const std::string& smcp_file,
                        const std::string& import_peer_file,
                        const std::map<std::string, std::string>& vars) {
  for (const std::string& f :
       {"export/" + smcp_file, std::string("export/smmr.yaml"),
        std::string("export/configmap.yaml"), std::string("export/servicemeshpeer.yaml"),
        std::string("export/exportedserviceset.yaml")})
    check_golden(sb, "mesh1", f, vars);
  for (const std::string& f :
       {"import/" + smcp_file, std::string("import/smmr.yaml"),
        std::string("import/configmap.yaml"), "import/" + import_peer_file,
        std::string("import/importedserviceset.yaml"), std::string("import/mongodb-service.yaml")})
    check_golden(sb, "mesh2", f, vars);
  for (const char* f : {"bookinfo/bookinfo.yaml", "bookinfo/bookinfo-ratings-v2.yaml",
                        "bookinfo/bookinfo-db.yaml", "bookinfo/destination-rule-all.yaml"})
    check_golden(sb, "mesh1", f, vars, "mesh1-bookinfo");
  for (const char* f : {"bookinfo/bookinfo.yaml", "bookinfo/bookinfo-ratings-v2.yaml",
                        "bookinfo/bookinfo-gateway.yaml", "bookinfo/destination-rule-all.yaml",
                        "bookinfo/virtual-service-reviews-v3.yaml"})
    check_golden(sb, "mesh2", f, vars, "mesh2-bookinfo");
  for (const char* f : {"examples/mongodb-remote-virtualservice.yaml",
                        "examples/ratings-split-virtualservice.yaml"})
    check_golden(sb, "mesh2", f, vars);
  CHECK(sb.get("mesh1", "deployment", "mongodb-v1", "mesh1-bookinfo").is_object());
  CHECK(sb.get("mesh2", "deployment", "mongodb-v1", "mesh2-bookinfo").is_null());
}

}  // namespace fedplan::e2e
