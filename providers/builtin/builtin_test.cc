// Tests that add_builtin_providers registers null and local with their schemas.
#include "providers/builtin/builtin.h"

#include <doctest/doctest.h>

namespace fedplan {

TEST_CASE("builtin registry serves null and local with their types") {
  ProviderRegistry registry;
  add_builtin_providers(registry);
  CHECK(registry.names() == std::vector<std::string>{"local", "null"});
  auto null_p = registry.create("null");
  REQUIRE(null_p);
  CHECK(null_p->schema().resource("null_resource"));
  CHECK(null_p->schema().data_sources.empty());
  auto local_p = registry.create("local");
  REQUIRE(local_p);
  const ResourceSchema* file = local_p->schema().resource("local_file");
  REQUIRE(file);
  CHECK(file->attribute("filename")->force_new);
  CHECK(file->attribute("sensitive_content")->sensitive);
  CHECK(file->attribute("id")->read_only);
  CHECK(local_p->schema().data_source("local_file"));
  CHECK_FALSE(local_p->configure(Value::object({})).has_errors());
  CHECK_FALSE(local_p->configure(Value()).has_errors());
}

}  // namespace fedplan
