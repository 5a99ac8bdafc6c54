// Tests of the local_file data source: text and binary files, a missing file, bad configs.
#include "providers/builtin/local_provider.h"

#include <doctest/doctest.h>

#include "base/base64.h"
#include "base/digest.h"
#include "base/testing/temp_dir.h"
#include "base/utf8.h"

namespace fedplan {

using namespace testing;

namespace {

Value data_config(Value filename) {
  return Value::object({{"filename", std::move(filename)},
                        {"content", Value()},
                        {"content_base64", Value()},
                        {"id", Value()},
                        {"content_sha256", Value()}});
}

std::string string_attr(const Value& obj, const char* name) {
  return obj.get(name)->as_string();
}

}  // namespace

TEST_CASE("data local_file reads content, base64 and hashes") {
  TempDir t;
  t.write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  auto p = make_local_provider();
  ReadResult r = p->read_data("local_file", data_config(Value::string(t / "ca.pem")));
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(string_attr(r.state, "content") == "-----BEGIN CERTIFICATE-----\n");
  CHECK(string_attr(r.state, "content_base64") == "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==");
  CHECK(string_attr(r.state, "id") == sha1_hex("-----BEGIN CERTIFICATE-----\n"));
  CHECK(string_attr(r.state, "content_sha256") == sha256_hex("-----BEGIN CERTIFICATE-----\n"));
  CHECK(string_attr(r.state, "filename") == t / "ca.pem");
}

TEST_CASE("data local_file keeps binary bytes exact in base64 and hashes") {
  TempDir t;
  std::string bytes("\x89PNG\r\n\x1a\n\0\xff", 10);
  t.write("img", bytes);
  auto p = make_local_provider();
  ReadResult r = p->read_data("local_file", data_config(Value::string(t / "img")));
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(string_attr(r.state, "content_base64") == base64_encode(bytes));
  CHECK(string_attr(r.state, "id") == sha1_hex(bytes));
  CHECK(string_attr(r.state, "content") == valid_utf8(bytes));
  CHECK(string_attr(r.state, "content") != bytes);
}

TEST_CASE("data local_file reports a missing file and bad configs") {
  TempDir t;
  auto p = make_local_provider();
  ReadResult missing = p->read_data("local_file", data_config(Value::string(t / "none")));
  REQUIRE(missing.diags.has_errors());
  CHECK(missing.diags.items[0].summary.find(t / "none") != std::string::npos);
  CHECK(missing.state.is_null());
  CHECK(p->validate("data.local_file", data_config(Value())).has_errors());
  CHECK(p->validate("data.local_file", data_config(Value::string(""))).has_errors());
  CHECK(p->validate("data.local_file", Value::object({{"filename", Value::string("f")},
                                                      {"content", Value::string("x")}}))
            .has_errors());
  CHECK_FALSE(p->validate("data.local_file", data_config(Value::unknown())).has_errors());
  CHECK(p->read_data("local_dir", data_config(Value::string(t / "none"))).diags.has_errors());
}

}  // namespace fedplan
