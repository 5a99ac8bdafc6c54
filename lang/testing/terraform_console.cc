// terraform_values: each batch becomes one console line,
// base64encode(jsonencode([try(e1, ERR), ...])), so no console quoting reaches the values.
#include "lang/testing/terraform_console.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "base/base64.h"
#include "base/process.h"
#include "base/testing/temp_dir.h"

namespace fedplan::testing {

std::optional<std::vector<nlohmann::json>> terraform_values(const std::vector<std::string>& exprs,
                                                            std::string* why) {
  std::vector<nlohmann::json> out;
  TempDir empty;
  for (size_t first = 0; first < exprs.size(); first += 100) {
    size_t last = std::min(exprs.size(), first + 100);
    std::string line = "base64encode(jsonencode([";
    for (size_t i = first; i < last; ++i) line += "try(" + exprs[i] + ", {fedplan_error = true}),";
    line += "]))";
    ProcessRequest req;
    req.argv = {"terraform", "-chdir=" + empty.path(), "console"};
    req.stdin_data = line + "\n";
    req.extra_env = {{"TF_CLI_CONFIG_FILE", "/dev/null"}, {"CHECKPOINT_DISABLE", "1"}};
    ProcessResult r = SubprocessRunner().run(req);
    if (!r.error.empty()) {
      *why = kTerraformAbsent + r.error;
      return std::nullopt;
    }
    if (r.exit_code != 0) {
      *why = "terraform console failed: " + r.err;
      return std::nullopt;
    }
    std::string text = r.out;
    std::erase_if(text, [](char c) { return c == '"' || c == '\n'; });
    std::optional<std::string> decoded = base64_decode(text);
    nlohmann::json batch =
        decoded ? nlohmann::json::parse(*decoded, nullptr, false) : nlohmann::json();
    if (!batch.is_array() || batch.size() != last - first) {
      *why = "terraform console printed something else than the batch's values: " + r.out;
      return std::nullopt;
    }
    for (auto& v : batch) out.push_back(std::move(v));
  }
  return out;
}

std::optional<std::string> terraform_console_print(const std::string& line, std::string* why,
                                                   const std::string& dir,
                                                   const std::vector<std::string>& args) {
  TempDir empty;
  ProcessRequest req;
  req.argv = {"terraform", "-chdir=" + (dir.empty() ? empty.path() : dir), "console"};
  req.argv.insert(req.argv.end(), args.begin(), args.end());
  req.stdin_data = line + "\n";
  req.extra_env = {{"TF_CLI_CONFIG_FILE", "/dev/null"}, {"CHECKPOINT_DISABLE", "1"}};
  ProcessResult r = SubprocessRunner().run(req);
  if (!r.error.empty()) {
    *why = kTerraformAbsent + r.error;
    return std::nullopt;
  }
  if (r.exit_code != 0) {
    *why = "terraform console failed on " + line + ": " + r.err;
    return std::nullopt;
  }
  return r.out;
}

std::optional<std::vector<nlohmann::json>> terraform_values_or_skip(
    const std::vector<std::string>& exprs) {
  std::string why;
  auto values = terraform_values(exprs, &why);
  if (!values) {
    REQUIRE_MESSAGE(why.rfind(kTerraformAbsent, 0) == 0, why);
    MESSAGE("the comparison with terraform is skipped: " << why);
  }
  return values;
}

}  // namespace fedplan::testing
