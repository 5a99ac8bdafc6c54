// Names, labels and chunks of the kube backend's Secrets, and reading them back.
#include "state/kube/state_objects.h"

#include <doctest/doctest.h>

namespace fedplan::kube {

TEST_CASE("state objects are named by workspace and suffix, parts by write") {
  StateObjectNames n{"fed", "staging", "mesh", {{"team", "a"}}};
  CHECK(n.state_secret() == "fedplan-state-staging-mesh");
  CHECK(n.part_secret(2, "0123456789abcdef") == "fedplan-state-staging-mesh-part-2-01234567");
  CHECK(n.lease() == "fedplan-lock-staging-mesh");
  nlohmann::json l = n.object_labels("lock");
  CHECK(l["team"] == "a");
  CHECK(l["fedplan.io/role"] == "lock");
  CHECK(n.selector("state", true) ==
        "app.kubernetes.io/managed-by=fedplan,fedplan.io/state-suffix=mesh,fedplan.io/role=state,"
        "fedplan.io/workspace=staging");
  CHECK(n.check() == "");
}

TEST_CASE("names the API server would refuse are reported with the setting to change") {
  auto why = [](StateObjectNames n) { return n.check(); };
  CHECK(why({"Bad_NS", "default", "s", {}}).rfind("namespace \"Bad_NS\"", 0) == 0);
  CHECK(why({"fed", "default", "", {}}).rfind("secret_suffix \"\" cannot be a label value", 0) ==
        0);
  CHECK(why({"fed", "Prod", "s", {}}).find("are not valid object names") != std::string::npos);
  CHECK(why({"fed", std::string(64, 'w'), "s", {}}).find("no more than 63 characters") !=
        std::string::npos);
  CHECK(why({"fed", "default", std::string(63, 'a'), {}}) == "");  // names of 104 characters
  CHECK(why({"fed", "default", "s", {{"fedplan.io/role", "x"}}}) ==
        "labels: \"fedplan.io/role\" is set by fedplan itself");
  CHECK(why({"fed", "default", "s", {{"a", "not ok"}}}).rfind("labels: the value of \"a\"", 0) ==
        0);
}

TEST_CASE("state bytes split into chunks of at most the limit") {
  CHECK(split_chunks("", 4) == std::vector<std::string_view>{""});
  CHECK(split_chunks("abcdefghij", 4) == std::vector<std::string_view>{"abcd", "efgh", "ij"});
  CHECK(split_chunks("abcd", 4) == std::vector<std::string_view>{"abcd"});
}

TEST_CASE("a state Secret and its parts read back, and others are refused") {
  StateObjectNames n{"fed", "default", "s", {}};
  StateWriteInfo info{"w-1", 2, 7, "lin", true};
  nlohmann::json head = state_secret_manifest(n, info, 0, std::string("\x1f\x8b\0", 3));
  head["metadata"]["resourceVersion"] = "42";
  std::string err;
  auto h = read_state_secret(head, &err);
  REQUIRE(h);
  CHECK(h->index == 0);
  CHECK(h->info.parts == 2);
  CHECK(h->info.serial == 7);
  CHECK(h->info.sealed);
  CHECK(h->bytes == std::string("\x1f\x8b\0", 3));
  CHECK(h->resource_version == "42");
  auto p = read_state_secret(state_secret_manifest(n, info, 1, "more"), &err);
  REQUIRE(p);
  CHECK(p->index == 1);
  CHECK(p->bytes == "more");

  nlohmann::json other = head;
  other["metadata"]["annotations"].erase("fedplan.io/write-id");
  CHECK_FALSE(read_state_secret(other, &err));
  CHECK(err == "it has no fedplan.io/write-id annotation");
  other = head;
  other["metadata"]["annotations"]["fedplan.io/parts"] = "lots";
  CHECK_FALSE(read_state_secret(other, &err));
  CHECK(err == "its fedplan.io/parts annotation \"lots\" is not a count of parts");
  other = head;
  other["data"]["state"] = "***";
  CHECK_FALSE(read_state_secret(other, &err));
  CHECK(err == "its data.state is not base64");
}

}  // namespace fedplan::kube
