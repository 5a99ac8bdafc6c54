// Saved plans: a full round trip with marks and kinds, the 0600 atomic write, and a clear error
// for every kind of file that is not a plan this build can use.
#include "engine/plan/plan_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"

namespace fedplan {
namespace {

namespace fs = std::filesystem;

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

InstanceAddr addr(const std::string& text) {
  std::string err;
  auto a = parse_instance(text, &err);
  REQUIRE(a);
  return *a;
}

ProviderAddr provider(const std::string& text) {
  std::string err;
  auto p = parse_provider(text, &err);
  REQUIRE(p);
  return *p;
}

Value obj(std::vector<std::pair<std::string, Value>> items) {
  ValueMap m;
  for (auto& [k, v] : items) m.emplace(k, v);
  return Value::object(std::move(m));
}

// Every value kind, with unknowns (typed and not) and sensitive marks at several depths.
Value rich_value() {
  ValueMap labels{{"app", Value::string("ratings")}, {"tier", Value::string("b")}};
  return obj({
      {"name", Value::string("peer-ca")},
      {"replicas", Value::number(3)},
      {"ratio", Value::number(0.25)},
      {"enabled", Value::boolean(true)},
      {"nothing", Value::null()},
      {"labels", Value::map(labels)},
      {"ports", Value::list({Value::number(80), Value::number(443)})},
      {"zones", Value::set({Value::string("b"), Value::string("a")})},
      {"mixed", Value::tuple({Value::number(1), Value::string("x")})},
      {"uid", Value::unknown(ValueKind::String)},
      {"status", Value::unknown()},
      {"token", Value::string("hunter2").mark_sensitive()},
      {"later_secret", Value::unknown(ValueKind::String).mark_sensitive()},
      {"creds", obj({{"user", Value::string("u")}, {"pass", Value::string("p")}}).mark_sensitive()},
      {"nested", obj({{"list", Value::list({Value::unknown(ValueKind::Number),
                                            Value::string("s").mark_sensitive()})},
                      {"empty_map", Value::map({})},
                      {"empty_list", Value::list({})}})},
  });
}

Plan rich_plan() {
  Plan p;
  ResourceChange create;
  create.addr = addr("module.fed.kube_object.peer[\"mesh2\"]");
  create.provider = provider("module.fed.kube.a");
  create.action = Action::Create;
  create.after = rich_value();
  create.note = "planned without the cluster";
  create.dependencies = {addr("module.fed.kube_object.ns"), addr("data.kube_object.ca")};
  ResourceChange replace;
  replace.addr = addr("kube_object.gw[2]");
  replace.provider = provider("kube.mesh1");
  replace.action = Action::CreateThenDelete;
  replace.reason = ActionReason::ReplaceBecauseCannotUpdate;
  replace.before = obj({{"type", Value::string("NodePort")}});
  replace.after = obj({{"type", Value::string("LoadBalancer")}});
  replace.replace_paths = {{PathStep::attr("type")},
                           {PathStep::attr("spec"), PathStep::at(0), PathStep::attr("port")}};
  ResourceChange del;
  del.addr = addr("kube_object.old");
  del.provider = provider("firewalld");
  del.action = Action::Delete;
  del.reason = ActionReason::DeleteBecauseNoResourceConfig;
  del.before = rich_value();
  ResourceChange read;
  read.addr = addr("data.kube_object.ca");
  read.provider = provider("kube.mesh1");
  read.action = Action::Read;
  read.reason = ActionReason::ReadBecauseDependencyPending;
  read.after = Value::unknown(ValueKind::Object);
  p.changes = {create, replace, del, read};
  p.drift = {
      Drift{addr("kube_object.x"), provider("kube.mesh2"), rich_value(),
            obj({{"a", Value::number(1)}})},
      Drift{addr("kube_object.y"), provider("kube.mesh2"), obj({{"a", Value::null()}}), Value()}};
  p.outputs = {OutputChange{"addr", Action::Create, Value(), Value::unknown(ValueKind::String)},
               OutputChange{"secret", Action::Update, Value::string("a"), Value::string("b"), true},
               OutputChange{"same", Action::NoOp, Value::number(1), Value::number(1)}};
  p.destroy = true;
  p.refreshed = false;
  p.complete = false;
  p.targets = {"module.fed"};
  p.replace = {"kube_object.gw[2]"};
  p.variables = {{"region", Value::string("eu")},
                 {"password", Value::string("pw").mark_sensitive()},
                 {"meshes", Value::map({{"mesh1", obj({{"peer", Value::string("mesh2")}})}})}};
  p.prior_lineage = "0b0e7c9c-1111-4222-8333-444455556666";
  p.prior_serial = 18446744073709551000ull;
  p.prior_digest = std::string(64, 'a');
  p.config_digest = std::string(64, 'b');
  p.config_dir = "/srv/federation";
  return p;
}

void check_same_plan(const Plan& a, const Plan& b) {
  REQUIRE(a.changes.size() == b.changes.size());
  for (size_t i = 0; i < a.changes.size(); ++i) {
    CAPTURE(i);
    const ResourceChange& x = a.changes[i];
    const ResourceChange& y = b.changes[i];
    CHECK(x.addr == y.addr);
    CHECK(x.provider == y.provider);
    CHECK(x.action == y.action);
    CHECK(x.reason == y.reason);
    CHECK(x.before == y.before);
    CHECK(x.after == y.after);
    CHECK(x.replace_paths == y.replace_paths);
    CHECK(x.note == y.note);
    CHECK(x.dependencies == y.dependencies);
  }
  REQUIRE(a.drift.size() == b.drift.size());
  for (size_t i = 0; i < a.drift.size(); ++i) {
    CHECK(a.drift[i].addr == b.drift[i].addr);
    CHECK(a.drift[i].provider == b.drift[i].provider);
    CHECK(a.drift[i].recorded == b.drift[i].recorded);
    CHECK(a.drift[i].live == b.drift[i].live);
  }
  REQUIRE(a.outputs.size() == b.outputs.size());
  for (size_t i = 0; i < a.outputs.size(); ++i) {
    CHECK(a.outputs[i].name == b.outputs[i].name);
    CHECK(a.outputs[i].action == b.outputs[i].action);
    CHECK(a.outputs[i].before == b.outputs[i].before);
    CHECK(a.outputs[i].after == b.outputs[i].after);
    CHECK(a.outputs[i].sensitive == b.outputs[i].sensitive);
  }
  CHECK(a.destroy == b.destroy);
  CHECK(a.refreshed == b.refreshed);
  CHECK(a.complete == b.complete);
  CHECK(a.targets == b.targets);
  CHECK(a.replace == b.replace);
  CHECK(a.variables == b.variables);
  CHECK(a.prior_lineage == b.prior_lineage);
  CHECK(a.prior_serial == b.prior_serial);
  CHECK(a.prior_digest == b.prior_digest);
  CHECK(a.config_digest == b.config_digest);
  CHECK(a.config_dir == b.config_dir);
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

TEST_CASE(
    "a saved plan reads back equal: values with their unknown and sensitive marks and kinds") {
  testing::TempDir dir;
  std::string path = dir / "tfplan";
  Plan plan = rich_plan();
  std::string err;
  REQUIRE_MESSAGE(write_plan_file(path, plan, &err), err);
  // Apply needs the secrets: the file holds them, which is why it is written 0600.
  CHECK(fedplan::testing::read_text(path).find("hunter2") != std::string::npos);
  std::optional<Plan> back = read_plan_file(path, &err);
  REQUIRE_MESSAGE(back, err);
  check_same_plan(plan, *back);
  // The marks are really there, not just equal by accident.
  const Value& after = back->changes[0].after;
  CHECK(after.get("token")->sensitive());
  CHECK(after.get("token")->as_string() == "hunter2");
  CHECK_FALSE(after.get("uid")->known());
  CHECK(after.get("uid")->kind() == ValueKind::String);
  CHECK(after.get("zones")->kind() == ValueKind::Set);
  CHECK(after.get("labels")->kind() == ValueKind::Map);
  CHECK(after.get("later_secret")->sensitive());
  CHECK_FALSE(after.get("later_secret")->known());
}

TEST_CASE("an empty plan round-trips too") {
  testing::TempDir dir;
  std::string err;
  Plan empty;
  REQUIRE(write_plan_file(dir / "p", empty, &err));
  std::optional<Plan> back = read_plan_file(dir / "p", &err);
  REQUIRE_MESSAGE(back, err);
  check_same_plan(empty, *back);
}

TEST_CASE("the document has a format marker and version, and keeps sensitive values for apply") {
  nlohmann::json doc = encode_plan(rich_plan());
  CHECK(doc["format"] == "fedplan-plan");
  CHECK(doc["format_version"] == kPlanFileVersion);
  CHECK(doc["fedplan_version"].is_string());
  CHECK(doc["prior_state"]["lineage"] == "0b0e7c9c-1111-4222-8333-444455556666");
  CHECK(doc["config"]["digest"] == std::string(64, 'b'));
  const nlohmann::json& token = doc["changes"][0]["after"];
  CHECK(token["value"]["token"] == "hunter2");
  CHECK(token["sensitive"]["token"] == true);
}

TEST_CASE("plan files are written 0600 whatever the umask, with no temp file left") {
  testing::TempDir dir;
  std::string path = dir / "tfplan";
  write_text(path, "old");
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  mode_t old_umask = umask(0);
  std::string err;
  bool ok = write_plan_file(path, rich_plan(), &err);
  umask(old_umask);
  REQUIRE_MESSAGE(ok, err);
  CHECK(mode_of(path) == 0600);
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    ++entries;
    CHECK(e.path().filename() == "tfplan");
  }
  CHECK(entries == 1);
}

TEST_CASE("a plan that cannot be written says where and why") {
  testing::TempDir dir;
  std::string err;
  CHECK_FALSE(write_plan_file(dir / "missing/tfplan", rich_plan(), &err));
  CHECK(err.find("cannot write the plan file " + (dir / "missing/tfplan")) == 0);
  CHECK(err.find("No such file or directory") != std::string::npos);

  Plan bad;
  bad.variables["blob"] = Value::string("\xff\xfe");
  CHECK_FALSE(write_plan_file(dir / "bad", bad, &err));
  CHECK(err.find("not valid UTF-8") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "bad"));
  CHECK(fs::is_empty(dir.path()));
}

// The error read_plan_file gives for a file holding `text`.
std::string read_error(const testing::TempDir& dir, const std::string& text) {
  std::string path = dir / "plan";
  write_text(path, text);
  std::string err;
  std::optional<Plan> plan = read_plan_file(path, &err);
  CHECK_FALSE(plan);
  CHECK(err.find(path) != std::string::npos);
  return err;
}

TEST_CASE("reading something that is not a plan gives a clear error") {
  testing::TempDir dir;
  std::string err;
  CHECK_FALSE(read_plan_file(dir / "nowhere", &err));
  CHECK(err == "cannot read the plan file " + (dir / "nowhere") + ": No such file or directory");

  CHECK(read_error(dir, "").find("is empty, not a fedplan plan file") != std::string::npos);
  CHECK(read_error(dir, "resource \"kube_object\" \"a\" {}\n")
            .find("is not a fedplan plan file: it is not JSON (syntax error at byte 1)") !=
        std::string::npos);
  CHECK(read_error(dir, std::string("\x1f\x8b\x08\x00", 4)).find("gzip") != std::string::npos);
  CHECK(read_error(dir, R"({"version": 1, "lineage": "x", "serial": 3, "resources": []})")
            .find("it looks like a state file") != std::string::npos);
  CHECK(read_error(dir, R"({"format_version": "1.2", "resource_changes": []})")
            .find("looks like the output of `show -format=json`") != std::string::npos);
  CHECK(read_error(dir, R"([1, 2, 3])").find("no \"format\": \"fedplan-plan\" marker") !=
        std::string::npos);
  CHECK(read_error(dir, R"({"format": "terraform-plan", "format_version": 1})")
            .find("is not a fedplan plan file (its format is \"terraform-plan\")") !=
        std::string::npos);
}

TEST_CASE("a plan from a newer fedplan is refused with both versions named") {
  testing::TempDir dir;
  std::string err = read_error(dir, R"({"format": "fedplan-plan", "format_version": 99})");
  CHECK(err.find("saved by a newer fedplan (plan format 99; this build reads up to 1)") !=
        std::string::npos);
}

TEST_CASE("a damaged plan names the key that is wrong") {
  testing::TempDir dir;
  auto damaged = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json doc = encode_plan(rich_plan());
    edit(doc);
    return read_error(dir, plan_file_text(std::move(doc)));  // sealed again: only the damage
  };
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"][1]["address"] = "kube_object.";
        }).find("is a damaged plan file: changes[1].address: expected a name") !=
        std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"][0]["action"] = "explode";
        }).find("changes[0].action: unknown action \"explode\"") != std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"][1]["reason"] = "because";
        }).find("changes[1].reason: unknown reason \"because\"") != std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"][0].erase("address");
        }).find("changes[0].address: missing") != std::string::npos);
  // A sensitive mark must never be dropped quietly: a broken mask is an error.
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"][0]["after"]["sensitive"]["token"] = "yes";
        }).find("changes[0].after.sensitive: not a mask") != std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["variables"]["password"] = "pw";
        }).find("variables.password: expected an object with a \"value\"") != std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"][0]["after"]["kinds"] = "widget";
        }).find("changes[0].after.kinds") != std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["prior_state"]["serial"] = -1;
        }).find("prior_state.serial: expected a whole number") != std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"] = "all of them";
        }).find("changes: expected a list") != std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"][0]["replace_paths"] = {{"a", -1}};
        }).find("changes[0].replace_paths") != std::string::npos);
  CHECK(damaged([](nlohmann::json& d) {
          d["changes"][0]["dependencies"][1] = "data.";
        }).find("changes[0].dependencies[1]: ") != std::string::npos);
}

TEST_CASE("a plan file edited after it was written is refused") {
  testing::TempDir dir;
  std::string path = dir / "tfplan";
  std::string err;
  REQUIRE(write_plan_file(path, rich_plan(), &err));
  std::string text = fedplan::testing::read_text(path);
  // A delete turned into a no-op, the same length and still valid JSON.
  std::string edited = text;
  const std::string del = "\"action\":\"delete\"";
  size_t at = edited.find(del);
  REQUIRE(at != std::string::npos);
  edited.replace(at, del.size(), "\"action\":\"no-op\" ");
  CHECK(read_error(dir, edited).find("the plan file was modified after it was written") !=
        std::string::npos);
  nlohmann::json doc = nlohmann::json::parse(text);
  doc.erase("file_digest");
  CHECK(read_error(dir, doc.dump()).find("has no file_digest") != std::string::npos);
  // Whitespace is not content: the same document pretty-printed still reads.
  write_text(path, nlohmann::json::parse(text).dump(2));
  CHECK_MESSAGE(read_plan_file(path, &err), err);
}

TEST_CASE("a plan file nested deeper than the limit is refused naming where, not recursed into") {
  testing::TempDir dir;
  std::string text = plan_file_text(encode_plan(rich_plan()));
  const std::string region = "\"region\":{\"value\":";
  size_t at = text.find(region + "\"eu\"");
  REQUIRE(at != std::string::npos);
  text.replace(at + region.size(), 4, std::string(30000, '[') + std::string(30000, ']'));
  CHECK(read_error(dir, text).find("variables.region.value[0]") != std::string::npos);
  CHECK(read_error(dir, text).find("nests deeper than 1000 levels") != std::string::npos);
}

TEST_CASE("a number too large for a double in a plan file is refused naming the field") {
  testing::TempDir dir;
  std::string text = plan_file_text(encode_plan(rich_plan()));
  size_t at = text.find("\"ratio\":0.25");
  REQUIRE(at != std::string::npos);
  text.replace(at, 12, "\"ratio\":1e400");
  std::string err = read_error(dir, text);
  CHECK(err.find("changes[0].after.value.ratio: the number 1e400 is out of range") !=
        std::string::npos);
}

}  // namespace
}  // namespace fedplan
