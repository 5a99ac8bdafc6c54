// Provider::other_object per provider: what makes a refreshed value the recorded object, the
// rule a saved plan's drift entries are held to. Unconfigured providers, values written out.
#include <doctest/doctest.h>

#include "lang/value_json.h"
#include "providers/builtin/local_provider.h"
#include "providers/firewalld/firewalld_provider.h"
#include "providers/kube/kube_provider.h"
#include "providers/openstack_lb/openstack_lb_provider.h"

using namespace fedplan;
using nlohmann::json;

namespace {

Value val(const json& j) {
  return from_json(j);
}

// `j` with the attributes of `changes` set, as a Value: what a refresh might have read.
Value changed(json j, const json& changes) {
  j.update(changes);
  return from_json(j);
}

// A kube_object state for a ConfigMap; `object` false leaves out the live object (an intent).
Value config_map(const std::string& ns, const std::string& name, const std::string& data,
                 bool object = true) {
  json manifest = {{"apiVersion", "v1"},
                   {"kind", "ConfigMap"},
                   {"metadata", {{"name", name}}},
                   {"data", {{"k", data}}}};
  if (!ns.empty()) manifest["metadata"]["namespace"] = ns;
  json live = manifest;
  live["metadata"]["namespace"] = ns.empty() ? "default" : ns;
  return val({{"manifest", manifest}, {"object", object ? live : json()}});
}

}  // namespace

TEST_CASE("a kube object is its apiVersion, kind, namespace and name, not its data") {
  auto p = make_kube_provider();
  Value rec = config_map("default", "a", "v");
  CHECK(p->other_object("kube_object", rec, config_map("default", "a", "changed")) == "");
  CHECK(p->other_object("kube_object", rec, config_map("kube-system", "a", "v")) ==
        "namespace is \"kube-system\", but the record's is \"default\"");
  CHECK(p->other_object("kube_object", rec, config_map("default", "victim", "v")) ==
        "name is \"victim\", but the record's is \"a\"");
  // An intent whose manifest leaves the namespace to the provider matches the one found.
  Value intent = config_map("", "a", "v", false);
  CHECK(p->other_object("kube_object", intent, config_map("team", "a", "v")) == "");
  CHECK(p->other_object("kube_object", intent, config_map("team", "b", "v")) ==
        "name is \"b\", but the record's is \"a\"");
}

TEST_CASE("each object of a kube_objects value must be one its record has") {
  auto p = make_kube_provider();
  auto objects = [](std::vector<std::string> names) {
    json manifests = json::array(), objs = json::array();
    for (const std::string& n : names) {
      json m = {{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata", {{"name", n}, {"namespace", "default"}}}};
      manifests.push_back(m);
      objs.push_back(m);
    }
    return val({{"manifests", manifests}, {"objects", objs}});
  };
  Value rec = objects({"a", "b"});
  CHECK(p->other_object("kube_objects", rec, objects({"b"})) == "");  // a is gone
  CHECK(p->other_object("kube_objects", rec, objects({"a", "victim"})) ==
        "manifests[1] is ConfigMap \"default/victim\" (v1), which the record does not have");
}

TEST_CASE("a firewalld port is its zone, port, protocol and id, not whether it is open") {
  auto p = make_firewalld_provider(nullptr);
  json port = {{"zone", "libvirt"},     {"port", "31000"},
               {"protocol", "tcp"},     {"runtime", true},
               {"permanent", true},     {"id", "libvirt/31000/tcp"},
               {"runtime_only", false}, {"preexisting_runtime", false}};
  CHECK(p->other_object("firewalld_port", val(port), changed(port, {{"runtime", false}})) == "");
  CHECK(p->other_object("firewalld_port", val(port), changed(port, {{"zone", "public"}})) ==
        "zone is \"public\", but the record's is \"libvirt\"");
  CHECK(p->other_object("firewalld_port", val(port),
                        changed(port, {{"port", "22"}, {"id", "libvirt/22/tcp"}})) ==
        "port is \"22\", but the record's is \"31000\"");
  json zone = {{"name", "fed"}, {"id", "fed"}, {"target", "default"}};
  CHECK(p->other_object("firewalld_zone", val(zone), changed(zone, {{"name", "trusted"}})) ==
        "name is \"trusted\", but the record's is \"fed\"");
}

TEST_CASE("an Octavia object is its id, and an intent without one its name") {
  auto p = make_openstack_lb_provider();
  const char* lb_type = "openstack_lb_loadbalancer";
  json lb = {{"id", "lb-1"}, {"name", "mesh1"}, {"description", "x"}};
  json by_hand = {{"name", "renamed by hand"}};
  CHECK(p->other_object(lb_type, val(lb), changed(lb, by_hand)) == "");
  CHECK(p->other_object(lb_type, val(lb), changed(lb, {{"id", "lb-victim"}})) ==
        "id is \"lb-victim\", but the record's is \"lb-1\"");
  json intent = {{"id", nullptr}, {"name", "mesh1"}};
  CHECK(p->other_object(lb_type, val(intent), val(lb)) == "");
  CHECK(p->other_object(lb_type, val(intent), changed(lb, by_hand)) ==
        "name is \"renamed by hand\", but the record's is \"mesh1\"");
}

TEST_CASE("a local file is its filename, whatever its content became") {
  auto p = make_local_provider();
  json f = {{"filename", "/tmp/x/f.txt"}, {"content", "a"}, {"id", "sha1-a"}};
  json by_hand = {{"content", "changed by hand"}, {"id", "sha1-b"}};
  CHECK(p->other_object("local_file", val(f), changed(f, by_hand)) == "");
  CHECK(p->other_object("local_file", val(f), changed(f, {{"filename", "/etc/passwd"}})) ==
        "filename is \"/etc/passwd\", but the record's is \"/tmp/x/f.txt\"");
}
