// Plan files: the encoder and a strict decoder (a damaged mask must not silently drop a
// sensitive mark), plus the atomic 0600 write and a read that says what a wrong file is.
#include "engine/plan/plan_file.h"

#include "base/digest.h"
#include "base/files.h"
#include "engine/plan/plan_file_parse.h"
#include "engine/plan/plan_signature.h"
#include "state/cipher.h"

#ifndef FEDPLAN_VERSION
#define FEDPLAN_VERSION "0.0.0"
#endif

namespace fedplan {
namespace {

using json = nlohmann::json;

bool is_false(const json& j) {
  return j.is_boolean() && !j.get<bool>();
}

// ---- value kinds ------------------------------------------------------------------------------
// to_json() keeps content but not kinds: lists, sets and tuples all become arrays, maps and
// objects JSON objects, and an unknown value forgets its type. The kinds mask records what
// from_json() would not guess: {"k": "list"} on a collection, "string" on an unknown, {"c": ...}
// for children that need one. null everywhere else.

std::optional<ValueKind> kind_from_name(const std::string& name) {
  static const ValueKind kAll[] = {
      ValueKind::Null,  ValueKind::Bool, ValueKind::Number, ValueKind::String, ValueKind::List,
      ValueKind::Tuple, ValueKind::Set,  ValueKind::Map,    ValueKind::Object, ValueKind::Dynamic};
  for (ValueKind k : kAll)
    if (name == kind_name(k)) return k;
  return std::nullopt;
}

json kind_mask(const Value& v) {
  if (!v.known()) return v.kind() == ValueKind::Dynamic ? json() : json(kind_name(v.kind()));
  if (v.is_sequence()) {
    json children = json::array();
    bool any = false;
    for (const Value& e : v.elements()) {
      children.push_back(kind_mask(e));
      any = any || !children.back().is_null();
    }
    json out = json::object();
    if (v.kind() != ValueKind::Tuple) out["k"] = kind_name(v.kind());
    if (any) out["c"] = std::move(children);
    return out.empty() ? json() : out;
  }
  if (v.is_mapping()) {
    json children = json::object();
    for (const auto& [k, e] : v.attributes()) {
      json m = kind_mask(e);
      if (!m.is_null()) children[k] = std::move(m);
    }
    json out = json::object();
    if (v.kind() != ValueKind::Object) out["k"] = kind_name(v.kind());
    if (!children.empty()) out["c"] = std::move(children);
    return out.empty() ? json() : out;
  }
  return json();
}

// Rebuilds `v` with the kinds `mask` records; false with `err` when the mask does not fit.
bool restore_kinds(const Value& v, const json& mask, Value* out, std::string* err) {
  if (mask.is_null()) {
    *out = v;
    return true;
  }
  if (mask.is_string()) {
    std::optional<ValueKind> k = kind_from_name(mask.get<std::string>());
    if (!k || v.known()) {
      *err = "a kind mask does not fit the value";
      return false;
    }
    *out = Value::unknown(*k).with_marks(v.marks());
    return true;
  }
  if (!mask.is_object() || !v.known()) {
    *err = "a kind mask does not fit the value";
    return false;
  }
  std::optional<ValueKind> kind;
  if (mask.contains("k")) {
    if (!mask["k"].is_string() || !(kind = kind_from_name(mask["k"].get<std::string>()))) {
      *err = "a kind mask names no kind";
      return false;
    }
  }
  static const json kNone;
  const json& children = mask.contains("c") ? mask["c"] : kNone;
  if (v.is_sequence()) {
    ValueList items = v.elements();
    if (children.is_array()) {
      for (size_t i = 0; i < items.size() && i < children.size(); ++i)
        if (!restore_kinds(items[i], children[i], &items[i], err)) return false;
    }
    ValueKind k = kind.value_or(ValueKind::Tuple);
    Value rebuilt = k == ValueKind::List  ? Value::list(std::move(items))
                    : k == ValueKind::Set ? Value::set(std::move(items))
                                          : Value::tuple(std::move(items));
    *out = rebuilt.with_marks(v.marks());
    return true;
  }
  if (v.is_mapping()) {
    ValueMap items = v.attributes();
    if (children.is_object()) {
      for (auto it = children.begin(); it != children.end(); ++it) {
        auto found = items.find(it.key());
        if (found != items.end() && !restore_kinds(found->second, it.value(), &found->second, err))
          return false;
      }
    }
    Value rebuilt = kind.value_or(ValueKind::Object) == ValueKind::Map
                        ? Value::map(std::move(items))
                        : Value::object(std::move(items));
    *out = rebuilt.with_marks(v.marks());
    return true;
  }
  *err = "a kind mask does not fit the value";
  return false;
}

// A mask is true/false, or an array/object of masks.
bool valid_mask(const json& m) {
  if (m.is_boolean()) return true;
  if (m.is_array() || m.is_object()) {
    for (const json& c : m)
      if (!valid_mask(c)) return false;
    return true;
  }
  return false;
}

json encode_value(const Value& v) {
  json j = json::object();
  j["value"] = to_json(v);
  json u = unknown_mask(v);
  if (!is_false(u)) j["unknown"] = std::move(u);
  json s = sensitive_mask(v);
  if (!is_false(s)) j["sensitive"] = std::move(s);
  json k = kind_mask(v);
  if (!k.is_null()) j["kinds"] = std::move(k);
  return j;
}

json encode_paths(const std::vector<ValuePath>& paths) {
  json out = json::array();
  for (const ValuePath& p : paths) out.push_back(path_to_json(p));
  return out;
}

// ---- decoding ---------------------------------------------------------------------------------

// Reads fields of the document, naming the key path of the first thing that is wrong.
class Decoder {
 public:
  explicit Decoder(std::string* err) : err_(err) {}

  bool fail(const std::string& where, const std::string& what) {
    if (err_) *err_ = where + ": " + what;
    return false;
  }

  // `required` fields must be present; optional ones keep `out` when absent.
  bool str(const json& obj, const char* key, const std::string& where, std::string* out,
           bool required = false) {
    auto it = obj.find(key);
    if (it == obj.end()) return !required || fail(where + key, "missing");
    if (!it->is_string()) return fail(where + key, "expected a string");
    *out = it->get<std::string>();
    return true;
  }
  bool boolean(const json& obj, const char* key, const std::string& where, bool* out) {
    auto it = obj.find(key);
    if (it == obj.end()) return true;
    if (!it->is_boolean()) return fail(where + key, "expected true or false");
    *out = it->get<bool>();
    return true;
  }
  bool strings(const json& obj, const char* key, const std::string& where,
               std::vector<std::string>* out) {
    auto it = obj.find(key);
    if (it == obj.end()) return true;
    if (!it->is_array()) return fail(where + key, "expected a list of strings");
    for (const json& s : *it) {
      if (!s.is_string()) return fail(where + key, "expected a list of strings");
      out->push_back(s.get<std::string>());
    }
    return true;
  }
  bool addresses(const json& obj, const char* key, const std::string& where,
                 std::vector<InstanceAddr>* out) {
    std::vector<std::string> texts;
    if (!strings(obj, key, where, &texts)) return false;
    for (size_t i = 0; i < texts.size(); ++i) {
      std::string why;
      std::optional<InstanceAddr> a = parse_instance(texts[i], &why);
      if (!a) return fail(where + key + "[" + std::to_string(i) + "]", why);
      out->push_back(std::move(*a));
    }
    return true;
  }
  bool value(const json& obj, const char* key, const std::string& where, Value* out) {
    auto it = obj.find(key);
    if (it == obj.end()) return true;  // null
    return record(*it, where + key, out);
  }
  // A value as encode_value() wrote it: {"value", "unknown"?, "sensitive"?, "kinds"?}.
  bool record(const json& rec, const std::string& at, Value* out) {
    if (!rec.is_object() || !rec.contains("value"))
      return fail(at, "expected an object with a \"value\"");
    static const json kFalse = false;
    const json& u = rec.contains("unknown") ? rec["unknown"] : kFalse;
    const json& s = rec.contains("sensitive") ? rec["sensitive"] : kFalse;
    if (!valid_mask(u)) return fail(at + ".unknown", "not a mask");
    if (!valid_mask(s)) return fail(at + ".sensitive", "not a mask");
    Value plain = from_json_with_marks(rec["value"], u, s);
    std::string why;
    if (!restore_kinds(plain, rec.contains("kinds") ? rec["kinds"] : json(), out, &why))
      return fail(at + ".kinds", why);
    return true;
  }
  bool paths(const json& obj, const char* key, const std::string& where,
             std::vector<ValuePath>* out) {
    auto it = obj.find(key);
    if (it == obj.end()) return true;
    if (!it->is_array()) return fail(where + key, "expected a list of paths");
    for (const json& p : *it) {
      bool ok = p.is_array();
      for (const json& step : ok ? p : json::array())
        ok = ok && (step.is_string() || step.is_number_unsigned());
      if (!ok) return fail(where + key, "expected paths like [\"spec\", 0, \"port\"]");
      out->push_back(path_from_json(p));
    }
    return true;
  }
  bool instance(const json& obj, const std::string& where, InstanceAddr* out) {
    std::string text, why;
    if (!str(obj, "address", where, &text, true)) return false;
    std::optional<InstanceAddr> a = parse_instance(text, &why);
    if (!a) return fail(where + "address", why);
    *out = *a;
    return true;
  }
  bool provider(const json& obj, const std::string& where, ProviderAddr* out) {
    std::string text, why;
    if (!str(obj, "provider", where, &text)) return false;
    if (text.empty()) return true;
    std::optional<ProviderAddr> p = parse_provider(text, &why);
    if (!p) return fail(where + "provider", why);
    *out = *p;
    return true;
  }
  bool action(const json& obj, const std::string& where, Action* out) {
    std::string name;
    if (!str(obj, "action", where, &name, true)) return false;
    for (int i = 0; i <= static_cast<int>(Action::Forget); ++i) {
      if (name == action_name(static_cast<Action>(i))) {
        *out = static_cast<Action>(i);
        return true;
      }
    }
    return fail(where + "action", "unknown action \"" + name + "\"");
  }
  bool reason(const json& obj, const std::string& where, ActionReason* out) {
    std::string name;
    if (!str(obj, "reason", where, &name)) return false;
    if (name.empty()) return true;
    for (int i = 1; i <= static_cast<int>(ActionReason::ReadBecauseDependencyPending); ++i) {
      if (name == action_reason_name(static_cast<ActionReason>(i))) {
        *out = static_cast<ActionReason>(i);
        return true;
      }
    }
    return fail(where + "reason", "unknown reason \"" + name + "\"");
  }
  // A change's `previous_address` (moved) and `importing.id` (imported), when there.
  bool refactoring(const json& c, const std::string& where, ResourceChange* ch) {
    if (c.contains("previous_address")) {
      std::string text, why;
      if (!str(c, "previous_address", where, &text, true)) return false;
      std::optional<InstanceAddr> a = parse_instance(text, &why);
      if (!a) return fail(where + "previous_address", why);
      ch->previous_addr = *a;
    }
    if (c.contains("importing")) {
      const json& imp = c["importing"];
      std::string id;
      if (!imp.is_object()) return fail(where + "importing", "expected an object");
      if (!str(imp, "id", where + "importing.", &id, true)) return false;
      ch->importing = id;
    }
    return true;
  }
  // Calls `each(element, "key[i].")` for every element of the array at `key`.
  template <class Each>
  bool list(const json& obj, const char* key, Each each) {
    auto it = obj.find(key);
    if (it == obj.end()) return true;
    if (!it->is_array()) return fail(key, "expected a list");
    for (size_t i = 0; i < it->size(); ++i) {
      std::string where = std::string(key) + "[" + std::to_string(i) + "].";
      if (!(*it)[i].is_object())
        return fail(where.substr(0, where.size() - 1), "expected an object");
      if (!each((*it)[i], where)) return false;
    }
    return true;
  }

 private:
  std::string* err_;
};

// Why `doc`, a plan document of a version this build reads, does not carry the digest
// plan_file_text gave it, or "" when it does. Other documents are left to decode_plan.
std::string check_file_digest(json& doc) {
  const json& version = doc.contains("format_version") ? doc["format_version"] : json();
  if (doc["format"] != kPlanFileFormat || !version.is_number_integer() ||
      version.get<int64_t>() > kPlanFileVersion)
    return "";
  auto it = doc.find(kPlanFileDigestKey);
  if (it == doc.end() || !it->is_string())
    return std::string("the plan file has no ") + kPlanFileDigestKey +
           ": it was not written by `fedplan plan -out` of this version. Make the plan again.";
  std::string recorded = it->get<std::string>();
  doc.erase(it);
  if (sha256_hex(doc.dump()) != recorded)
    return "the plan file was modified after it was written (its content does not match its " +
           std::string(kPlanFileDigestKey) + "). Make the plan again with `fedplan plan -out`.";
  return "";
}

}  // namespace

json encode_plan(const Plan& plan) {
  json doc = json::object();
  doc["format"] = kPlanFileFormat;
  doc["format_version"] = kPlanFileVersion;
  doc["fedplan_version"] = FEDPLAN_VERSION;
  doc["config"] = {{"dir", plan.config_dir}, {"digest", plan.config_digest}};
  if (!plan.timestamp.empty()) doc["timestamp"] = plan.timestamp;
  doc["prior_state"] = {{"lineage", plan.prior_lineage},
                        {"serial", plan.prior_serial},
                        {"digest", plan.prior_digest}};
  doc["destroy"] = plan.destroy;
  doc["refreshed"] = plan.refreshed;
  if (plan.refresh_only) doc["refresh_only"] = true;
  doc["complete"] = plan.complete;
  doc["targets"] = plan.targets;
  doc["replace"] = plan.replace;
  json vars = json::object();
  for (const auto& [name, v] : plan.variables) vars[name] = encode_value(v);
  doc["variables"] = std::move(vars);

  json changes = json::array();
  for (const ResourceChange& ch : plan.changes) {
    json c = json::object();
    c["address"] = ch.addr.to_string();
    c["provider"] = ch.provider.to_string();
    c["action"] = action_name(ch.action);
    if (ch.reason != ActionReason::None) c["reason"] = action_reason_name(ch.reason);
    if (!ch.before.is_null()) c["before"] = encode_value(ch.before);
    if (!ch.after.is_null()) c["after"] = encode_value(ch.after);
    if (!ch.replace_paths.empty()) c["replace_paths"] = encode_paths(ch.replace_paths);
    if (!ch.note.empty()) c["note"] = ch.note;
    if (!ch.dependencies.empty()) {
      json deps = json::array();
      for (const InstanceAddr& dep : ch.dependencies) deps.push_back(dep.to_string());
      c["dependencies"] = std::move(deps);
    }
    if (!ch.deposed.empty()) c["deposed"] = ch.deposed;
    if (ch.previous_addr) c["previous_address"] = ch.previous_addr->to_string();
    if (ch.importing) c["importing"] = {{"id", *ch.importing}};
    changes.push_back(std::move(c));
  }
  doc["changes"] = std::move(changes);

  json drift = json::array();
  for (const Drift& d : plan.drift) {
    json j = {{"address", d.addr.to_string()}, {"provider", d.provider.to_string()}};
    if (!d.recorded.is_null()) j["recorded"] = encode_value(d.recorded);
    if (!d.live.is_null()) j["live"] = encode_value(d.live);
    if (d.pending) j["pending"] = true;
    drift.push_back(std::move(j));
  }
  doc["drift"] = std::move(drift);

  json outputs = json::array();
  for (const OutputChange& o : plan.outputs) {
    json j = {{"name", o.name}, {"action", action_name(o.action)}, {"sensitive", o.sensitive}};
    if (!o.before.is_null()) j["before"] = encode_value(o.before);
    if (!o.after.is_null()) j["after"] = encode_value(o.after);
    outputs.push_back(std::move(j));
  }
  doc["outputs"] = std::move(outputs);

  json checks = json::array();
  for (const CheckResult& c : plan.checks) {
    json j = {{"name", c.name}, {"status", check_status_name(c.status)}};
    if (!c.module.root()) j["module"] = c.module.to_string();
    if (!c.problems.empty()) j["problems"] = c.problems;
    checks.push_back(std::move(j));
  }
  doc["checks"] = std::move(checks);
  return doc;
}

std::optional<Plan> decode_plan(const json& doc, std::string* err) {
  Decoder d(err);
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kPlanFileFormat) {
    d.fail("format",
           std::string("not a fedplan plan (no \"format\": \"") + kPlanFileFormat + "\" marker)");
    return std::nullopt;
  }
  const json& version = doc.contains("format_version") ? doc["format_version"] : json();
  if (!version.is_number_integer() || version.get<int64_t>() < 1) {
    d.fail("format_version", "missing or not a positive whole number");
    return std::nullopt;
  }
  if (version.get<int64_t>() > kPlanFileVersion) {
    d.fail("format_version", "the plan was saved by a newer fedplan (plan format " +
                                 std::to_string(version.get<int64_t>()) +
                                 "; this build reads up to " + std::to_string(kPlanFileVersion) +
                                 ")");
    return std::nullopt;
  }

  Plan plan;
  static const json kEmpty = json::object();
  const json& config = doc.contains("config") && doc["config"].is_object() ? doc["config"] : kEmpty;
  const json& prior =
      doc.contains("prior_state") && doc["prior_state"].is_object() ? doc["prior_state"] : kEmpty;
  bool ok = d.str(config, "dir", "config.", &plan.config_dir) &&
            d.str(config, "digest", "config.", &plan.config_digest) &&
            d.str(prior, "lineage", "prior_state.", &plan.prior_lineage) &&
            d.str(prior, "digest", "prior_state.", &plan.prior_digest) &&
            d.str(doc, "timestamp", "", &plan.timestamp) &&
            d.boolean(doc, "destroy", "", &plan.destroy) &&
            d.boolean(doc, "refreshed", "", &plan.refreshed) &&
            d.boolean(doc, "refresh_only", "", &plan.refresh_only) &&
            d.boolean(doc, "complete", "", &plan.complete) &&
            d.strings(doc, "targets", "", &plan.targets) &&
            d.strings(doc, "replace", "", &plan.replace);
  if (!ok) return std::nullopt;
  if (prior.contains("serial")) {
    if (!prior["serial"].is_number_unsigned()) {
      d.fail("prior_state.serial", "expected a whole number");
      return std::nullopt;
    }
    plan.prior_serial = prior["serial"].get<uint64_t>();
  }
  if (doc.contains("variables")) {
    if (!doc["variables"].is_object()) {
      d.fail("variables", "expected an object");
      return std::nullopt;
    }
    for (auto it = doc["variables"].begin(); it != doc["variables"].end(); ++it) {
      if (!d.record(it.value(), "variables." + it.key(), &plan.variables[it.key()]))
        return std::nullopt;
    }
  }

  ok = d.list(doc, "changes", [&](const json& c, const std::string& where) {
    ResourceChange ch;
    bool good = d.instance(c, where, &ch.addr) && d.provider(c, where, &ch.provider) &&
                d.action(c, where, &ch.action) && d.reason(c, where, &ch.reason) &&
                d.value(c, "before", where, &ch.before) && d.value(c, "after", where, &ch.after) &&
                d.paths(c, "replace_paths", where, &ch.replace_paths) &&
                d.str(c, "note", where, &ch.note) &&
                d.addresses(c, "dependencies", where, &ch.dependencies) &&
                d.str(c, "deposed", where, &ch.deposed) && d.refactoring(c, where, &ch);
    if (good) plan.changes.push_back(std::move(ch));
    return good;
  });
  ok = ok && d.list(doc, "drift", [&](const json& j, const std::string& where) {
    Drift dr;
    bool good = d.instance(j, where, &dr.addr) && d.provider(j, where, &dr.provider) &&
                d.value(j, "recorded", where, &dr.recorded) &&
                d.value(j, "live", where, &dr.live) && d.boolean(j, "pending", where, &dr.pending);
    if (good) plan.drift.push_back(std::move(dr));
    return good;
  });
  ok = ok && d.list(doc, "outputs", [&](const json& j, const std::string& where) {
    OutputChange o;
    bool good = d.str(j, "name", where, &o.name, true) && d.action(j, where, &o.action) &&
                d.boolean(j, "sensitive", where, &o.sensitive) &&
                d.value(j, "before", where, &o.before) && d.value(j, "after", where, &o.after);
    if (good) plan.outputs.push_back(std::move(o));
    return good;
  });
  ok = ok && d.list(doc, "checks", [&](const json& j, const std::string& where) {
    CheckResult c;
    std::string module, status;
    bool good = d.str(j, "name", where, &c.name, true) &&
                d.str(j, "status", where, &status, true) && d.str(j, "module", where, &module) &&
                d.strings(j, "problems", where, &c.problems);
    for (CheckStatus s : {CheckStatus::Pass, CheckStatus::Fail, CheckStatus::Error})
      if (status == check_status_name(s)) c.status = s;
    if (good && !module.empty()) {
      std::string why;
      std::optional<TargetAddr> t = parse_target(module, &why);
      if (!t || t->resource) return d.fail(where + "module", "not a module address: " + why);
      c.module = t->module;
    }
    if (good) plan.checks.push_back(std::move(c));
    return good;
  });
  if (!ok) return std::nullopt;
  return plan;
}

std::string plan_file_text(json doc, const Ed25519Key* key) {
  doc.erase(kPlanFileDigestKey);
  if (key) sign_plan_document(doc, *key);
  std::string digest = sha256_hex(doc.dump());
  doc[kPlanFileDigestKey] = digest;
  return doc.dump() + "\n";
}

bool write_plan_file(const std::string& path, const Plan& plan, std::string* err,
                     const StateCipher* cipher, const Ed25519Key* key) {
  auto fail = [&](const std::string& what) {
    if (err) *err = "cannot write the plan file " + path + ": " + what;
    return false;
  };
  std::string text;
  try {
    text = plan_file_text(encode_plan(plan), key);
  } catch (const json::type_error&) {
    return fail("the plan holds a string that is not valid UTF-8");
  }
  WriteFileOptions how;  // mode 0600: a plan holds the values of secrets
  how.noun = "the plan file";
  return write_file_atomic(path, seal_bytes(cipher, std::move(text), "plan"), how, err);
}

std::optional<Plan> read_plan_file(const std::string& path, std::string* err,
                                   const StateCipher* cipher, std::string* signer) {
  auto fail = [&](const std::string& what) {
    if (err) *err = what;
    return std::nullopt;
  };
  std::string text, unread;
  if (!read_file(path, &text, &unread, "the plan file")) return fail(unread);
  Diagnostics sealed;
  auto opened = open_bytes(cipher, std::move(text), "plan", path, sealed);
  if (!opened) return fail(sealed.items[0].summary + ". " + sealed.items[0].detail);
  text = std::move(*opened);
  if (text.empty()) return fail(path + " is empty, not a fedplan plan file");
  json doc;
  if (PlanJsonError bad = parse_plan_json(text, &doc)) {
    if (bad.kind != PlanJsonError::Kind::Syntax)
      return fail(path + " is a damaged plan file: " + bad.describe());
    return fail(path + " is not a fedplan plan file: it is not JSON (" +
                (text.size() > 2 && text[0] == '\x1f' && text[1] == '\x8b'
                     ? std::string("it is gzip-compressed")
                     : bad.describe()) +
                ")");
  }
  if (!doc.is_object() || !doc.contains("format")) {
    if (doc.is_object() && doc.contains("lineage") && doc.contains("resources"))
      return fail(path + " is not a fedplan plan file: it looks like a state file");
    if (doc.is_object() && doc.contains("format_version") && doc.contains("resource_changes"))
      return fail(path +
                  " is not a fedplan plan file: it looks like the output of `show -format=json`, "
                  "which leaves out what apply needs; save plans with `plan -out FILE`");
    return fail(path + " is not a fedplan plan file (no \"format\": \"" + kPlanFileFormat +
                "\" marker)");
  }
  if (std::string why = check_file_digest(doc); !why.empty()) return fail(path + ": " + why);
  std::string why;
  std::optional<std::string> signed_by = plan_document_signer(doc, &why);
  if (!signed_by)
    return fail(path + ": " + why + ". Make the plan again with `fedplan plan -out`.");
  if (signer) *signer = *signed_by;
  std::optional<Plan> plan = decode_plan(doc, &why);
  if (!plan) {
    if (doc["format"] != kPlanFileFormat)
      return fail(path + " is not a fedplan plan file (its format is " + doc["format"].dump() +
                  ")");
    if (why.rfind("format_version", 0) == 0) return fail(path + ": " + why);
    return fail(path + " is a damaged plan file: " + why);
  }
  plan->file = path;
  return plan;
}

}  // namespace fedplan
