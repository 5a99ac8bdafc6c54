// Terraform as the reference of differential tests: the values of many expressions at once
// through `terraform console`, as JSON. Tests skip, saying why, when terraform is absent.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fedplan::testing {

// What `try(EXPR, {fedplan_error = true})` gives for an expression Terraform refuses.
inline const nlohmann::json kTerraformError = {{"fedplan_error", true}};

// How `why` begins when terraform could not be started (not installed): a skip, where any
// other reason is a failure.
inline const std::string kTerraformAbsent = "terraform is not installed: ";

// Terraform's value of each of `exprs` as JSON (jsonencode's), or kTerraformError where it
// fails; expressions are sent a hundred at a time (console lines are limited to 64 KiB).
// nullopt when terraform is not installed or a batch cannot be read, with the reason in `why`.
std::optional<std::vector<nlohmann::json>> terraform_values(const std::vector<std::string>& exprs,
                                                            std::string* why);

// terraform_values for a doctest case: nullopt when terraform is absent, after saying the
// comparison is skipped; a failure of the console itself fails the case.
std::optional<std::vector<nlohmann::json>> terraform_values_or_skip(
    const std::vector<std::string>& exprs);

// What `terraform console` prints for one expression `line`, as the console formats it, run in
// `dir` (empty: an empty directory) with `args` after `console` (-var ...). nullopt with the
// reason in `why` when terraform is absent (kTerraformAbsent) or refuses the line.
std::optional<std::string> terraform_console_print(const std::string& line, std::string* why,
                                                   const std::string& dir = "",
                                                   const std::vector<std::string>& args = {});

}  // namespace fedplan::testing
