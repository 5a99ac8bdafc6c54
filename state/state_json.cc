// State file encoding. The writer streams text instead of building one big JSON tree, so the
// attributes are never copied; the reader parses once and moves each attributes subtree out.
#include "state/state_json.h"

#include <openssl/evp.h>

#include <cstring>

namespace fedplan {

namespace {

using nlohmann::json;

constexpr auto kReplace = json::error_handler_t::replace;

void append_quoted(std::string& out, std::string_view s) {
  out += json(std::string(s)).dump(-1, ' ', false, kReplace);
}

// Appends `v` pretty-printed as if it sat `pad` spaces deep: nlohmann indents from column 0,
// so every line after the first is shifted. Raw newlines only appear between tokens (strings
// escape theirs), which makes the shift safe.
void append_value(std::string& out, const json& v, size_t pad) {
  std::string text = v.dump(2, ' ', false, kReplace);
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      out.append(text, start, std::string::npos);
      return;
    }
    out.append(text, start, nl + 1 - start);
    out.append(pad, ' ');
    start = nl + 1;
  }
}

void append_field(std::string& out, size_t pad, std::string_view key, bool first) {
  if (!first) out += ",\n";
  out.append(pad, ' ');
  append_quoted(out, key);
  out += ": ";
}

const char* mode_name(ResourceMode m) {
  return m == ResourceMode::Data ? "data" : "managed";
}

json key_json(const InstanceKey& k) {
  return k.kind == InstanceKey::Kind::Int ? json(k.index) : json(k.key);
}

void append_instance(std::string& out, const InstanceState& inst) {
  const size_t pad = 6;
  const ResourceAddr& r = inst.addr.resource;
  out += "    {\n";
  append_field(out, pad, "address", true);
  append_quoted(out, inst.addr.to_string());
  if (!r.module.root()) {
    append_field(out, pad, "module", false);
    append_quoted(out, r.module.to_string());
  }
  append_field(out, pad, "mode", false);
  append_quoted(out, mode_name(r.mode));
  append_field(out, pad, "type", false);
  append_quoted(out, r.type);
  append_field(out, pad, "name", false);
  append_quoted(out, r.name);
  if (!inst.addr.key.empty()) {
    append_field(out, pad, "index_key", false);
    append_value(out, key_json(inst.addr.key), pad);
  }
  append_field(out, pad, "provider", false);
  append_quoted(out, inst.provider.to_string());
  if (inst.tainted) {
    append_field(out, pad, "tainted", false);
    out += "true";
  }
  if (inst.schema_version != 0) {
    append_field(out, pad, "schema_version", false);
    out += std::to_string(inst.schema_version);
  }
  append_field(out, pad, "attributes", false);
  append_value(out, inst.attributes.is_null() ? json::object() : inst.attributes, pad);
  append_field(out, pad, "sensitive_paths", false);
  append_value(out, inst.sensitive_paths.is_null() ? json::array() : inst.sensitive_paths, pad);
  append_field(out, pad, "dependencies", false);
  if (inst.dependencies.empty()) {
    out += "[]";
  } else {
    out += "[";
    for (size_t i = 0; i < inst.dependencies.size(); ++i) {
      out += i ? ",\n" : "\n";
      out.append(pad + 2, ' ');
      append_quoted(out, inst.dependencies[i]);
    }
    out += "\n";
    out.append(pad, ' ');
    out += "]";
  }
  out += "\n    }";
}

}  // namespace

std::string encode_state(const State& state) {
  std::string out;
  out.reserve(256 + state.instances.size() * 512);
  out += "{\n";
  append_field(out, 2, "version", true);
  out += std::to_string(state.version);
  if (!state.fedplan_version.empty()) {
    append_field(out, 2, "fedplan_version", false);
    append_quoted(out, state.fedplan_version);
  }
  append_field(out, 2, "serial", false);
  out += std::to_string(state.serial);
  append_field(out, 2, "lineage", false);
  append_quoted(out, state.lineage);

  json outputs = json::object();
  for (const auto& [name, o] : state.outputs) {
    json entry = {{"value", o.value}, {"sensitive", o.sensitive}};
    if (!o.type.is_null()) entry["type"] = o.type;
    outputs[name] = std::move(entry);
  }
  append_field(out, 2, "outputs", false);
  append_value(out, outputs, 2);

  append_field(out, 2, "resources", false);
  if (state.instances.empty()) {
    out += "[]";
  } else {
    out += "[";
    bool first = true;
    for (const auto& [_, inst] : state.instances) {
      out += first ? "\n" : ",\n";
      first = false;
      append_instance(out, inst);
    }
    out += "\n  ]";
  }
  out += "\n}\n";
  return out;
}

namespace {

// Line and column (1-based) of byte offset `byte` in `text`.
SourcePos position_of(std::string_view text, size_t byte) {
  byte = std::min(byte, text.size());
  SourcePos pos;
  pos.byte = static_cast<int64_t>(byte);
  size_t line_start = 0;
  for (size_t i = 0; i < byte; ++i)
    if (text[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  pos.column = static_cast<int>(byte - line_start) + 1;
  return pos;
}

// nlohmann's message without its "[json.exception...] parse error at line 1, column 2: ".
std::string parser_reason(const std::string& what) {
  size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Reports a syntax error at byte `byte` (nlohmann counts the offending byte, 1-based).
void syntax_error(std::string_view text, const std::string& file, size_t byte,
                  const std::string& what, Diagnostics& diags) {
  SourcePos pos = position_of(text, byte == 0 ? 0 : byte - 1);
  SourcePos end = pos;
  end.column += 1;
  end.byte += 1;
  diags.error("State file " + file + " is not valid JSON (line " + std::to_string(pos.line) +
                  ", column " + std::to_string(pos.column) + ")",
              parser_reason(what) +
                  ". fedplan never overwrites a state file it cannot read; fix it or restore "
                  "the .backup copy.",
              SourceRange{file, pos, end});
}

bool check_version(const json& v, const std::string& file, Diagnostics& diags) {
  if (!v.is_number_integer()) {
    diags.error("State file " + file + " has no format version",
                "The top-level \"version\" field must be an integer.");
    return false;
  }
  int64_t version = v.get<int64_t>();
  if (version > kStateVersion) {
    diags.error("State file " + file + " was written by a newer fedplan",
                "Its format version is " + std::to_string(version) + "; this build reads up to " +
                    std::to_string(kStateVersion) + ". Upgrade fedplan; the file was not changed.");
    return false;
  }
  if (version < 1) {
    diags.error("State file " + file + " has an invalid format version " + std::to_string(version));
    return false;
  }
  return true;
}

// Reads one `resources[]` entry; on error appends a diagnostic naming `where`.
struct InstanceReader {
  const std::string& file;
  Diagnostics& diags;

  bool fail(const std::string& where, const std::string& what) {
    diags.error("Invalid state file " + file, where + ": " + what);
    return false;
  }

  bool read(json& entry, const std::string& where, InstanceState* out) {
    if (!entry.is_object()) return fail(where, "each entry must be an object");
    auto address = entry.find("address");
    if (address == entry.end() || !address->is_string())
      return fail(where, "\"address\" must be a string");
    std::string err;
    auto addr = parse_instance(address->get_ref<const std::string&>(), &err);
    if (!addr) return fail(where, "bad \"address\": " + err);
    out->addr = std::move(*addr);
    std::string here = where + " (" + out->addr.to_string() + ")";
    if (!consistent(entry, here, out->addr)) return false;

    auto provider = entry.find("provider");
    if (provider == entry.end() || !provider->is_string())
      return fail(here, "\"provider\" must be a string");
    auto p = parse_provider(provider->get_ref<const std::string&>(), &err);
    if (!p) return fail(here, "bad \"provider\": " + err);
    out->provider = std::move(*p);

    if (auto it = entry.find("attributes"); it != entry.end()) {
      if (!it->is_object()) return fail(here, "\"attributes\" must be an object");
      out->attributes = std::move(*it);
    }
    if (auto it = entry.find("sensitive_paths"); it != entry.end()) {
      if (!valid_paths(*it))
        return fail(here, "\"sensitive_paths\" must be an array of arrays of keys and indices");
      out->sensitive_paths = std::move(*it);
    }
    if (auto it = entry.find("dependencies"); it != entry.end()) {
      if (!it->is_array()) return fail(here, "\"dependencies\" must be an array of addresses");
      out->dependencies.reserve(it->size());
      for (json& d : *it) {
        if (!d.is_string()) return fail(here, "\"dependencies\" must be an array of addresses");
        out->dependencies.push_back(std::move(d.get_ref<std::string&>()));
      }
    }
    if (auto it = entry.find("tainted"); it != entry.end()) {
      if (!it->is_boolean()) return fail(here, "\"tainted\" must be true or false");
      out->tainted = it->get<bool>();
    }
    if (auto it = entry.find("schema_version"); it != entry.end()) {
      if (!it->is_number_integer()) return fail(here, "\"schema_version\" must be an integer");
      out->schema_version = it->get<int64_t>();
    }
    return true;
  }

  // The spelled-out mode/type/name/module/index_key, when present, must agree with `address`.
  bool consistent(const json& entry, const std::string& here, const InstanceAddr& addr) {
    auto check = [&](const char* field, const json& expected) {
      auto it = entry.find(field);
      if (it == entry.end() || *it == expected) return true;
      return fail(here, std::string("\"") + field + "\" is " + it->dump() +
                            " but the address says " + expected.dump());
    };
    const ResourceAddr& r = addr.resource;
    return check("mode", mode_name(r.mode)) && check("type", r.type) && check("name", r.name) &&
           check("module", r.module.to_string()) &&
           check("index_key", addr.key.empty() ? json() : key_json(addr.key));
  }

  static bool valid_paths(const json& paths) {
    if (!paths.is_array()) return false;
    for (const json& path : paths) {
      if (!path.is_array()) return false;
      for (const json& step : path)
        if (!step.is_string() && !step.is_number_unsigned()) return false;
    }
    return true;
  }
};

}  // namespace

std::optional<State> decode_state(std::string text, const std::string& file, Diagnostics& diags) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    syntax_error(text, file, e.byte, e.what(), diags);
    return std::nullopt;
  }
  text = std::string();  // release the bytes before the instances are built
  if (!doc.is_object()) {
    diags.error("Invalid state file " + file, "The top level must be a JSON object.");
    return std::nullopt;
  }
  auto version = doc.find("version");
  if (!check_version(version == doc.end() ? json() : *version, file, diags)) return std::nullopt;

  State state;
  state.version = kStateVersion;
  auto lineage = doc.find("lineage");
  if (lineage == doc.end() || !lineage->is_string() || lineage->get_ref<std::string&>().empty()) {
    diags.error("Invalid state file " + file, "\"lineage\" must be a non-empty string.");
    return std::nullopt;
  }
  state.lineage = std::move(lineage->get_ref<std::string&>());
  auto serial = doc.find("serial");
  if (serial == doc.end() || !serial->is_number_unsigned()) {
    diags.error("Invalid state file " + file, "\"serial\" must be a non-negative integer.");
    return std::nullopt;
  }
  state.serial = serial->get<uint64_t>();
  if (auto it = doc.find("fedplan_version"); it != doc.end() && it->is_string())
    state.fedplan_version = it->get<std::string>();

  if (auto it = doc.find("outputs"); it != doc.end() && !it->is_null()) {
    if (!it->is_object()) {
      diags.error("Invalid state file " + file, "\"outputs\" must be an object.");
      return std::nullopt;
    }
    for (auto& [name, o] : it->items()) {
      auto sensitive = o.is_object() ? o.find("sensitive") : o.end();
      if (!o.is_object() || !o.contains("value") ||
          (sensitive != o.end() && !sensitive->is_boolean())) {
        diags.error("Invalid state file " + file,
                    "outputs." + name +
                        " must be an object with \"value\" and a boolean "
                        "\"sensitive\".");
        return std::nullopt;
      }
      OutputState out;
      out.value = std::move(o["value"]);
      out.sensitive = sensitive != o.end() && sensitive->get<bool>();
      if (auto t = o.find("type"); t != o.end()) out.type = std::move(*t);
      state.outputs.emplace(name, std::move(out));
    }
  }

  auto resources = doc.find("resources");
  if (resources != doc.end() && !resources->is_null()) {
    if (!resources->is_array()) {
      diags.error("Invalid state file " + file, "\"resources\" must be an array.");
      return std::nullopt;
    }
    InstanceReader reader{file, diags};
    size_t i = 0;
    for (json& entry : *resources) {
      std::string where = "resources[" + std::to_string(i++) + "]";
      InstanceState inst;
      if (!reader.read(entry, where, &inst)) return std::nullopt;
      // Files fedplan wrote are sorted, so the end is the right hint and insertion is O(1).
      size_t before = state.instances.size();
      InstanceAddr key = inst.addr;
      state.instances.emplace_hint(state.instances.end(), std::move(key), std::move(inst));
      if (state.instances.size() == before) {
        reader.fail(where, "the address appears more than once");
        return std::nullopt;
      }
    }
  }
  return state;
}

namespace {

// SAX consumer that validates the whole text and keeps version, lineage and serial when they
// are direct members of the top-level object.
struct HeaderSax : nlohmann::json_sax<json> {
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
      header.version = static_cast<int>(v);
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
  bool ok = json::sax_parse(text.begin(), text.end(), &sax);
  if (!ok) {
    syntax_error(text, file, sax.error_byte, sax.error, diags);
    return std::nullopt;
  }
  if (!sax.top_is_object || !sax.have_version) {
    json version = sax.have_version ? json(sax.header.version) : json();
    check_version(version, file, diags);
    return std::nullopt;
  }
  if (!check_version(sax.header.version, file, diags)) return std::nullopt;
  if (!sax.have_lineage || !sax.have_serial) {
    diags.error("Invalid state file " + file, "It has no \"lineage\" or no \"serial\".");
    return std::nullopt;
  }
  return sax.header;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1)
    return "";  // only on allocation failure inside OpenSSL
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 0x0f];
  }
  return out;
}

std::string state_digest(const State& state) {
  return sha256_hex(encode_state(state));
}

}  // namespace fedplan
