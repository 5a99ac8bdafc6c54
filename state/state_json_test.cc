// Tests of the state file format: round trips, field checks, syntax errors with positions,
// version refusal, the header scan and the digest.
#include "state/state_json.h"

#include <doctest/doctest.h>

#include "base/digest.h"
#include "state/backend.h"
#include "state/fast_json.h"
#include "state/uuid.h"

namespace fedplan {
namespace {

using nlohmann::json;

InstanceState inst(const std::string& address, const std::string& provider) {
  std::string err;
  InstanceState s;
  s.addr = *parse_instance(address, &err);
  s.provider = *parse_provider(provider, &err);
  return s;
}

State rich_state() {
  State s = State::fresh();
  s.serial = 7;
  s.fedplan_version = "0.0.1-old";  // a rewrite names this build instead
  InstanceState a = inst("module.fed[\"east\"].kube_object.peer[\"mesh1\"]", "module.fed.kube.a");
  a.attributes = {{"metadata", {{"name", "peer"}, {"labels", {{"app", "x"}}}}},
                  {"spec", {{"token", "s3cr3t\nline2 \"quoted\" ü"}, {"ports", {80, 443}}}},
                  {"ratio", 0.25},
                  {"none", nullptr}};
  a.sensitive_paths =
      json::array({json::array({"spec", "token"}), json::array({"spec", "ports", 1})});
  a.dependencies = {*parse_instance("kube_object.ns", nullptr),
                    *parse_instance("module.fed[\"east\"].kube_object.gw[0]", nullptr)};
  a.tainted = true;
  s.set(a);
  InstanceState b = inst("kube_object.gw[2]", "kube.mesh1");
  b.attributes = json::object();
  s.set(b);
  s.set(inst("data.kube_object.ca", "kube"));
  s.set(inst("firewalld_zone.z", "firewalld.host1"));
  s.outputs["endpoint"] = OutputState{"https://x:6443", false, "string"};
  s.outputs["token"] = OutputState{json{{"a", 1}}, true, nullptr};
  return s;
}

TEST_CASE("encode then decode gives back the same state, byte for byte on re-encode") {
  State s = rich_state();
  std::string text = encode_state(s);
  Diagnostics diags;
  auto back = decode_state(text, "mem.json", diags);
  REQUIRE_MESSAGE(back, render_diagnostics(diags, nullptr));
  CHECK(back->lineage == s.lineage);
  CHECK(back->serial == 7);
  CHECK(back->fedplan_version == FEDPLAN_VERSION);
  REQUIRE(back->instances.size() == s.instances.size());
  for (const auto& [addr, orig] : s.instances) {
    const InstanceState* got = back->find(addr);
    REQUIRE_MESSAGE(got, addr.to_string());
    CHECK(got->addr == orig.addr);
    CHECK(got->provider == orig.provider);
    CHECK(got->attributes == orig.attributes);
    CHECK(got->sensitive_paths == orig.sensitive_paths);
    CHECK(got->dependencies == orig.dependencies);
    CHECK(got->tainted == orig.tainted);
    CHECK(got->schema_version == orig.schema_version);
  }
  CHECK(back->outputs.at("endpoint").value == "https://x:6443");
  CHECK(back->outputs.at("endpoint").type == "string");
  CHECK(back->outputs.at("token").sensitive);
  CHECK(back->outputs.at("token").type.is_null());
  CHECK(encode_state(*back) == text);
  // The text is ordinary JSON with the documented top-level fields.
  json doc = json::parse(text);
  CHECK(doc["version"] == kStateVersion);
  CHECK(doc["resources"].size() == 4);
  CHECK(doc["resources"][0]["address"] == "firewalld_zone.z");
  json peer = doc["resources"][3];
  CHECK(peer["module"] == "module.fed[\"east\"]");
  CHECK(peer["mode"] == "managed");
  CHECK(peer["type"] == "kube_object");
  CHECK(peer["name"] == "peer");
  CHECK(peer["index_key"] == "mesh1");
  CHECK(peer["provider"] == "module.fed.kube.a");
  CHECK(doc["resources"][1]["index_key"] == 2);
  CHECK(doc["resources"][2]["mode"] == "data");
}

TEST_CASE("deposed objects are written after current ones with their key, and read back") {
  State s = State::fresh();
  InstanceState cur = inst("local_file.f", "local");
  cur.attributes = {{"filename", "new.txt"}};
  s.set(cur);
  std::string key = s.depose(cur.addr);
  REQUIRE(key.size() == 8);
  CHECK(s.instances.empty());
  InstanceState fresh = inst("local_file.f", "local");
  fresh.attributes = {{"filename", "newer.txt"}};
  s.set(fresh);
  std::string text = encode_state(s);
  CHECK(text.find("\"address\":\"local_file.f\",\"mode\":\"managed\",\"type\":\"local_file\","
                  "\"name\":\"f\",\"deposed\":\"" +
                  key + "\"") != std::string::npos);
  CHECK(text.find("newer.txt") < text.find("\"deposed\""));
  Diagnostics d;
  auto back = decode_state(text, "s.json", d);
  REQUIRE_MESSAGE(back, render_diagnostics(d, nullptr));
  REQUIRE(back->deposed.size() == 1);
  const auto& [k, obj] = *back->deposed.begin();
  CHECK(k.first.to_string() == "local_file.f");
  CHECK(k.second == key);
  CHECK(obj.attributes["filename"] == "new.txt");
  CHECK(back->find(cur.addr)->attributes["filename"] == "newer.txt");
  CHECK(encode_state(*back) == text);
  // A key twice, or an empty key, is refused.
  std::string twice = text;
  size_t entry = twice.find(
      "{\"address\":\"local_file.f\",\"mode\":\"managed\",\"type\":\"local_"
      "file\",\"name\":\"f\",\"deposed\"");
  size_t end = twice.find('}', twice.find("\"dependencies\"", entry)) + 1;
  std::string line = twice.substr(entry, end - entry);
  twice.insert(end, ",\n    " + line);
  Diagnostics dd;
  CHECK_FALSE(decode_state(twice, "s.json", dd));
  CHECK(render_diagnostics(dd, nullptr).find("appears more than once") != std::string::npos);
  std::string empty = text;
  empty.replace(empty.find("\"deposed\":\"" + key), 12 + key.size(), "\"deposed\":\"\"");
  Diagnostics de;
  CHECK_FALSE(decode_state(empty, "s.json", de));
}

TEST_CASE("an empty state encodes its lineage and decodes to the same identity") {
  State s = State::fresh();
  std::string text = encode_state(s);
  json doc = json::parse(text);
  CHECK(doc["lineage"] == s.lineage);
  CHECK(looks_like_uuid(doc["lineage"].get<std::string>()));
  CHECK(doc["resources"] == json::array());
  CHECK(doc["outputs"] == json::object());
  Diagnostics diags;
  auto back = decode_state(text, "x", diags);
  REQUIRE(back);
  CHECK(back->lineage == s.lineage);
  CHECK(back->instances.empty());
}

TEST_CASE("a syntax error names the file, line and column") {
  std::string text = "{\n  \"version\": 1,\n  \"serial\": 3,\n  \"lineage\" \"x\"\n}\n";
  Diagnostics diags;
  CHECK_FALSE(decode_state(text, "dir/fedplan.state.json", diags));
  REQUIRE(diags.size() == 1);
  const Diagnostic& d = diags.items[0];
  CHECK(d.summary.find("dir/fedplan.state.json") != std::string::npos);
  // The position is the last character of the unexpected token `"x"`, as the parser sees it.
  CHECK(d.summary.find("line 4, column 15") != std::string::npos);
  REQUIRE(d.range);
  CHECK(d.range->file == "dir/fedplan.state.json");
  CHECK(d.range->start.line == 4);
  CHECK(d.range->start.column == 15);
  CHECK(d.detail.find("json.exception") == std::string::npos);

  Diagnostics truncated;
  CHECK_FALSE(decode_state("{\n  \"version\": 1,\n  \"resou", "f.json", truncated));
  REQUIRE(truncated.items.size() == 1);
  CHECK(truncated.items[0].range->start.line == 3);
}

TEST_CASE("a state from a newer format version is refused") {
  State s = State::fresh();
  json doc = json::parse(encode_state(s));
  doc["version"] = kStateVersion + 1;
  Diagnostics diags;
  CHECK_FALSE(decode_state(doc.dump(), "new.json", diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary.find("newer fedplan") != std::string::npos);
  CHECK(diags.items[0].detail.find("format version is " + std::to_string(kStateVersion + 1)) !=
        std::string::npos);
  Diagnostics scan;
  CHECK_FALSE(scan_state_header(doc.dump(), "new.json", scan));
  CHECK(scan.items[0].summary.find("newer fedplan") != std::string::npos);
}

TEST_CASE("malformed entries are reported with their index and address") {
  auto decode_with = [](const std::function<void(json&)>& edit) {
    State s = rich_state();
    json doc = json::parse(encode_state(s));
    edit(doc);
    Diagnostics diags;
    auto out = decode_state(doc.dump(), "f.json", diags);
    CHECK_FALSE(out);
    REQUIRE(diags.has_errors());
    return diags.items[0].detail;
  };
  CHECK(decode_with([](json& d) {
          d["resources"][1]["type"] = "other";
        }).find("resources[1] (kube_object.gw[2]): \"type\" is \"other\"") != std::string::npos);
  CHECK(decode_with([](json& d) { d["resources"][1]["index_key"] = "2"; }).find("\"index_key\"") !=
        std::string::npos);
  CHECK(decode_with([](json& d) {
          d["resources"][0]["address"] = "kube_object.";
        }).find("resources[0]: bad \"address\"") != std::string::npos);
  CHECK(decode_with([](json& d) {
          d["resources"][2]["attributes"] = json::array();
        }).find("\"attributes\" must be an object") != std::string::npos);
  CHECK(decode_with([](json& d) {
          d["resources"][2]["sensitive_paths"] = {{"a", -1}};
        }).find("sensitive_paths") != std::string::npos);
  CHECK(decode_with([](json& d) {
          d["resources"][2]["provider"] = 3;
        }).find("\"provider\" must be a string") != std::string::npos);
  CHECK(decode_with([](json& d) {
          d["resources"][2] = d["resources"][1];
        }).find("more than once") != std::string::npos);
  CHECK(decode_with([](json& d) { d.erase("lineage"); }).find("lineage") != std::string::npos);
  CHECK(decode_with([](json& d) { d["serial"] = -1; }).find("serial") != std::string::npos);
  CHECK(decode_with([](json& d) {
          d["outputs"]["endpoint"].erase("value");
        }).find("outputs.endpoint") != std::string::npos);
}

// The detail of the error decoding `doc` gives, or "" when it decodes.
std::string decode_error(const json& doc) {
  Diagnostics diags;
  if (decode_state(doc.dump(), "dir/f.json", diags)) return "";
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary.find("dir/f.json") != std::string::npos);
  return diags.items[0].detail;
}

TEST_CASE("a state whose resources are null or missing is refused, not read as empty") {
  json doc = json::parse(encode_state(rich_state()));
  doc["resources"] = nullptr;
  CHECK(decode_error(doc).find("resources: must be an array") != std::string::npos);
  doc.erase("resources");
  CHECK(decode_error(doc).find("resources: missing") != std::string::npos);
}

TEST_CASE("a serial that cannot be incremented is refused on read and never written") {
  json doc = json::parse(encode_state(rich_state()));
  doc["serial"] = UINT64_MAX;
  CHECK(decode_error(doc).find("serial: 18446744073709551615 is above") != std::string::npos);
  doc["serial"] = kMaxStateSerial;
  CHECK(decode_error(doc).empty());
  State s = State::fresh();
  s.serial = kMaxStateSerial;
  StateHeader stored{1, s.lineage, kMaxStateSerial};
  uint64_t next = 0;
  Diagnostics diags;
  CHECK_FALSE(check_overwrite(&stored, s, WriteOptions{}, "f.json", &next, diags));
  CHECK(render_diagnostics(diags, nullptr).find("serial") != std::string::npos);
}

TEST_CASE("an attribute schema version this build does not read is refused") {
  json doc = json::parse(encode_state(rich_state()));
  doc["resources"][1]["schema_version"] = 99;
  CHECK(decode_error(doc).find("resources[1] (kube_object.gw[2]).schema_version: 99 is not") !=
        std::string::npos);
  CHECK(decode_error(doc).find("reads 0") != std::string::npos);
}

TEST_CASE("a lineage that is not a UUID and a deposed key not as fedplan makes them are refused") {
  json doc = json::parse(encode_state(rich_state()));
  doc["lineage"] = "../../etc/passwd\n";
  CHECK(decode_error(doc).find("lineage: \"../../etc/passwd\\n\" is not a UUID") !=
        std::string::npos);
  State s = rich_state();
  s.depose(*parse_instance("kube_object.gw[2]", nullptr));
  doc = json::parse(encode_state(s));
  for (json& entry : doc["resources"])
    if (entry.contains("deposed")) entry["deposed"] = "../../x";
  CHECK(decode_error(doc).find(").deposed: \"../../x\" is not a deposed key") != std::string::npos);
}

TEST_CASE("a value nested deeper than the limit is refused with its path, not recursed into") {
  json doc = json::parse(encode_state(rich_state()));
  std::string text = doc.dump();
  std::string deep = std::string(30000, '[') + std::string(30000, ']');
  size_t at = text.find("\"attributes\":{") + 14;
  text.insert(at, "\"deep\":" + deep + ",");
  Diagnostics diags;
  CHECK_FALSE(decode_state(text, "f.json", diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].detail.find("resources[0].attributes: nests deeper than " +
                                   std::to_string(kMaxJsonDepth)) != std::string::npos);
}

TEST_CASE("a number too large for a double is a syntax error with its position") {
  std::string text = encode_state(rich_state());
  text.replace(text.find("0.25"), 4, "1e400");
  Diagnostics diags;
  CHECK_FALSE(decode_state(text, "f.json", diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary.find("is not valid JSON (line ") != std::string::npos);
  CHECK(diags.items[0].detail.find("number overflow parsing '1e400'. fedplan never") == 0);
}

TEST_CASE("every state written names the fedplan version that wrote it") {
  State s = rich_state();
  s.fedplan_version = "";
  json doc = json::parse(encode_state(s));
  REQUIRE(doc.contains("fedplan_version"));
  CHECK(doc["fedplan_version"] == FEDPLAN_VERSION);
}

TEST_CASE("dependencies are read as addresses, and one that is not an address is refused") {
  State s = rich_state();
  Diagnostics diags;
  auto back = decode_state(encode_state(s), "f.json", diags);
  REQUIRE(back);
  const InstanceState* a =
      back->find(*parse_instance("module.fed[\"east\"].kube_object.peer[\"mesh1\"]", nullptr));
  REQUIRE(a);
  REQUIRE(a->dependencies.size() == 2);
  CHECK(a->dependencies[0].resource.name == "ns");
  CHECK(a->dependencies[1].key == InstanceKey::of(0));

  json doc = json::parse(encode_state(s));
  for (json& entry : doc["resources"])
    if (!entry["dependencies"].empty()) entry["dependencies"][1] = "kube_object.[";
  Diagnostics bad;
  CHECK_FALSE(decode_state(doc.dump(), "f.json", bad));
  REQUIRE(bad.has_errors());
  CHECK(bad.items[0].detail.find("(module.fed[\"east\"].kube_object.peer[\"mesh1\"]): bad "
                                 "\"dependencies\"[1]: ") != std::string::npos);
}

TEST_CASE("entries in any order decode into address order") {
  State s = rich_state();
  json doc = json::parse(encode_state(s));
  std::reverse(doc["resources"].begin(), doc["resources"].end());
  Diagnostics diags;
  auto back = decode_state(doc.dump(), "f.json", diags);
  REQUIRE(back);
  CHECK(back->list() == s.list());
}

TEST_CASE("the header scan reads identity fields and rejects broken JSON anywhere") {
  State s = rich_state();
  std::string text = encode_state(s);
  Diagnostics diags;
  auto h = scan_state_header(text, "f.json", diags);
  REQUIRE(h);
  CHECK(h->version == kStateVersion);
  CHECK(h->lineage == s.lineage);
  CHECK(h->serial == 7);
  // Nested "serial" keys must not be taken for the top-level one.
  json doc = json::parse(text);
  doc["resources"][0]["attributes"]["serial"] = 99;
  h = scan_state_header(doc.dump(), "f.json", diags);
  REQUIRE(h);
  CHECK(h->serial == 7);

  std::string broken = text;
  broken.insert(broken.rfind("\"dependencies\""), ",,");
  Diagnostics bad;
  CHECK_FALSE(scan_state_header(broken, "f.json", bad));
  REQUIRE(bad.has_errors());
  CHECK(bad.items[0].summary.find("not valid JSON") != std::string::npos);
  CHECK(bad.items[0].range->start.line > 10);
}

TEST_CASE("the digest is the SHA-256 of the encoding and follows every change") {
  State s = rich_state();
  std::string d1 = state_digest(s);
  CHECK(d1 == sha256_hex(encode_state(s)));
  CHECK(d1.size() == 64);
  CHECK(state_digest(s) == d1);
  s.instances.begin()->second.attributes["x"] = 1;
  CHECK(state_digest(s) != d1);
}

TEST_CASE("a state assembled from encoded pieces is encode_state's text, byte for byte") {
  State rich = rich_state();
  CHECK(assemble_state(encode_pieces(rich)) == encode_state(rich));
  rich.depose(*parse_instance("kube_object.gw[2]", nullptr));
  CHECK(assemble_state(encode_pieces(rich)) == encode_state(rich));
  State empty = State::fresh();
  CHECK(assemble_state(encode_pieces(empty)) == encode_state(empty));
}

TEST_CASE("pending creates survive a round trip and a state without them encodes as before") {
  State s = rich_state();
  std::string without = encode_state(s);
  CHECK(without.find("pending_operations") == std::string::npos);
  InstanceState p = inst("firewalld_port.open[\"31000\"]", "firewalld.host1");
  p.attributes = {{"zone", "libvirt"}, {"port", "31000"}};
  s.pending[p.addr] = p;
  std::string text = encode_state(s);
  CHECK(text.find("\"pending_operations\": [") != std::string::npos);
  Diagnostics diags;
  auto back = decode_state(text, "mem.json", diags);
  REQUIRE_MESSAGE(back, render_diagnostics(diags, nullptr));
  REQUIRE(back->pending.size() == 1);
  CHECK(back->pending.begin()->first == p.addr);
  CHECK(back->pending.begin()->second.attributes == p.attributes);
  CHECK(back->instances.size() == s.instances.size());
  CHECK(encode_state(*back) == text);
  EncodedState pieces = encode_pieces(s);
  CHECK(assemble_state(pieces) == text);
}

TEST_CASE("a pending operation other than a create is refused") {
  State s = State::fresh();
  std::string text = encode_state(s);
  text.replace(text.find("  \"resources\""), 0,
               "  \"pending_operations\": [{\"operation\":\"delete\",\"resource\":{}}],\n");
  Diagnostics diags;
  CHECK_FALSE(decode_state(text, "mem.json", diags));
  CHECK(render_diagnostics(diags, nullptr).find("pending_operations") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
