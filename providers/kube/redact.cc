// Redaction of sensitive strings from API server messages: collect the manifest's secrets in
// every form the server may quote, then replace each occurrence.
#include "providers/kube/redact.h"

#include <algorithm>

#include "base/base64.h"
#include "providers/kube/doc.h"

namespace fedplan::kube {
namespace {

const char* const kRedacted = "(sensitive value)";

void collect(const nlohmann::json& j, bool decode, std::vector<std::string>* out) {
  if (j.is_object() || j.is_array()) {
    for (const nlohmann::json& e : j) collect(e, decode, out);
    return;
  }
  std::string text;
  if (j.is_string())
    text = j.get<std::string>();
  else if (j.is_number())
    text = j.dump();
  else
    return;
  if (text.empty()) return;
  out->push_back(text);
  std::string escaped = nlohmann::json(text).dump();  // "..." with JSON escapes
  out->push_back(escaped.substr(1, escaped.size() - 2));
  if (decode)
    if (std::optional<std::string> plain = base64_decode(text); plain && !plain->empty())
      collect(nlohmann::json(*plain), false, out);
}

void replace_all(std::string* text, const std::string& what, const std::string& with) {
  for (size_t at = text->find(what); at != std::string::npos;
       at = text->find(what, at + with.size()))
    text->replace(at, what.size(), with);
}

}  // namespace

std::vector<std::string> sensitive_strings(const nlohmann::json& manifest,
                                           const std::vector<ValuePath>& sensitive) {
  std::vector<std::string> out;
  Doc d = marked(manifest, sensitive);  // adds a Secret's data and stringData
  bool secret = manifest.is_object() && manifest.value("kind", "") == "Secret" &&
                manifest.value("apiVersion", "") == "v1";
  for (const ValuePath& p : d.sensitive)
    if (const nlohmann::json* j = json_at(manifest, p)) {
      bool data = secret && p.size() == 1 && p[0] == PathStep::attr("data");
      collect(*j, data, &out);
    }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& s : secrets) {
    if (s.empty()) continue;
    if (s.size() >= 4)
      replace_all(&text, s, kRedacted);
    else
      replace_all(&text, "\"" + s + "\"", std::string("\"") + kRedacted + "\"");
  }
  return text;
}

}  // namespace fedplan::kube
