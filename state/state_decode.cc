// State file decoding with nlohmann's SAX parser: one pass over the text that builds the
// instances directly, making JSON trees only for attributes and other free-form values.
#include <algorithm>

#include "state/fast_json.h"
#include "state/pending_operations.h"
#include "state/state_checks.h"
#include "state/state_json.h"
#include "state/uuid.h"

namespace fedplan {

namespace {

using nlohmann::json;

const char* mode_name(ResourceMode m) {
  return m == ResourceMode::Data ? "data" : "managed";
}

json key_json(const InstanceKey& k) {
  if (k.kind == InstanceKey::Kind::None) return json();
  return k.kind == InstanceKey::Kind::Int ? json(k.index) : json(k.key);
}

// Builds one JSON value from SAX events, the way nlohmann's own DOM parser does, moving
// strings out of the lexer instead of copying them.
struct DomBuilder {
  json root;
  std::vector<json*> stack;  // open containers, innermost last
  json* slot = nullptr;      // where the next value in the innermost object goes
  bool done = false;

  void reset() {
    root = json();
    stack.clear();
    slot = nullptr;
    done = false;
  }
  json* place(json&& v) {
    if (stack.empty()) {
      root = std::move(v);
      done = true;
      return &root;
    }
    json* top = stack.back();
    if (top->is_array()) {
      auto& arr = top->get_ref<json::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();
    }
    *slot = std::move(v);
    return slot;
  }
  void open(json&& container, size_t size_hint) {
    json* c = place(std::move(container));
    done = false;
    if (c->is_array() && size_hint != static_cast<size_t>(-1))
      c->get_ref<json::array_t&>().reserve(size_hint);
    stack.push_back(c);
  }
  void key(std::string& k) { slot = &stack.back()->get_ref<json::object_t&>()[std::move(k)]; }
  void close() {
    stack.pop_back();
    if (stack.empty()) done = true;
  }
};

// The fields of one `resources[]` entry, as read; unknown fields are skipped.
enum Field {
  kAddress,
  kModule,
  kMode,
  kType,
  kName,
  kIndexKey,
  kProvider,
  kTainted,
  kSchemaVersion,
  kAttributes,
  kSensitivePaths,
  kDependencies,
  kDeposed,
  kFieldCount
};

int field_of(std::string_view key) {
  // string_view compares lengths first, so most misses cost no memcmp.
  static constexpr std::string_view names[kFieldCount] = {
      "address",         "module",       "mode",    "type",           "name",
      "index_key",       "provider",     "tainted", "schema_version", "attributes",
      "sensitive_paths", "dependencies", "deposed"};
  for (int i = 0; i < kFieldCount; ++i)
    if (key == names[i]) return i;
  return -1;
}

bool valid_paths(const json& paths) {
  if (!paths.is_array()) return false;
  for (const json& path : paths) {
    if (!path.is_array()) return false;
    for (const json& step : path)
      if (!step.is_string() && !step.is_number_unsigned()) return false;
  }
  return true;
}

// The SAX consumer for a whole state file. The outer structure (top object, resources array,
// entry objects) is followed by hand; every other value is built by `value`.
struct StateSax {
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  enum class At { Start, Top, Resources, Entry, End };

  State state;
  At at = At::Start;
  std::string current_key;  // the current key in the top object or an entry
  DomBuilder value;
  bool building = false;
  json top[4];  // version, lineage, serial, outputs as read; null when absent
  json fedplan_version;
  json pending;  // "pending_operations" as read
  json entry[kFieldCount];
  bool present[kFieldCount] = {};
  size_t entry_index = 0;
  // The first problem found. Parsing goes on after an entry error so that a newer format
  // version, or a syntax error further on, is what gets reported.
  std::string entry_error;
  bool top_not_object = false;
  bool resources_seen = false;
  bool resources_not_array = false;
  int depth = 0;         // arrays and objects open, the top object included
  std::string too_deep;  // the JSON path of the value that nests deeper than kMaxJsonDepth
  bool syntax = false;
  size_t syntax_byte = 0;
  std::string syntax_what;

  // Starts a value at the current position, or forwards to the one being built.
  bool scalar(json&& v) {
    if (!building) {
      if (at == At::Start) {
        top_not_object = true;
        return false;
      }
      if (at == At::Resources) {
        entry_not_object();
        return true;
      }
      value.reset();
      building = true;
    }
    value.place(std::move(v));
    return value.done ? deliver() : true;
  }
  bool open(json&& container, size_t size) {
    if (++depth > kMaxJsonDepth) {
      too_deep = path_here();
      return false;
    }
    if (!building) {
      if (at == At::Start) {
        if (!container.is_object()) {
          top_not_object = true;
          return false;
        }
        at = At::Top;
        return true;
      }
      if (at == At::Top && current_key == "resources" && container.is_array()) {
        resources_seen = true;
        at = At::Resources;
        return true;
      }
      if (at == At::Resources && container.is_object()) {
        at = At::Entry;
        std::fill(std::begin(present), std::end(present), false);
        return true;
      }
      // Any other value is built whole; a non-object entry is built only to be skipped.
      if (at == At::Resources) entry_not_object();
      value.reset();
      building = true;
    }
    value.open(std::move(container), size);
    return true;
  }
  bool close() {
    --depth;
    if (building) {
      value.close();
      return value.done ? deliver() : true;
    }
    switch (at) {
      case At::Entry:
        finish_entry();
        at = At::Resources;
        return true;
      case At::Resources:
        at = At::Top;
        return true;
      default:
        at = At::End;
        return true;
    }
  }
  void entry_not_object() {
    if (entry_error.empty())
      entry_error = "resources[" + std::to_string(entry_index) + "]: each entry must be an object";
    ++entry_index;
  }

  // A complete value at depth 1 or in an entry.
  bool deliver() {
    building = false;
    json v = std::move(value.root);
    if (at == At::Top) {
      if (current_key == "version")
        top[0] = std::move(v);
      else if (current_key == "lineage")
        top[1] = std::move(v);
      else if (current_key == "serial")
        top[2] = std::move(v);
      else if (current_key == "outputs")
        top[3] = std::move(v);
      else if (current_key == "fedplan_version")
        fedplan_version = std::move(v);
      else if (current_key == "pending_operations")
        pending = std::move(v);
      else if (current_key == "resources")
        resources_seen = resources_not_array = true;
    } else if (at == At::Entry) {
      int f = field_of(current_key);
      if (f >= 0) {
        entry[f] = std::move(v);
        present[f] = true;
      }
    }
    return true;
  }

  // Where the parser is, as a JSON path: "lineage", "resources[3]", "resources[3].attributes".
  std::string path_here() const {
    std::string entry_path = "resources[" + std::to_string(entry_index) + "]";
    if (at == At::Top) return current_key;
    if (at == At::Entry) return entry_path + "." + current_key;
    return at == At::Resources ? entry_path : "";
  }

  void fail_entry(const std::string& where, const std::string& what) {
    if (entry_error.empty()) entry_error = where + ": " + what;
  }

  void finish_entry() {
    size_t index = entry_index++;
    if (!entry_error.empty()) return;  // the file is refused anyway; only syntax matters now
    // Where the entry is, built only for a message: per entry it showed in profiles.
    auto where = [&](const InstanceAddr* addr) {
      std::string w = "resources[" + std::to_string(index) + "]";
      return addr ? w + " (" + addr->to_string() + ")" : w;
    };
    if (!present[kAddress] || !entry[kAddress].is_string())
      return fail_entry(where(nullptr), "\"address\" must be a string");
    std::string err;
    auto addr = parse_instance(entry[kAddress].get_ref<const std::string&>(), &err);
    if (!addr) return fail_entry(where(nullptr), "bad \"address\": " + err);
    InstanceState inst;
    inst.addr = std::move(*addr);

    // The spelled-out mode/type/name/module/index_key, when present, must agree.
    const ResourceAddr& r = inst.addr.resource;
    auto agrees = [&](Field f, const char* name, std::string_view expected) {
      if (!present[f]) return true;
      if (entry[f].is_string() && entry[f].get_ref<const std::string&>() == expected) return true;
      fail_entry(where(&inst.addr), std::string("\"") + name + "\" is " + entry[f].dump() +
                                        " but the address says " + json(expected).dump());
      return false;
    };
    if (!agrees(kMode, "mode", mode_name(r.mode)) || !agrees(kType, "type", r.type) ||
        !agrees(kName, "name", r.name) ||
        (present[kModule] && !agrees(kModule, "module", r.module.to_string())))
      return;
    if (present[kIndexKey] && entry[kIndexKey] != key_json(inst.addr.key))
      return fail_entry(where(&inst.addr), "\"index_key\" is " + entry[kIndexKey].dump() +
                                               " but the address says " +
                                               key_json(inst.addr.key).dump());

    if (!present[kProvider] || !entry[kProvider].is_string())
      return fail_entry(where(&inst.addr), "\"provider\" must be a string");
    auto p = parse_provider(entry[kProvider].get_ref<const std::string&>(), &err);
    if (!p) return fail_entry(where(&inst.addr), "bad \"provider\": " + err);
    inst.provider = std::move(*p);

    if (present[kAttributes]) {
      if (!entry[kAttributes].is_object())
        return fail_entry(where(&inst.addr), "\"attributes\" must be an object");
      inst.attributes = std::move(entry[kAttributes]);
    }
    if (present[kSensitivePaths]) {
      if (!valid_paths(entry[kSensitivePaths]))
        return fail_entry(where(&inst.addr),
                          "\"sensitive_paths\" must be an array of arrays of keys and indices");
      inst.sensitive_paths = std::move(entry[kSensitivePaths]);
    }
    if (present[kDependencies]) {
      json& deps = entry[kDependencies];
      if (!deps.is_array())
        return fail_entry(where(&inst.addr), "\"dependencies\" must be an array");
      inst.dependencies.reserve(deps.size());
      for (size_t i = 0; i < deps.size(); ++i) {
        if (!deps[i].is_string())
          return fail_entry(where(&inst.addr), "\"dependencies\" must hold addresses");
        auto dep = parse_instance(deps[i].get_ref<const std::string&>(), &err);
        if (!dep)
          return fail_entry(where(&inst.addr),
                            "bad \"dependencies\"[" + std::to_string(i) + "]: " + err);
        inst.dependencies.push_back(std::move(*dep));
      }
    }
    if (present[kTainted]) {
      if (!entry[kTainted].is_boolean())
        return fail_entry(where(&inst.addr), "\"tainted\" must be a boolean");
      inst.tainted = entry[kTainted].get<bool>();
    }
    if (present[kSchemaVersion]) {
      if (!entry[kSchemaVersion].is_number_integer())
        return fail_entry(where(&inst.addr), "\"schema_version\" must be an integer");
      inst.schema_version = entry[kSchemaVersion].get<int64_t>();
      if (inst.schema_version != kInstanceSchemaVersion)
        return fail_entry(where(&inst.addr) + ".schema_version",
                          entry[kSchemaVersion].dump() +
                              " is not an attribute schema version this fedplan reads (it reads " +
                              std::to_string(kInstanceSchemaVersion) + " for every resource type)");
    }
    if (present[kDeposed]) {
      const json& key = entry[kDeposed];
      if (!key.is_string() || key.get_ref<const std::string&>().empty())
        return fail_entry(where(&inst.addr), "\"deposed\" must be a non-empty string");
      if (!looks_like_deposed_key(key.get_ref<const std::string&>()))
        return fail_entry(where(&inst.addr) + ".deposed",
                          key.dump() +
                              " is not a deposed key as fedplan makes them (8 lower-case "
                              "hexadecimal digits)");
      DeposedKey k{inst.addr, key.get<std::string>()};
      if (state.deposed.count(k))
        return fail_entry(where(&inst.addr),
                          "the deposed object " + k.second + " appears more than once");
      state.deposed.emplace(std::move(k), std::move(inst));
      return;
    }
    // Files fedplan wrote are sorted: then each entry goes at the end, in O(1).
    auto& map = state.instances;
    if (!map.empty() && !(map.rbegin()->first < inst.addr)) {
      if (map.count(inst.addr))
        return fail_entry(where(&inst.addr), "the address appears more than once");
      InstanceAddr map_key = inst.addr;
      map.emplace(std::move(map_key), std::move(inst));
      return;
    }
    InstanceAddr map_key = inst.addr;
    map.emplace_hint(map.end(), std::move(map_key), std::move(inst));
  }

  // SAX interface.
  bool null() { return scalar(json()); }
  bool boolean(bool v) { return scalar(json(v)); }
  bool number_integer(number_integer_t v) { return scalar(json(v)); }
  bool number_unsigned(number_unsigned_t v) { return scalar(json(v)); }
  bool number_float(number_float_t v, const string_t&) { return scalar(json(v)); }
  bool string(string_t& v) { return scalar(json(std::move(v))); }
  bool binary(binary_t& v) { return scalar(json::binary(std::move(v))); }
  bool start_object(std::size_t size) { return open(json::object(), size); }
  bool start_array(std::size_t size) { return open(json::array(), size); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(string_t& k) {
    if (building)
      value.key(k);
    else
      current_key = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    syntax = true;
    syntax_byte = position;
    syntax_what = e.what();
    return false;
  }
};

}  // namespace

std::optional<State> decode_state(std::string text, const std::string& file, Diagnostics& diags) {
  StateSax sax;
  if (!fast_sax_parse(text, sax)) {
    // Read it again with nlohmann's parser: it names the error and its position, and it
    // decides in the rare cases the fast reader leaves to it (a byte-order mark, say).
    sax = StateSax();
    json::sax_parse(text.begin(), text.end(), &sax);
  }
  if (sax.syntax) {
    syntax_error(text, file, sax.syntax_byte, sax.syntax_what, diags);
    return std::nullopt;
  }
  if (!sax.too_deep.empty()) {
    diags.error("Invalid state file " + file,
                sax.too_deep + ": nests deeper than " + std::to_string(kMaxJsonDepth) +
                    " levels of arrays and objects, more than fedplan reads.");
    return std::nullopt;
  }
  text = std::string();
  if (sax.top_not_object) {
    diags.error("Invalid state file " + file, "The top level must be a JSON object.");
    return std::nullopt;
  }
  if (!check_version(sax.top[0], file, diags)) return std::nullopt;
  auto invalid = [&](const std::string& detail) {
    diags.error("Invalid state file " + file, detail);
    return std::nullopt;
  };
  if (!sax.resources_seen)
    return invalid("resources: missing. Every state file lists its objects, [] when none.");
  if (sax.resources_not_array) return invalid("resources: must be an array.");
  if (!sax.entry_error.empty()) return invalid(sax.entry_error);

  State& state = sax.state;
  state.version = kStateVersion;
  json& lineage = sax.top[1];
  if (std::string why = check_identity(sax.top[1], sax.top[2]); !why.empty()) return invalid(why);
  state.lineage = std::move(lineage.get_ref<std::string&>());
  state.serial = sax.top[2].get<uint64_t>();
  if (sax.fedplan_version.is_string())
    state.fedplan_version = std::move(sax.fedplan_version.get_ref<std::string&>());

  json& outputs = sax.top[3];
  if (!outputs.is_null() && !outputs.is_object()) return invalid("\"outputs\" must be an object.");
  if (outputs.is_object()) {
    for (auto& [name, o] : outputs.items()) {
      auto sensitive = o.is_object() ? o.find("sensitive") : o.end();
      if (!o.is_object() || !o.contains("value") ||
          (sensitive != o.end() && !sensitive->is_boolean()))
        return invalid("outputs." + name +
                       " must be an object with \"value\" and a boolean \"sensitive\".");
      OutputState out;
      out.value = std::move(o["value"]);
      out.sensitive = sensitive != o.end() && sensitive->get<bool>();
      if (auto t = o.find("type"); t != o.end()) out.type = std::move(*t);
      state.outputs.emplace(name, std::move(out));
    }
  }
  if (!sax.pending.is_null() && !read_pending_operations(sax.pending, state, file, diags))
    return std::nullopt;
  return std::move(state);
}

namespace {

// SAX consumer that validates the whole text and keeps version, lineage and serial when they
// are direct members of the top-level object.
struct HeaderSax final : nlohmann::json_sax<json> {
  int depth = 0;
  std::string current_key;
  StateHeader header;
  bool top_is_object = false;
  bool have_version = false, have_lineage = false, have_serial = false;
  size_t error_byte = 0;
  std::string error;

  bool top_value() const { return depth == 1; }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t v) override {
    if (top_value() && current_key == "version") {
      header.version = static_cast<int>(std::clamp<number_integer_t>(v, -1'000'000, 1'000'000));
      have_version = true;
    }
    return true;
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (top_value() && current_key == "version") {
      header.version = static_cast<int>(std::min<number_unsigned_t>(v, 1'000'000));
      have_version = true;
    } else if (top_value() && current_key == "serial") {
      header.serial = v;
      have_serial = true;
    }
    return true;
  }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t& v) override {
    if (top_value() && current_key == "lineage") {
      header.lineage = v;
      have_lineage = true;
    }
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    if (depth == 0) top_is_object = true;
    ++depth;
    return true;
  }
  bool key(string_t& k) override {
    if (depth == 1) current_key = k;
    return true;
  }
  bool end_object() override {
    --depth;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth;
    return true;
  }
  bool end_array() override {
    --depth;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_byte = position;
    error = ex.what();
    return false;
  }
};

}  // namespace

std::optional<StateHeader> scan_state_header(std::string_view text, const std::string& file,
                                             Diagnostics& diags) {
  HeaderSax sax;
  bool ok = fast_sax_parse(text, sax);
  if (!ok) {
    sax = HeaderSax();
    ok = json::sax_parse(text.begin(), text.end(), &sax);
  }
  if (!ok) {
    syntax_error(text, file, sax.error_byte, sax.error, diags);
    return std::nullopt;
  }
  if (!sax.top_is_object || !sax.have_version) {
    check_version(json(), file, diags);
    return std::nullopt;
  }
  if (!check_version(sax.header.version, file, diags)) return std::nullopt;
  if (!sax.have_lineage || !sax.have_serial) {
    diags.error("Invalid state file " + file, "It has no \"lineage\" or no \"serial\".");
    return std::nullopt;
  }
  return sax.header;
}

}  // namespace fedplan
