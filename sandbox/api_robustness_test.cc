// Robustness: valid requests with random parts replaced by random JSON, random bytes and odd
// targets must get a well-formed answer (a Status for errors) and never an internal error.
#include <doctest/doctest.h>

#include <random>

#include "sandbox/testing/test_util.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {

json random_value(std::mt19937_64& rng, int depth = 0) {
  switch (rng() % (depth > 2 ? 5 : 7)) {
    case 0:
      return nullptr;
    case 1:
      return static_cast<int64_t>(rng() % 70000) - 100;
    case 2:
      return (rng() % 2) == 0;
    case 3:
      return std::string(1 + rng() % 3, static_cast<char>('a' + rng() % 26));
    case 4:
      return 1.5;
    case 5: {
      json a = json::array();
      for (size_t i = 0; i < rng() % 3; ++i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (size_t i = 0; i < rng() % 3; ++i)
        o[std::string(1, static_cast<char>('a' + rng() % 5))] = random_value(rng, depth + 1);
      return o;
    }
  }
}

// Replaces one random node of `v` with a random value.
void mutate(json& v, std::mt19937_64& rng) {
  json* cur = &v;
  while ((cur->is_object() || cur->is_array()) && !cur->empty() && rng() % 3 != 0) {
    auto it = cur->begin();
    std::advance(it, static_cast<long>(rng() % cur->size()));
    cur = &*it;
  }
  *cur = random_value(rng);
}

}  // namespace

TEST_CASE("mutated and random requests get proper answers, never an internal error") {
  Harness h(true);
  std::mt19937_64 rng(42);
  std::vector<std::pair<std::string, json>> seeds = {
      {"/api/v1/namespaces/default/configmaps",
       {{"apiVersion", "v1"},
        {"kind", "ConfigMap"},
        {"metadata", {{"name", "c"}, {"labels", {{"a", "b"}}}}},
        {"data", {{"k", "v"}}}}},
      {"/api/v1/namespaces/default/services",
       {{"apiVersion", "v1"},
        {"kind", "Service"},
        {"metadata", {{"name", "s"}}},
        {"spec",
         {{"type", "NodePort"}, {"ports", {{{"name", "a"}, {"port", 80}, {"nodePort", 30100}}}}}}}},
      {"/apis/apps/v1/namespaces/default/deployments",
       {{"apiVersion", "apps/v1"},
        {"kind", "Deployment"},
        {"metadata", {{"name", "d"}}},
        {"spec",
         {{"selector", {{"matchLabels", {{"app", "d"}}}}},
          {"template",
           {{"metadata", {{"labels", {{"app", "d"}}}}},
            {"spec",
             {{"containers",
               {{{"name", "c"}, {"image", "i"}, {"ports", {{{"containerPort", 80}}}}}}}}}}}}}}},
      {"/apis/maistra.io/v2/namespaces/default/servicemeshcontrolplanes",
       {{"apiVersion", "maistra.io/v2"},
        {"kind", "ServiceMeshControlPlane"},
        {"metadata", {{"name", "cp"}}},
        {"spec",
         {{"gateways",
           {{"additionalIngress",
             {{"in",
               {{"service",
                 {{"type", "NodePort"}, {"ports", {{{"port", 1}, {"name", "x"}}}}}}}}}}}}}}}},
      {"/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
       json::parse(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"things.example.com"},"spec":{"group":"example.com","scope":"Namespaced",
         "names":{"plural":"things","kind":"Thing"},"versions":[{"name":"v1","served":true,"storage":true}]}})")}};
  const char* types[] = {"application/merge-patch+json", "application/apply-patch+yaml",
                         "application/strategic-merge-patch+json", "application/json-patch+json"};
  int answered = 0;
  for (int round = 0; round < 1500; ++round) {
    if (round % 500 == 0) rng.seed(static_cast<uint64_t>(round) + 42);
    const auto& [url, seed] = seeds[rng() % seeds.size()];
    json body = seed;
    for (size_t m = 0; m < 1 + rng() % 2; ++m) mutate(body, rng);
    std::string name = seed["metadata"]["name"];
    Reply r;
    switch (rng() % 5) {
      case 0:
        r = h.post(url, body);
        break;
      case 1:
        r = h.put(url + "/" + name, body);
        break;
      case 2:
        r = h.call("PATCH", url + "/" + name + "?fieldManager=f", body.dump(), types[rng() % 4]);
        break;
      case 3:
        r = h.call("DELETE", url + "/" + name, rng() % 2 ? body.dump() : "");
        break;
      default: {
        std::string bytes;
        for (size_t i = 0; i < rng() % 40; ++i) bytes += static_cast<char>(rng() % 256);
        r = h.call(rng() % 2 ? "POST" : "PATCH",
                   url + (rng() % 2 ? "/" + name : "") + "?fieldManager=f", bytes,
                   types[rng() % 4]);
      }
    }
    h.advance(std::chrono::milliseconds(rng() % 400));
    INFO("round " << round << " " << url << " body " << body.dump() << " -> " << r.raw);
    REQUIRE(r.status >= 200);
    REQUIRE(r.status < 500);
    if (r.status >= 400) {
      REQUIRE(r.body.is_object());
      CHECK(r.body["kind"] == "Status");
      CHECK(r.body["code"] == r.status);
    }
    ++answered;
  }
  CHECK(answered == 1500);
  CHECK(h.get("/api/v1/namespaces/default").status == 200);
  for (const char* target : {"/api/v1/namespaces/default/configmaps/%zz", "/api/v1/%2e%2e/x",
                             "/apis//v1", "/api/v1/namespaces//configmaps", "/apis/a/b/c/d/e/f/g",
                             "/api/v1/namespaces/default/configmaps?limit=-1",
                             "/api/v1/namespaces/default/configmaps?continue=%%%"}) {
    Reply r = h.get(target);
    CHECK_MESSAGE(r.status < 500, target);
  }
}
