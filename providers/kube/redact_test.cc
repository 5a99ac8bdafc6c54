// Tests of redaction: sensitive values and Secret data are replaced in every form a server
// quotes them, short secrets only where quoted alone.
#include "providers/kube/redact.h"

#include <doctest/doctest.h>

namespace fedplan::kube {
namespace {

using nlohmann::json;

TEST_CASE("sensitive values, escaped forms and decoded Secret data are redacted") {
  json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", "a"}}},
             {"data", {{"pw", "line1\nhunter2"}, {"plain", "visible"}}}};
  std::vector<std::string> s =
      sensitive_strings(cm, {{PathStep::attr("data"), PathStep::attr("pw")}});
  CHECK(redact("data[pw]: Invalid value: \"line1\\nhunter2\": bad; plain: visible", s) ==
        "data[pw]: Invalid value: \"(sensitive value)\": bad; plain: visible");
  CHECK(redact("raw line1\nhunter2 here", s) == "raw (sensitive value) here");

  json secret = {{"apiVersion", "v1"},
                 {"kind", "Secret"},
                 {"metadata", {{"name", "s"}}},
                 {"data", {{"k", "czNjcjN0LXZhbHVl"}}},  // s3cr3t-value
                 {"stringData", {{"t", "tok-123456"}}}};
  s = sensitive_strings(secret, {});
  CHECK(redact("k: czNjcjN0LXZhbHVl, s3cr3t-value, tok-123456, name s", s) ==
        "k: (sensitive value), (sensitive value), (sensitive value), name s");
}

TEST_CASE("a secret of under 4 bytes is redacted only where it stands quoted") {
  json m = {{"data", {{"n", "42"}}}};
  std::vector<std::string> s = sensitive_strings(m, {{PathStep::attr("data")}});
  CHECK(redact("HTTP 422: data[n]: Invalid value: \"42\"", s) ==
        "HTTP 422: data[n]: Invalid value: \"(sensitive value)\"");
}

}  // namespace
}  // namespace fedplan::kube
