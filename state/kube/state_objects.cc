// Names, labels and annotations of the kube backend's Secrets and Leases, and the chunking of
// state bytes across Secrets.
#include "state/kube/state_objects.h"

#include <algorithm>
#include <charconv>

#include "base/base64.h"
#include "base/kube/names.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

constexpr const char* kWriteIdAnnotation = "fedplan.io/write-id";
constexpr const char* kPartsAnnotation = "fedplan.io/parts";
constexpr const char* kPartAnnotation = "fedplan.io/part";
constexpr const char* kSerialAnnotation = "fedplan.io/serial";
constexpr const char* kLineageAnnotation = "fedplan.io/lineage";
constexpr const char* kEncodingAnnotation = "fedplan.io/encoding";
constexpr const char* kDataKey = "state";

const std::string* string_at(const json& obj, const char* section, const char* key) {
  auto md = obj.find("metadata");
  if (md == obj.end() || !md->is_object()) return nullptr;
  auto sec = md->find(section);
  if (sec == md->end() || !sec->is_object()) return nullptr;
  auto v = sec->find(key);
  return v != sec->end() && v->is_string() ? v->get_ptr<const std::string*>() : nullptr;
}

bool to_number(const std::string* text, uint64_t* out) {
  if (!text || text->empty()) return false;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), *out);
  return ec == std::errc() && end == text->data() + text->size();
}

}  // namespace

std::string StateObjectNames::state_secret() const {
  return "fedplan-state-" + workspace + "-" + suffix;
}

std::string StateObjectNames::part_secret(int index, const std::string& write_id) const {
  return state_secret() + "-part-" + std::to_string(index) + "-" + write_id.substr(0, 8);
}

std::string StateObjectNames::lease() const {
  return "fedplan-lock-" + workspace + "-" + suffix;
}

json StateObjectNames::object_labels(const std::string& role) const {
  json l = json::object();
  for (const auto& [k, v] : labels) l[k] = v;
  l[kManagedByLabel] = "fedplan";
  l[kWorkspaceLabel] = workspace;
  l[kSuffixLabel] = suffix;
  l[kRoleLabel] = role;
  return l;
}

std::string StateObjectNames::selector(const std::string& role, bool this_workspace) const {
  std::string s = std::string(kManagedByLabel) + "=fedplan," + kSuffixLabel + "=" + suffix + "," +
                  kRoleLabel + "=" + role;
  if (this_workspace) s += std::string(",") + kWorkspaceLabel + "=" + workspace;
  return s;
}

std::string StateObjectNames::check() const {
  if (std::string e = check_dns1123_label(ns); !e.empty())
    return "namespace \"" + ns + "\" is not a valid namespace name: " + e;
  if (std::string e = check_label_value(suffix); !e.empty() || suffix.empty())
    return "secret_suffix \"" + suffix +
           "\" cannot be a label value: " + (e.empty() ? "it is empty" : e);
  if (std::string e = check_label_value(workspace); !e.empty())
    return "workspace \"" + workspace + "\" cannot be a label value: " + e;
  // The longest name is a part's: "-part-" + index + "-" + 8 characters.
  std::string longest = part_secret(9999, "00000000");
  if (std::string e = check_dns1123_subdomain(longest); !e.empty())
    return "the Secret names for workspace \"" + workspace + "\" and secret_suffix \"" + suffix +
           "\" (such as \"" + state_secret() + "\") are not valid object names: " + e;
  for (const auto& [k, v] : labels) {
    if (std::string e = check_label_key(k); !e.empty())
      return "labels: key \"" + k + "\" is not a valid label key: " + e;
    if (std::string e = check_label_value(v); !e.empty())
      return "labels: the value of \"" + k + "\" is not a valid label value: " + e;
    if (k == kManagedByLabel || k.rfind("fedplan.io/", 0) == 0)
      return "labels: \"" + k + "\" is set by fedplan itself";
  }
  return "";
}

std::vector<std::string_view> split_chunks(std::string_view bytes, size_t max) {
  std::vector<std::string_view> out;
  for (size_t at = 0; at < bytes.size(); at += max) out.push_back(bytes.substr(at, max));
  if (out.empty()) out.push_back(bytes);
  return out;
}

json state_secret_manifest(const StateObjectNames& names, const StateWriteInfo& info, int index,
                           std::string_view chunk) {
  json annotations = {{kWriteIdAnnotation, info.write_id},
                      {kSerialAnnotation, std::to_string(info.serial)},
                      {kLineageAnnotation, info.lineage}};
  std::string name;
  if (index == 0) {
    name = names.state_secret();
    annotations[kPartsAnnotation] = std::to_string(info.parts);
    annotations[kEncodingAnnotation] = info.sealed ? "gzip,sealed" : "gzip";
  } else {
    name = names.part_secret(index, info.write_id);
    annotations[kPartAnnotation] = std::to_string(index);
  }
  return {{"apiVersion", "v1"},
          {"kind", "Secret"},
          {"type", kStateSecretType},
          {"metadata",
           {{"name", name},
            {"namespace", names.ns},
            {"labels", names.object_labels(index == 0 ? "state" : "state-part")},
            {"annotations", annotations}}},
          {"data", {{kDataKey, base64_encode(chunk)}}}};
}

std::optional<StoredChunk> read_state_secret(const json& secret, std::string* err) {
  StoredChunk c;
  const std::string* id = string_at(secret, "annotations", kWriteIdAnnotation);
  if (!id || id->empty()) {
    *err = "it has no " + std::string(kWriteIdAnnotation) + " annotation";
    return std::nullopt;
  }
  c.info.write_id = *id;
  uint64_t n = 0;
  if (const std::string* parts = string_at(secret, "annotations", kPartsAnnotation)) {
    if (!to_number(parts, &n) || n < 1 || n > 10000) {
      *err = "its " + std::string(kPartsAnnotation) + " annotation \"" + *parts +
             "\" is not a count of parts";
      return std::nullopt;
    }
    c.info.parts = static_cast<int>(n);
    const std::string* enc = string_at(secret, "annotations", kEncodingAnnotation);
    c.info.sealed = enc && *enc == "gzip,sealed";
  } else if (to_number(string_at(secret, "annotations", kPartAnnotation), &n) && n >= 1) {
    c.index = static_cast<int>(std::min<uint64_t>(n, 10000));
  } else {
    *err = "it has neither a " + std::string(kPartsAnnotation) + " nor a valid " + kPartAnnotation +
           " annotation";
    return std::nullopt;
  }
  to_number(string_at(secret, "annotations", kSerialAnnotation), &c.info.serial);
  if (const std::string* l = string_at(secret, "annotations", kLineageAnnotation))
    c.info.lineage = *l;
  c.resource_version = resource_version_of(secret);
  const json* data = secret.contains("data") ? &secret["data"] : nullptr;
  const json* text =
      data && data->is_object() && data->contains(kDataKey) ? &(*data)[kDataKey] : nullptr;
  if (!text || !text->is_string()) {
    // The API server drops empty data values; an empty chunk reads as none.
    return c;
  }
  std::optional<std::string> bytes = base64_decode(text->get<std::string>());
  if (!bytes) {
    *err = "its data." + std::string(kDataKey) + " is not base64";
    return std::nullopt;
  }
  c.bytes = std::move(*bytes);
  return c;
}

std::string resource_version_of(const json& object) {
  auto md = object.find("metadata");
  if (md == object.end() || !md->is_object()) return "";
  auto rv = md->find("resourceVersion");
  return rv != md->end() && rv->is_string() ? rv->get<std::string>() : "";
}

}  // namespace fedplan::kube
