// Collecting root variable values from the environment, var files and -var flags.
// Files are HCL (`name = value` lines) or JSON (an object); values must be constants.
#include "engine/config/inputs.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "base/suggest.h"
#include "lang/eval.h"
#include "lang/parser.h"
#include "lang/value_json.h"

namespace fedplan {

namespace {

std::vector<std::string> variable_names(const Module& root) {
  std::vector<std::string> out;
  for (const auto& [name, v] : root.variables) out.push_back(name);
  return out;
}

// Evaluates a constant expression: no references, functions allowed.
Value constant(const Expr& e, Diagnostics& diags) {
  EvalContext ctx;
  ctx.resolver = [](const Traversal& t, Diagnostics& d) {
    d.error("Variables not allowed",
            "A variable value must be a constant; \"" + t.to_string() +
                "\" refers to something that is not known here.",
            t.span());
    return Resolved::failed();
  };
  return evaluate(e, ctx, diags);
}

bool is_string_var(const Module& root, const std::string& name) {
  auto it = root.variables.find(name);
  // Like Terraform, an untyped variable takes command-line text as a string too.
  return it != root.variables.end() &&
         (it->second.type.kind == TypeKind::String || !it->second.type_given);
}

void unknown_name(const Module& root, const std::string& name, const std::string& where, bool fatal,
                  std::optional<SourceRange> range, Diagnostics& diags) {
  std::string detail =
      "The root module has no variable named \"" + name + "\" (given in " + where + ").";
  if (auto s = suggest(name, variable_names(root))) detail += " Did you mean \"" + *s + "\"?";
  if (fatal)
    diags.error("Value for undeclared variable", detail, range);
  else
    diags.warning("Value for undeclared variable", detail, range);
}

void read_var_file(const Module& root, const std::string& path, InputValues& out,
                   SourceFiles& sources, Diagnostics& diags) {
  std::string content, err;
  if (!read_file(path, &content, &err)) {
    diags.error("Cannot read variables file", err + ".");
    return;
  }
  auto text = std::make_shared<const std::string>(std::move(content));
  sources.add(path, text);
  std::string where = "file " + path;
  if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) {
    nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      diags.error("Invalid variables file",
                  "\"" + path + "\" must hold one JSON object mapping variable names to values.");
      return;
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (!root.variables.count(it.key())) {
        unknown_name(root, it.key(), where, false, std::nullopt, diags);
        continue;
      }
      out[it.key()] = InputValue{from_json(it.value()), where, std::nullopt};
    }
    return;
  }
  File file = parse_file(*text, path, diags);
  for (const Block& b : file.body.blocks)
    diags.error("Unexpected block in variables file",
                "A variables file holds only `name = value` lines.", b.type_span);
  for (const Attribute& a : file.body.attributes) {
    if (!root.variables.count(a.name)) {
      unknown_name(root, a.name, where, false, a.name_span.range(), diags);
      continue;
    }
    out[a.name] = InputValue{constant(*a.expr, diags), where, a.span.range()};
  }
}

}  // namespace

InputValues collect_inputs(
    const Module& root, const InputFlags& flags,
    const std::function<std::vector<std::pair<std::string, std::string>>()>& environment,
    SourceFiles& sources, Diagnostics& diags) {
  InputValues out;
  static const std::string kPrefix = "FEDPLAN_VAR_";
  if (environment) {
    for (const auto& [key, raw] : environment()) {
      if (key.rfind(kPrefix, 0) != 0) continue;
      std::string name = key.substr(kPrefix.size());
      std::string where = "environment " + key;
      if (!root.variables.count(name)) {
        unknown_name(root, name, where, false, std::nullopt, diags);
        continue;
      }
      if (is_string_var(root, name)) {
        out[name] = InputValue{Value::string(raw), where, std::nullopt};
        continue;
      }
      sources.add(where, std::make_shared<const std::string>(raw));
      ExprPtr e = parse_expression(raw, where, diags);
      out[name] = InputValue{constant(*e, diags), where, std::nullopt};
    }
  }
  // The files the root module's directory holds, as Terraform reads terraform.tfvars(.json)
  // and then *.auto.tfvars(.json) in the order of their names.
  for (const char* name : {"fedplan.fedvars", "fedplan.fedvars.json"}) {
    std::string path = (std::filesystem::path(root.dir) / name).string();
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) read_var_file(root, path, out, sources, diags);
  }
  for (const std::string& path :
       files_ending_with(root.dir, {".auto.fedvars", ".auto.fedvars.json"}))
    read_var_file(root, path, out, sources, diags);
  for (const std::string& path : flags.var_files) read_var_file(root, path, out, sources, diags);
  for (const std::string& flag : flags.vars) {
    size_t eq = flag.find('=');
    if (eq == std::string::npos || eq == 0) {
      diags.error("Invalid -var option",
                  "The value \"" + flag + "\" is not of the form NAME=VALUE.");
      continue;
    }
    std::string name = flag.substr(0, eq);
    std::string raw = flag.substr(eq + 1);
    if (!root.variables.count(name)) {
      unknown_name(root, name, "-var", true, std::nullopt, diags);
      continue;
    }
    if (is_string_var(root, name)) {
      out[name] = InputValue{Value::string(raw), "-var", std::nullopt};
      continue;
    }
    std::string where = "-var " + name;
    sources.add(where, std::make_shared<const std::string>(raw));
    ExprPtr e = parse_expression(raw, where, diags);
    out[name] = InputValue{constant(*e, diags), "-var", std::nullopt};
  }
  // Sensitive from where it enters, so that no plan, output or message can print it.
  for (auto& [name, in] : out)
    if (auto d = root.variables.find(name); d != root.variables.end() && d->second.sensitive)
      in.value = in.value.mark_sensitive();
  return out;
}

}  // namespace fedplan
