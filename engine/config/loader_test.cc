// Tests for loading a module tree: block decoding, duplicate and shape errors, module calls,
// and reference checking with "did you mean" hints, each at its file:line:col.
#include "engine/config/loader.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

const LoadOptions kOptions{{"kube", "firewalld", "openstack_lb", "null", "local"}};

// Loads `dir` and returns every diagnostic as `file:line:col: summary` lines, with the file
// name made relative to the temp dir.
std::string load_errors(const TempDir& dir, Config* out = nullptr) {
  Diagnostics diags;
  Config c = load_config(dir.path(), kOptions, diags);
  std::string text;
  for (const Diagnostic& d : diags.items) {
    std::string line = short_diagnostic(d);
    if (line.rfind(dir.path() + "/", 0) == 0) line = line.substr(dir.path().size() + 1);
    text += line + "\n";
  }
  if (out) *out = std::move(c);
  return text;
}

}  // namespace

TEST_CASE("a directory of files loads as one module with every kind of block") {
  TempDir dir;
  dir.write("main.fed.hcl", R"(
variable "mesh1_kubeconfig" {
  type    = string
  default = "k1"
}
provider "kube" "mesh1" { kubeconfig = var.mesh1_kubeconfig }
locals {
  meshes = { mesh1 = { peer = "mesh2" } }
}
resource "kube_object" "peer" {
  provider = kube.mesh1
  for_each = local.meshes
  manifest = { kind = "ConfigMap", name = each.key }
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [manifest.metadata]
  }
}
)");
  dir.write("outputs.fed.hcl", R"(
data "kube_object" "ca" {
  provider = kube.mesh1
  name     = "istio-ca-root-cert"
}
output "ca" { value = data.kube_object.ca.object }
)");
  Config c;
  CHECK(load_errors(dir, &c) == "");
  REQUIRE(c.root);
  const Module& m = *c.root;
  CHECK(m.files.size() == 2);
  CHECK(m.variables.at("mesh1_kubeconfig").type.to_string() == "string");
  CHECK(m.locals.count("meshes"));
  const Resource& r = m.resources.at("kube_object.peer");
  CHECK(r.provider->to_string() == "kube.mesh1");
  CHECK(r.provider_type == "kube");
  CHECK(r.lifecycle.prevent_destroy);
  REQUIRE(r.lifecycle.ignore_changes.size() == 1);
  CHECK(r.lifecycle.ignore_changes[0].to_string() == "manifest.metadata");
  REQUIRE(r.attributes.size() == 1);
  CHECK(r.attributes[0]->name == "manifest");
  CHECK(m.resources.at("data.kube_object.ca").mode == ResourceMode::Data);
  CHECK(m.outputs.count("ca"));
  CHECK(c.files_read.size() == 2);
}

TEST_CASE("the provider of a resource type is the longest provider name that prefixes it") {
  TempDir dir;
  dir.write("a.fed.hcl",
            "resource \"openstack_lb_pool\" \"p\" {}\nresource \"kubeobject\" \"x\" {}\n");
  Config c;
  std::string errors = load_errors(dir, &c);
  CHECK(errors == "a.fed.hcl:2:10: No provider serves \"kubeobject\"\n");
  CHECK(c.root->resources.at("openstack_lb_pool.p").provider_type == "openstack_lb");
}

TEST_CASE("undeclared references are errors at their range with a hint") {
  TempDir dir;
  dir.write("main.fed.hcl", R"(variable "mesh1_kubeconfig" {}
locals {
  a = var.mesh1_kubconfig
  b = local.aa
  c = kube_object.missing.x
  d = data.kube_object.nope.y
  e = module.nope.out
  f = each.key
  g = count.index
  h = path.nowhere
  i = foo
}
)");
  std::string errors = load_errors(dir);
  CHECK(errors ==
        "main.fed.hcl:3:7: Reference to undeclared input variable\n"
        "main.fed.hcl:4:7: Reference to undeclared local value\n"
        "main.fed.hcl:5:7: Reference to undeclared resource\n"
        "main.fed.hcl:6:7: Reference to undeclared data source\n"
        "main.fed.hcl:7:7: Reference to undeclared module\n"
        "main.fed.hcl:8:7: Reference to \"each\" in context without for_each\n"
        "main.fed.hcl:9:7: Reference to \"count\" in non-counted context\n"
        "main.fed.hcl:10:7: Invalid \"path\" attribute\n"
        "main.fed.hcl:11:7: Invalid reference\n");
  Diagnostics diags;
  load_config(dir.path(), kOptions, diags);
  CHECK(diags.items[0].detail.find("Did you mean `var.mesh1_kubeconfig`?") != std::string::npos);
  CHECK(diags.items[1].detail.find("Did you mean `local.a`?") != std::string::npos);
}

TEST_CASE("malformed blocks are reported: labels, duplicates, unknown arguments and blocks") {
  TempDir dir;
  dir.write("main.fed.hcl", R"(variable "x" {}
variable "x" {}
variable {}
resource "null_resource" {}
output "o" { valeu = 1 }
provider "kube" "a" {}
provider "kube" "a" {}
widget "w" {}
top = 1
locals {
  y = 1
}
locals {
  y = 2
}
resource "null_resource" "n" {
  count    = 1
  for_each = {}
}
)");
  std::string errors = load_errors(dir);
  CHECK(errors ==
        "main.fed.hcl:9:1: Unexpected attribute at the top level\n"
        "main.fed.hcl:2:1: Duplicate variable \"x\"\n"
        "main.fed.hcl:3:1: Wrong number of labels on variable block\n"
        "main.fed.hcl:4:1: Wrong number of labels on resource block\n"
        "main.fed.hcl:5:14: Unsupported argument\n"
        "main.fed.hcl:5:1: Missing required argument\n"
        "main.fed.hcl:7:1: Duplicate provider configuration \"kube.a\"\n"
        "main.fed.hcl:8:1: Unsupported block type\n"
        "main.fed.hcl:14:3: Duplicate local value \"y\"\n"
        "main.fed.hcl:18:14: Invalid combination of \"count\" and \"for_each\"\n");
}

TEST_CASE("a variable may not take a name a module block reads as its own argument") {
  TempDir dir;
  dir.write("main.fed.hcl", R"(variable "version" {}
variable "count" {}
variable "source_dir" {}
)");
  CHECK(load_errors(dir) ==
        "main.fed.hcl:1:10: Invalid variable name\n"
        "main.fed.hcl:2:10: Invalid variable name\n");
}

TEST_CASE("module calls load their directory, check inputs, outputs and providers") {
  TempDir dir;
  dir.write("root/main.fed.hcl", R"(provider "kube" "mesh1" {}
module "fed" {
  source    = "../modules/fed"
  providers = { kube.a = kube.mesh1, kube.b = kube.nope }
  name      = "x"
  nmae      = "y"
}
output "o" { value = module.fed.address }
output "p" { value = module.fed.adress }
)");
  dir.write("modules/fed/main.fed.hcl", R"(variable "name" {}
variable "zone" {}
resource "kube_object" "o" {
  provider = kube.a
  manifest = {}
}
resource "kube_object" "q" {
  provider = kube.c
  manifest = {}
}
output "address" { value = var.name }
)");
  Config c;
  Diagnostics diags;
  c = load_config(dir / "root", kOptions, diags);
  std::string errors;
  for (const Diagnostic& d : diags.items) errors += d.summary + "|";
  CHECK(errors ==
        "Unsupported attribute|Reference to undeclared provider configuration|"
        "Unsupported argument|Missing required argument|"
        "Reference to undeclared provider configuration|");
  REQUIRE(c.root);
  REQUIRE(c.root->children.count("fed"));
  CHECK(c.root->children.at("fed")->outputs.count("address"));
}

TEST_CASE("a module that calls itself and a missing source are errors, not a hang") {
  TempDir dir;
  dir.write("main.fed.hcl",
            "module \"again\" { source = \"./\" }\nmodule \"gone\" { source = \"./nowhere\" "
            "}\nmodule \"reg\" { source = \"hashicorp/x\" }\n");
  std::string errors = load_errors(dir);
  CHECK(errors.find("Module calls itself") != std::string::npos);
  CHECK(errors.find("Module source not found") != std::string::npos);
  CHECK(errors.find("Unsupported module source") != std::string::npos);
}

TEST_CASE("an empty directory is an error naming it") {
  TempDir dir;
  std::string errors = load_errors(dir);
  CHECK(errors == "No configuration files\n");
}
