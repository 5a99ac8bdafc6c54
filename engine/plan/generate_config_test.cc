// Tests of resource_block_config: the block written from an imported object keeps what a
// configuration may set, drops what only the provider computes, and parses back.
#include "engine/plan/generate_config.h"

#include <doctest/doctest.h>

#include "lang/format.h"

using namespace fedplan;

namespace {

ResourceSchema generate_config_schema() {
  ResourceSchema s;
  s.type = "kube_object";
  AttributeSchema manifest{"manifest", Type::any(), true};
  AttributeSchema adopt{"adopt", Type::boolean()};
  AttributeSchema token{"token", Type::string()};
  token.sensitive = true;
  AttributeSchema uid{"uid", Type::string()};
  uid.computed = uid.read_only = true;
  AttributeSchema object{"object", Type::any()};
  object.computed = object.read_only = true;
  s.attributes = {manifest, adopt, token, uid, object};
  BlockSchema wait;
  wait.name = "wait";
  wait.attributes = {AttributeSchema{"condition", Type::string()},
                     AttributeSchema{"timeout", Type::string()}};
  s.blocks = {wait};
  return s;
}

}  // namespace

TEST_CASE("a generated resource block holds the configurable attributes, not the computed") {
  Value state = Value::object({
      {"manifest", Value::object({{"apiVersion", Value::string("v1")},
                                  {"kind", Value::string("ConfigMap")},
                                  {"metadata", Value::object({{"name", Value::string("a")}})},
                                  {"data", Value::object({{"k", Value::string("v")}})}})},
      {"adopt", Value::null()},
      {"token", Value::string("s3cret")},
      {"uid", Value::string("1234")},
      {"object", Value::object({{"status", Value::object({})}})},
      {"wait", Value::object({{"condition", Value::string("Ready")}, {"timeout", Value::null()}})},
  });
  InstanceAddr addr{ResourceAddr{ModulePath{}, ResourceMode::Managed, "kube_object", "cm"}, {}};
  std::string text =
      resource_block_config(addr, "kube.sb", "v1/ConfigMap/ns/a", generate_config_schema(), state);
  CHECK(text ==
        "# __generated__ by fedplan from \"v1/ConfigMap/ns/a\"\n"
        "resource \"kube_object\" \"cm\" {\n"
        "  provider = kube.sb\n"
        "  manifest = {\n"
        "    apiVersion = \"v1\"\n"
        "    data = {\n"
        "      k = \"v\"\n"
        "    }\n"
        "    kind = \"ConfigMap\"\n"
        "    metadata = {\n"
        "      name = \"a\"\n"
        "    }\n"
        "  }\n"
        "  token = null # sensitive\n"
        "  wait {\n"
        "    condition = \"Ready\"\n"
        "  }\n"
        "}\n");
  Diagnostics diags;
  std::optional<std::string> formatted = format_source(text, "generated.fed.hcl", diags);
  REQUIRE_MESSAGE(formatted, (diags.items.empty() ? "" : diags.items.front().summary));
  CHECK(formatted->find("    apiVersion = \"v1\"") != std::string::npos);
  CHECK(formatted->find("s3cret") == std::string::npos);
}
