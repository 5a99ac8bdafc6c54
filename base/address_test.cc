// Tests for addresses: every form prints back to what was parsed, and bad text is named.
// Targets contain instances by module prefix, by resource, or exactly.
#include "base/address.h"

#include <doctest/doctest.h>

using namespace fedplan;

TEST_CASE("instance addresses round-trip through parse and print") {
  for (const char* text : {"kube_object.peer", "kube_object.peer[\"mesh1\"]", "null_resource.n[3]",
                           "data.kube_object.root_ca", "module.fed.kube_object.peer[\"a\\\"b\"]",
                           "module.f[\"x\"].module.g[2].data.local_file.f"}) {
    std::string err;
    auto a = parse_instance(text, &err);
    REQUIRE_MESSAGE(a, err);
    CHECK(a->to_string() == text);
  }
}

TEST_CASE("string keys with any byte read back exactly") {
  std::string key;
  for (int c = 0; c < 256; ++c) key += static_cast<char>(c);
  InstanceAddr a;
  a.resource.type = "kube_object";
  a.resource.name = "k";
  a.key = InstanceKey::of(key);
  std::string text = a.to_string();
  CHECK(text.find('\x01') == std::string::npos);  // control characters print escaped
  std::string err;
  auto back = parse_instance(text, &err);
  REQUIRE_MESSAGE(back, err);
  CHECK(back->key == a.key);
  auto escaped = parse_instance("kube_object.k[\"a\\u00e9\\r\"]", &err);
  REQUIRE_MESSAGE(escaped, err);
  CHECK(escaped->key == InstanceKey::of(std::string("a\xC3\xA9\r")));
}

TEST_CASE("parsed parts land in the right fields") {
  std::string err;
  auto a = parse_instance("module.fed.data.kube_object.ca[0]", &err);
  REQUIRE(a);
  CHECK(a->resource.mode == ResourceMode::Data);
  CHECK(a->resource.type == "kube_object");
  CHECK(a->resource.name == "ca");
  CHECK(a->resource.module.to_string() == "module.fed");
  CHECK(a->key == InstanceKey::of(int64_t{0}));
}

TEST_CASE("bad addresses are rejected with the column") {
  std::string err;
  CHECK_FALSE(parse_instance("kube_object", &err));
  CHECK(err.find("column 12") != std::string::npos);
  CHECK_FALSE(parse_instance("kube_object.a[\"x]", &err));
  CHECK(err.find("unterminated") != std::string::npos);
  CHECK_FALSE(parse_instance("kube_object.a[x]", &err));
  CHECK_FALSE(parse_instance("kube_object.a.b", &err));
  CHECK(err.find("unexpected text") != std::string::npos);
  CHECK_FALSE(parse_instance("module.a", &err));
  CHECK(err.find("names a module") != std::string::npos);
  CHECK_FALSE(parse_target("", &err));
}

TEST_CASE("a module target contains everything below it, a resource target its instances") {
  std::string err;
  auto inst = *parse_instance("module.a.module.b.null_resource.n[1]", &err);
  CHECK(parse_target("module.a", &err)->contains(inst));
  CHECK(parse_target("module.a.module.b.null_resource.n", &err)->contains(inst));
  CHECK(parse_target("module.a.module.b.null_resource.n[1]", &err)->contains(inst));
  CHECK_FALSE(parse_target("module.a.module.b.null_resource.n[2]", &err)->contains(inst));
  CHECK_FALSE(parse_target("module.b", &err)->contains(inst));
  CHECK_FALSE(parse_target("null_resource.n", &err)->contains(inst));
}

TEST_CASE("a module target without a key contains every instance of the call") {
  std::string err;
  auto inst = *parse_instance("module.fed[\"a\"].null_resource.n", &err);
  CHECK(parse_target("module.fed", &err)->contains(inst));
  CHECK(parse_target("module.fed.null_resource.n", &err)->contains(inst));
  CHECK(parse_target("module.fed[\"a\"]", &err)->contains(inst));
  CHECK_FALSE(parse_target("module.fed[\"b\"]", &err)->contains(inst));
}

TEST_CASE("provider addresses print with their module and alias") {
  std::string err;
  auto p = parse_provider("module.fed.kube.a", &err);
  REQUIRE(p);
  CHECK(p->type == "kube");
  CHECK(p->alias == "a");
  CHECK(p->to_string() == "module.fed.kube.a");
  CHECK(parse_provider("firewalld", &err)->to_string() == "firewalld");
  CHECK_FALSE(parse_provider("kube.a.b", &err));
}

TEST_CASE("a provider instance of a for_each block keeps its key through print and parse") {
  std::string err;
  auto p = parse_provider("module.m[\"x\"].kube.cluster[\"east\"]", &err);
  REQUIRE(p);
  CHECK(p->alias == "cluster");
  CHECK(p->key == InstanceKey::of(std::string("east")));
  CHECK(p->to_string() == "module.m[\"x\"].kube.cluster[\"east\"]");
  CHECK(parse_provider("kube.cluster[\"a.b\"]", &err)->to_string() == "kube.cluster[\"a.b\"]");
  CHECK_FALSE(parse_provider("kube[\"east\"]", &err));
  CHECK_FALSE(parse_provider("kube.cluster[\"east\"].x", &err));
}
