// Tests for the evaluator: input variables and their checks, locals and cycles, outputs,
// module inputs and outputs, count/for_each expansion, providers, and schema-shaped arguments.
#include "engine/config/evaluator.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "engine/config/loader.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

const LoadOptions kEvalOptions{{"kube", "firewalld", "null"}};

// A loaded configuration with its inputs, expanded once, ready to evaluate.
struct EvalFixture {
  TempDir dir;
  Config config;
  InputValues inputs;
  Instances instances;
  Diagnostics diags;

  bool load(const std::string& root_dir = "") {
    config = load_config(root_dir.empty() ? dir.path() : dir / root_dir, kEvalOptions, diags);
    return !diags.has_errors();
  }
  bool expand() {
    ConfigEvaluator e(config, inputs, nullptr, {});
    return e.expand(&instances, diags);
  }
  std::string errors() const {
    std::string out;
    for (const Diagnostic& d : diags.items) out += d.summary + "|";
    return out;
  }
};

Value local_of(EvalFixture& f, const std::string& name) {
  ConfigEvaluator e(f.config, f.inputs, nullptr, {});
  e.use_instances(&f.instances);
  return e.local(*f.instances.root(), name, f.diags);
}

}  // namespace

TEST_CASE("root variables take -var values over defaults and are converted to their type") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", R"(
variable "port" {
  type    = number
  default = 15443
}
variable "names" { type = list(string) }
variable "secret" {
  default   = "s3cret"
  sensitive = true
}
locals {
  port   = var.port + 1
  first  = var.names[0]
  secret = var.secret
}
)");
  REQUIRE(f.load());
  f.inputs["names"] = InputValue{Value::tuple({Value::string("a"), Value::number(2)}), "-var", {}};
  REQUIRE(f.expand());
  CHECK(local_of(f, "port") == Value::number(15444));
  CHECK(local_of(f, "first") == Value::string("a"));
  CHECK(local_of(f, "secret").sensitive());
  CHECK(f.errors() == "");
}

TEST_CASE("a missing required variable, a wrong type and a failed validation are errors") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", R"(
variable "needed" {}
variable "port" { type = number }
variable "zone" {
  default = "public"
  validation {
    condition     = var.zone == "libvirt"
    error_message = "Federation ports are opened in the libvirt zone."
  }
}
locals {
  all = [var.needed, var.port, var.zone]
}
)");
  REQUIRE(f.load());
  f.inputs["port"] = InputValue{Value::string("not-a-number"), "-var", {}};
  REQUIRE(f.expand());
  local_of(f, "all");
  CHECK(f.errors() ==
        "No value for required variable|Invalid value for variable|Invalid value for variable|");
  CHECK(f.diags.items[2].detail.find("Federation ports are opened in the libvirt zone.") == 0);
}

TEST_CASE("a value its validation refuses stops there: no second error from what uses it") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", R"(
variable "peers" {
  type    = list(string)
  default = ["mesh2", "mesh2"]
  validation {
    condition     = length(distinct(var.peers)) == length(var.peers)
    error_message = "Peers must be distinct."
  }
}
resource "null_resource" "peer" {
  for_each = { for p in var.peers : p => p }
}
resource "null_resource" "gateway" {
  count = length(var.peers)
}
)");
  REQUIRE(f.load());
  CHECK_FALSE(f.expand());
  // Not "Duplicate object key" from the for expression, nor "Invalid for_each argument" or
  // "Invalid count argument" for the unknown that replaced the refused value.
  CHECK(f.errors() == "Invalid value for variable|");
}

TEST_CASE("a cycle between locals is reported with the chain") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", "locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\n");
  REQUIRE(f.load());
  REQUIRE(f.expand());
  CHECK_FALSE(local_of(f, "a").known());
  REQUIRE(f.errors() == "Cycle in values|");
  CHECK(f.diags.items[0].detail.find("local.a -> local.b -> local.c -> local.a") !=
        std::string::npos);
}

TEST_CASE("a root output showing a sensitive value must be marked sensitive") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", R"(
variable "token" {
  default   = "t"
  sensitive = true
}
output "leak" { value = var.token }
output "ok" {
  value     = var.token
  sensitive = true
}
)");
  REQUIRE(f.load());
  REQUIRE(f.expand());
  ConfigEvaluator e(f.config, f.inputs, nullptr, {});
  e.use_instances(&f.instances);
  e.output(*f.instances.root(), "ok", f.diags);
  CHECK(f.errors() == "");
  e.output(*f.instances.root(), "leak", f.diags);
  CHECK(f.errors() == "Output refers to sensitive values|");
}

TEST_CASE("count and for_each expand into addressed instances with each and count bound") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", R"(
locals {
  meshes = { mesh1 = "mesh2", mesh2 = "mesh1" }
}
resource "null_resource" "peer" {
  for_each = local.meshes
  input    = "${each.key}->${each.value}"
}
resource "null_resource" "n" {
  count = 2
  input = count.index * 10
}
resource "null_resource" "set" {
  for_each = toset(["b", "a"])
  input    = each.value
}
locals {
  peers = [for k, v in null_resource.peer : k]
}
)");
  REQUIRE(f.load());
  REQUIRE(f.expand());
  std::vector<std::string> addrs;
  for (const ResourceInstance& r : f.instances.resources) addrs.push_back(r.addr.to_string());
  CHECK(addrs == std::vector<std::string>{"null_resource.n[0]", "null_resource.n[1]",
                                          "null_resource.peer[\"mesh1\"]",
                                          "null_resource.peer[\"mesh2\"]",
                                          "null_resource.set[\"a\"]", "null_resource.set[\"b\"]"});
  ConfigEvaluator e(f.config, f.inputs, nullptr, {});
  e.use_instances(&f.instances);
  CHECK(e.resource_config(f.instances.resources[1], nullptr, f.diags).get("input")->as_number() ==
        10);
  CHECK(e.resource_config(f.instances.resources[3], nullptr, f.diags).get("input")->as_string() ==
        "mesh2->mesh1");
  // Keys of a for_each'd resource are known before apply, its values are not.
  CHECK(e.local(*f.instances.root(), "peers", f.diags) ==
        Value::tuple({Value::string("mesh1"), Value::string("mesh2")}));
  CHECK(f.errors() == "");
}

TEST_CASE("for_each over something known only after apply, or over a list, is an error") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {}
resource "null_resource" "b" {
  for_each = null_resource.a.output
}
resource "null_resource" "c" {
  for_each = ["x"]
}
resource "null_resource" "d" {
  count = -1
}
)");
  REQUIRE(f.load());
  CHECK_FALSE(f.expand());
  CHECK(f.errors() ==
        "Invalid for_each argument|Invalid for_each argument|Invalid count argument|");
  CHECK(f.diags.items[1].detail.find("toset") != std::string::npos);
}

TEST_CASE("module instances get their inputs, outputs and the providers passed to them") {
  EvalFixture f;
  f.dir.write("root/main.fed.hcl", R"(
provider "kube" "mesh1" {}
provider "kube" "mesh2" {}
module "fed" {
  source    = "../mod"
  for_each  = { a = "kube-a", b = "kube-b" }
  providers = { kube.x = kube.mesh2 }
  label     = each.value
}
locals {
  labels = { for k, m in module.fed : k => m.label_out }
}
resource "kube_object" "root" { manifest = {} }
)");
  f.dir.write("mod/main.fed.hcl", R"(
variable "label" { type = string }
resource "kube_object" "o" {
  provider = kube.x
  manifest = { name = var.label }
}
output "label_out" { value = upper(var.label) }
)");
  REQUIRE(f.load("root"));
  REQUIRE(f.expand());
  REQUIRE(f.instances.resources.size() == 3);
  // The root's resources come first, then each module instance's.
  CHECK(f.instances.resources[0].addr.to_string() == "kube_object.root");
  CHECK(f.instances.resources[0].provider.to_string() == "kube");
  const ResourceInstance& ri = f.instances.resources[1];
  CHECK(ri.addr.to_string() == "module.fed[\"a\"].kube_object.o");
  CHECK(ri.provider.to_string() == "kube.mesh2");
  // kube (implied, used by the root resource), kube.mesh2 (passed in) and kube.mesh1: declared
  // but unused, still an instance so that recorded objects can be deleted through it.
  CHECK(f.instances.providers.size() == 3);
  CHECK(local_of(f, "labels") ==
        Value::object({{"a", Value::string("KUBE-A")}, {"b", Value::string("KUBE-B")}}));
  CHECK(f.errors() == "");
}

TEST_CASE("resource arguments are shaped by the schema: unknown, missing, and typed") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", R"(
resource "firewalld_port" "p" {
  zone     = "libvirt"
  protocl  = "tcp"
  port     = 31000
  wait {
    timeout = "5s"
  }
}
)");
  REQUIRE(f.load());
  REQUIRE(f.expand());
  ResourceSchema schema;
  schema.type = "firewalld_port";
  schema.attributes = {{.name = "zone", .type = Type::string(), .required = true},
                       {.name = "port", .type = Type::string(), .required = true},
                       {.name = "protocol", .type = Type::string(), .required = true},
                       {.name = "id", .type = Type::string(), .computed = true, .read_only = true}};
  schema.blocks = {
      BlockSchema{.name = "wait", .attributes = {{.name = "timeout", .type = Type::string()}}}};
  ConfigEvaluator e(f.config, f.inputs, nullptr, {});
  e.use_instances(&f.instances);
  Value v = e.resource_config(f.instances.resources[0], &schema, f.diags);
  CHECK(f.errors() == "Unsupported argument|Missing required argument|");
  CHECK(f.diags.items[0].detail.find("Did you mean \"protocol\"?") != std::string::npos);
  CHECK(*v.get("port") == Value::string("31000"));
  CHECK(v.get("id")->is_null());
  CHECK(*v.get("wait") == Value::object({{"timeout", Value::string("5s")}}));
}

namespace {

// Known values of resource instances, as the planner or the applier would supply them.
struct KnownValues : InstanceValues {
  std::map<std::string, Value> by_addr;
  std::optional<Value> get(const InstanceAddr& addr) const override {
    auto it = by_addr.find(addr.to_string());
    if (it == by_addr.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace

TEST_CASE("each.value is evaluated again once the values it depends on are known") {
  EvalFixture f;
  f.dir.write("main.fed.hcl", R"(
resource "kube_object" "svc" { manifest = {} }
resource "kube_object" "port" {
  for_each = { for k in ["tls", "discovery"] : k => kube_object.svc.object.ports[k] }
  manifest = { port = each.value, name = each.key }
}
)");
  REQUIRE(f.load());
  REQUIRE(f.expand());  // keys are known; values are not yet
  REQUIRE(f.instances.resources.size() == 3);
  KnownValues known;
  known.by_addr["kube_object.svc"] = Value::object(
      {{"object",
        Value::object({{"ports", Value::object({{"tls", Value::number(31000)},
                                                {"discovery", Value::number(31001)}})}})}});
  ConfigEvaluator e(f.config, f.inputs, &known, {});
  e.use_instances(&f.instances);
  const ResourceInstance* found = nullptr;
  for (const ResourceInstance& ri : f.instances.resources)
    if (ri.addr.to_string() == "kube_object.port[\"tls\"]") found = &ri;
  REQUIRE(found);
  const ResourceInstance& tls = *found;
  Value v = e.resource_config(tls, nullptr, f.diags);
  CHECK(f.errors() == "");
  CHECK(*v.get("manifest")->get("port") == Value::number(31000));
  ConfigEvaluator unknown(f.config, f.inputs, nullptr, {});
  unknown.use_instances(&f.instances);
  CHECK_FALSE(unknown.resource_config(tls, nullptr, f.diags).wholly_known());
}
