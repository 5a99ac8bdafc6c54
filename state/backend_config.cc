// Typed reading of backend settings: each backend asks for what it knows, and what nobody
// asked for is reported as unsupported, so a typo never passes silently.
#include "state/backend_config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "base/duration.h"
#include "base/quote.h"
#include "base/suggest.h"

namespace fedplan {

SettingsReader::SettingsReader(const BackendConfig& config, Diagnostics& diags)
    : config_(config), diags_(diags) {}

const BackendSetting* SettingsReader::find(const std::string& key) {
  read_.insert(key);
  auto it = config_.settings.find(key);
  if (it == config_.settings.end() || it->second.value.is_null()) return nullptr;
  return &it->second;
}

void SettingsReader::wrong_type(const std::string& key, const BackendSetting& s, const char* want) {
  invalid(key, std::string("The ") + config_.type + " backend's " + quote(key) + " takes " + want +
                   ", but " + s.origin + " gives a " + kind_name(s.value.kind()) + ".");
}

void SettingsReader::invalid(const std::string& key, const std::string& detail) {
  auto it = config_.settings.find(key);
  error_at(it != config_.settings.end() ? &it->second : nullptr,
           "Invalid backend setting " + quote(key), detail);
}

// An error at the setting's value when it has a range, else naming where it came from (or
// the backend block when the setting is missing).
void SettingsReader::error_at(const BackendSetting* s, std::string summary, std::string detail) {
  ok_ = false;
  if (s && s->range) {
    diags_.error(std::move(summary), std::move(detail), s->range);
  } else if (!s && config_.range) {
    diags_.error(std::move(summary), std::move(detail), config_.range);
  } else {
    std::string where = s ? s->origin : config_.origin;
    diags_.error(std::move(summary), std::move(detail)).address =
        where.empty() ? "backend " + quote(config_.type) : where;
  }
}

std::optional<std::string> SettingsReader::string(const std::string& key) {
  const BackendSetting* s = find(key);
  if (!s) return std::nullopt;
  switch (s->value.kind()) {
    case ValueKind::String:
      return s->value.as_string();
    case ValueKind::Number: {
      double n = s->value.as_number();
      if (n == std::floor(n) && std::fabs(n) < 1e15) return std::to_string(int64_t(n));
      break;
    }
    case ValueKind::Bool:
      return std::string(s->value.as_bool() ? "true" : "false");
    default:
      break;
  }
  wrong_type(key, *s, "a string");
  return std::nullopt;
}

std::optional<std::vector<std::string>> SettingsReader::strings(const std::string& key) {
  const BackendSetting* s = find(key);
  if (!s) return std::nullopt;
  std::vector<std::string> out;
  if (s->value.kind() == ValueKind::String) {
    const std::string& text = s->value.as_string();
    size_t start = 0;
    while (start <= text.size()) {
      size_t comma = std::min(text.find(',', start), text.size());
      std::string item = text.substr(start, comma - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.push_back(item);
      start = comma + 1;
    }
    return out;
  }
  ValueKind k = s->value.kind();
  if (k == ValueKind::List || k == ValueKind::Tuple || k == ValueKind::Set) {
    for (const Value& v : s->value.elements()) {
      if (v.kind() != ValueKind::String) {
        wrong_type(key, *s, "a list of strings");
        return std::nullopt;
      }
      out.push_back(v.as_string());
    }
    return out;
  }
  wrong_type(key, *s, "a list of strings");
  return std::nullopt;
}

std::optional<int64_t> SettingsReader::integer(const std::string& key) {
  const BackendSetting* s = find(key);
  if (!s) return std::nullopt;
  if (s->value.kind() == ValueKind::Number) {
    double n = s->value.as_number();
    if (n == std::floor(n) && std::fabs(n) < 9e15) return int64_t(n);
  } else if (s->value.kind() == ValueKind::String) {
    const std::string& t = s->value.as_string();
    size_t used = 0;
    try {
      long long n = std::stoll(t, &used);
      if (used == t.size()) return n;
    } catch (const std::exception&) {
    }
  }
  wrong_type(key, *s, "a whole number");
  return std::nullopt;
}

std::optional<bool> SettingsReader::boolean(const std::string& key) {
  const BackendSetting* s = find(key);
  if (!s) return std::nullopt;
  if (s->value.kind() == ValueKind::Bool) return s->value.as_bool();
  if (s->value.kind() == ValueKind::String) {
    if (s->value.as_string() == "true") return true;
    if (s->value.as_string() == "false") return false;
  }
  wrong_type(key, *s, "true or false");
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> SettingsReader::duration(const std::string& key) {
  const BackendSetting* s = find(key);
  if (!s) return std::nullopt;
  if (s->value.kind() == ValueKind::Number) {
    double n = s->value.as_number();
    if (n >= 0 && n == std::floor(n) && n < 1e9) return std::chrono::seconds(int64_t(n));
  } else if (s->value.kind() == ValueKind::String) {
    if (auto d = parse_duration(s->value.as_string())) return *d;
  }
  wrong_type(key, *s, "a duration like \"30s\" or \"2m\"");
  return std::nullopt;
}

std::optional<std::string> SettingsReader::path(const std::string& key, const std::string& base) {
  auto p = string(key);
  if (!p || p->empty()) return p;
  std::filesystem::path path(*p);
  if (path.is_relative()) path = std::filesystem::path(base) / path;
  return path.lexically_normal().string();
}

bool SettingsReader::finish() {
  std::vector<std::string> known(read_.begin(), read_.end());
  for (const auto& [key, s] : config_.settings) {
    if (read_.count(key)) continue;
    std::string detail = "The " + config_.type + " backend has no setting " + quote(key) + ".";
    if (auto hint = suggest(key, known)) detail += " Did you mean " + quote(*hint) + "?";
    error_at(&s, "Unsupported backend setting", detail);
  }
  return ok_;
}

bool check_workspace_name(const std::string& name, Diagnostics& diags) {
  bool ok =
      !name.empty() && name.size() <= 90 && name[0] != '.' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
  if (!ok)
    diags.error("Invalid workspace name " + quote(name),
                "A workspace name is 1 to 90 letters, digits, '-', '_' and '.', and does not "
                "start with '.'.");
  return ok;
}

}  // namespace fedplan
