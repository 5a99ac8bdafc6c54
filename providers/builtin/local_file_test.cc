// Tests of the local_file resource: every plan_change case, apply/read round trips, drift on
// disk (content, mode, a missing file), permissions, import, bad values and parallel applies.
#include "providers/builtin/local_provider.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "base/digest.h"
#include "base/testing/files.h"
#include "base/testing/temp_dir.h"

namespace fedplan {
namespace {

using namespace testing;

Value str(const std::string& s) {
  return Value::string(s);
}

// A local_file config the way the evaluator shapes it: every argument present, null if unset.
struct FileConfig {
  Value filename, content, sensitive_content, file_permission, directory_permission;

  Value value() const {
    return Value::object(
        {{"filename", filename},
         {"content", content},
         {"sensitive_content",
          sensitive_content.is_null() ? sensitive_content : sensitive_content.mark_sensitive()},
         {"file_permission", file_permission},
         {"directory_permission", directory_permission},
         {"id", Value()},
         {"content_sha256", Value()}});
  }
};

Value text_file(const std::string& path, const std::string& content) {
  return FileConfig{str(path), str(content)}.value();
}

std::string s(const Value& obj, const char* name) {
  return obj.get(name)->as_string();
}

std::vector<std::string> paths(const PlanResult& r) {
  std::vector<std::string> out;
  for (const ValuePath& p : r.requires_replace) out.push_back(path_to_string(p));
  return out;
}

// plan + apply of a create; returns the new state.
Value create(Provider& p, const Value& cfg) {
  PlanResult plan = p.plan_change({"local_file", Value(), cfg});
  REQUIRE_FALSE(plan.diags.has_errors());
  ApplyResult a = p.apply({"local_file", Value(), plan.planned, cfg});
  REQUIRE_FALSE(a.diags.has_errors());
  return a.state;
}

// Refresh, then plan against `cfg`: what `fedplan plan` does for one instance.
PlanResult refresh_and_plan(Provider& p, const Value& state, const Value& cfg, Value* live) {
  ReadResult read = p.read("local_file", state);
  REQUIRE_FALSE(read.diags.has_errors());
  *live = read.state;
  return p.plan_change({"local_file", read.state, cfg});
}

std::string summaries(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items) out += x.summary + ": " + x.detail + "\n";
  return out;
}

}  // namespace

TEST_CASE("local_file create plans known hashes and defaults, and writes the file") {
  TempDir t;
  auto p = make_local_provider();
  Value cfg = text_file(t / "out/cm.yaml", "kind: ConfigMap\n");
  PlanResult plan = p->plan_change({"local_file", Value(), cfg});
  REQUIRE_FALSE(plan.diags.has_errors());
  CHECK(plan.requires_replace.empty());
  CHECK(s(plan.planned, "id") == sha1_hex("kind: ConfigMap\n"));
  CHECK(s(plan.planned, "content_sha256") == sha256_hex("kind: ConfigMap\n"));
  CHECK(s(plan.planned, "file_permission") == "0644");
  CHECK(s(plan.planned, "directory_permission") == "0755");
  CHECK_FALSE(exists(t / "out"));  // planning touches nothing

  ApplyResult a = p->apply({"local_file", Value(), plan.planned, cfg});
  REQUIRE_FALSE(a.diags.has_errors());
  CHECK(a.state == plan.planned);
  CHECK(read_text(t / "out/cm.yaml") == "kind: ConfigMap\n");
  CHECK(mode_of(t / "out/cm.yaml") == 0644);
  CHECK(mode_of(t / "out") == 0755);
}

TEST_CASE("local_file create with unknown content plans unknown hashes") {
  TempDir t;
  auto p = make_local_provider();
  Value cfg = FileConfig{str(t / "f"), Value::unknown(ValueKind::String)}.value();
  PlanResult plan = p->plan_change({"local_file", Value(), cfg});
  REQUIRE_FALSE(plan.diags.has_errors());
  CHECK_FALSE(plan.planned.get("id")->known());
  CHECK_FALSE(plan.planned.get("content_sha256")->known());
  CHECK_FALSE(plan.planned.get("content")->known());
}

TEST_CASE("local_file unchanged on disk and in config plans a no-op") {
  TempDir t;
  auto p = make_local_provider();
  Value cfg = text_file(t / "f.txt", "hello\n");
  Value state = create(*p, cfg);
  Value live;
  PlanResult plan = refresh_and_plan(*p, from_json(to_json(state)), cfg, &live);
  REQUIRE_FALSE(plan.diags.has_errors());
  CHECK(live.equal_content(state));
  CHECK(plan.requires_replace.empty());
  CHECK(plan.planned.equal_content(state));
}

TEST_CASE("local_file content change in config plans a replacement") {
  TempDir t;
  auto p = make_local_provider();
  Value state = create(*p, text_file(t / "f.txt", "one"));
  Value cfg = text_file(t / "f.txt", "two");
  Value live;
  PlanResult plan = refresh_and_plan(*p, state, cfg, &live);
  CHECK(paths(plan) == std::vector<std::string>{".content"});
  CHECK(s(plan.planned, "id") == sha1_hex("two"));

  // Replace = delete, then create.
  ApplyResult del = p->apply({"local_file", live, Value(), Value()});
  REQUIRE_FALSE(del.diags.has_errors());
  CHECK(del.state.is_null());
  CHECK_FALSE(exists(t / "f.txt"));
  ApplyResult add = p->apply({"local_file", Value(), plan.planned, cfg});
  REQUIRE_FALSE(add.diags.has_errors());
  CHECK(read_text(t / "f.txt") == "two");
}

TEST_CASE("local_file filename change plans a replacement and is refused in place") {
  TempDir t;
  auto p = make_local_provider();
  Value state = create(*p, text_file(t / "a.txt", "x"));
  Value cfg = text_file(t / "b.txt", "x");
  PlanResult plan = p->plan_change({"local_file", state, cfg});
  CHECK(paths(plan) == std::vector<std::string>{".filename"});
  ApplyResult in_place = p->apply({"local_file", state, plan.planned, cfg});
  CHECK(in_place.diags.has_errors());
  CHECK(in_place.state == state);
  CHECK_FALSE(exists(t / "b.txt"));
}

TEST_CASE("local_file permission change plans a replacement") {
  TempDir t;
  auto p = make_local_provider();
  Value state = create(*p, text_file(t / "f", "x"));
  FileConfig c{str(t / "f"), str("x"), Value(), str("0600"), str("0700")};
  PlanResult plan = p->plan_change({"local_file", state, c.value()});
  CHECK(paths(plan) == std::vector<std::string>{".file_permission", ".directory_permission"});
}

TEST_CASE("local_file delete removes the file and keeps its directories") {
  TempDir t;
  auto p = make_local_provider();
  Value state = create(*p, text_file(t / "d/e/f", "x"));
  PlanResult plan = p->plan_change({"local_file", state, Value()});
  REQUIRE_FALSE(plan.diags.has_errors());
  CHECK(plan.planned.is_null());
  ApplyResult a = p->apply({"local_file", state, Value(), Value()});
  REQUIRE_FALSE(a.diags.has_errors());
  CHECK(a.state.is_null());
  CHECK_FALSE(exists(t / "d/e/f"));
  CHECK(exists(t / "d/e"));
  // Deleting again (the file already gone) succeeds.
  CHECK_FALSE(p->apply({"local_file", state, Value(), Value()}).diags.has_errors());
}

TEST_CASE("local_file edited on disk reads back the disk content and plans a replacement") {
  TempDir t;
  auto p = make_local_provider();
  Value cfg = text_file(t / "f.yaml", "replicas: 1\n");
  Value state = create(*p, cfg);
  t.write("f.yaml", "replicas: 5\n");
  Value live;
  PlanResult plan = refresh_and_plan(*p, state, cfg, &live);
  CHECK(s(live, "content") == "replicas: 5\n");
  CHECK(s(live, "id") == sha1_hex("replicas: 5\n"));
  CHECK(paths(plan) == std::vector<std::string>{".content"});

  REQUIRE_FALSE(p->apply({"local_file", live, Value(), Value()}).diags.has_errors());
  ApplyResult a = p->apply({"local_file", Value(), plan.planned, cfg});
  REQUIRE_FALSE(a.diags.has_errors());
  CHECK(read_text(t / "f.yaml") == "replicas: 1\n");
  PlanResult after = refresh_and_plan(*p, a.state, cfg, &live);
  CHECK(after.requires_replace.empty());
}

TEST_CASE("local_file with sensitive content drifts as a sensitive value") {
  TempDir t;
  auto p = make_local_provider();
  Value cfg = FileConfig{str(t / "token"), Value(), str("s3cret")}.value();
  Value state = create(*p, cfg);
  CHECK(state.get("sensitive_content")->sensitive());
  CHECK(state.get("content")->is_null());
  CHECK(read_text(t / "token") == "s3cret");
  t.write("token", "tampered");
  Value live;
  PlanResult plan = refresh_and_plan(*p, from_json(to_json(state)), cfg, &live);
  CHECK(live.get("sensitive_content")->sensitive());
  CHECK(live.get("sensitive_content")->as_string() == "tampered");
  CHECK(paths(plan) == std::vector<std::string>{".sensitive_content"});
  CHECK(plan.planned.get("sensitive_content")->sensitive());
}

TEST_CASE("local_file missing on disk reads as gone and plans a create") {
  TempDir t;
  auto p = make_local_provider();
  Value cfg = text_file(t / "f", "x");
  Value state = create(*p, cfg);
  REQUIRE(::unlink((t / "f").c_str()) == 0);
  ReadResult r = p->read("local_file", state);
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(r.state.is_null());
  PlanResult plan = p->plan_change({"local_file", r.state, cfg});
  CHECK(plan.requires_replace.empty());
  CHECK(s(plan.planned, "content") == "x");
}

TEST_CASE("local_file mode changed on disk plans a replacement") {
  TempDir t;
  auto p = make_local_provider();
  Value cfg = text_file(t / "f", "x");
  Value state = create(*p, cfg);
  REQUIRE(::chmod((t / "f").c_str(), 0666) == 0);
  Value live;
  PlanResult plan = refresh_and_plan(*p, state, cfg, &live);
  CHECK(s(live, "file_permission") == "0666");
  CHECK(paths(plan) == std::vector<std::string>{".file_permission"});
}

TEST_CASE("local_file permissions are exact, also for new parent directories") {
  TempDir t;
  ScopedUmask umask(077);
  auto p = make_local_provider();
  REQUIRE(::mkdir((t / "existing").c_str(), 0751) == 0);
  REQUIRE(::chmod((t / "existing").c_str(), 0751) == 0);
  FileConfig c{str(t / "existing/new/f.sh"), str("#!/bin/sh\n"), Value(), str("755"), str("0750")};
  Value state = create(*p, c.value());
  CHECK(mode_of(t / "existing/new/f.sh") == 0755);
  CHECK(mode_of(t / "existing/new") == 0750);
  CHECK(mode_of(t / "existing") == 0751);
  // The three-digit spelling stays as written and reads back unchanged.
  ReadResult r = p->read("local_file", state);
  CHECK(s(r.state, "file_permission") == "755");
  CHECK(p->plan_change({"local_file", r.state, c.value()}).requires_replace.empty());
}

TEST_CASE("local_file relative filenames are relative to the working directory") {
  TempDir t;
  char old[4096];
  REQUIRE(::getcwd(old, sizeof old));
  REQUIRE(::chdir(t.path().c_str()) == 0);
  auto p = make_local_provider();
  Value state = create(*p, text_file("rel/f.txt", "x"));
  REQUIRE(::chdir(old) == 0);
  CHECK(read_text(t / "rel/f.txt") == "x");
  CHECK(s(state, "filename") == "rel/f.txt");
}

TEST_CASE("local_file apply reports a write failure and records nothing") {
  TempDir t;
  auto p = make_local_provider();
  t.write("blocker", "a file, not a directory");
  Value cfg = text_file(t / "blocker/f", "x");
  PlanResult plan = p->plan_change({"local_file", Value(), cfg});
  ApplyResult a = p->apply({"local_file", Value(), plan.planned, cfg});
  REQUIRE(a.diags.has_errors());
  CHECK(a.diags.items[0].summary.find("Cannot write local_file") == 0);
  CHECK(a.state.is_null());
}

TEST_CASE("local_file read reports an unreadable path instead of calling it gone") {
  TempDir t;
  auto p = make_local_provider();
  Value state = create(*p, text_file(t / "f", "x"));
  REQUIRE(::unlink((t / "f").c_str()) == 0);
  REQUIRE(::mkdir((t / "f").c_str(), 0755) == 0);
  ReadResult r = p->read("local_file", state);
  CHECK(r.diags.has_errors());
  CHECK(r.state == state);
}

TEST_CASE("local_file import adopts an existing file") {
  TempDir t;
  auto p = make_local_provider();
  t.write("f", "adopted\n");
  REQUIRE(::chmod((t / "f").c_str(), 0640) == 0);
  ReadResult r = p->import("local_file", t / "f");
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(s(r.state, "content") == "adopted\n");
  CHECK(s(r.state, "file_permission") == "0640");
  CHECK(s(r.state, "id") == sha1_hex("adopted\n"));
  FileConfig c{str(t / "f"), str("adopted\n"), Value(), str("0640")};
  CHECK(p->plan_change({"local_file", r.state, c.value()}).requires_replace.empty());
  CHECK(p->import("local_file", t / "missing").diags.has_errors());
}

TEST_CASE("local_file rejects bad values naming the attribute") {
  TempDir t;
  auto p = make_local_provider();
  auto check_error = [&](const Value& cfg, const std::string& needle) {
    Diagnostics d = p->validate("local_file", cfg);
    INFO(summaries(d));
    REQUIRE(d.has_errors());
    CHECK(summaries(d).find(needle) != std::string::npos);
    CHECK(p->plan_change({"local_file", Value(), cfg}).diags.has_errors());
  };
  std::string f = t / "f";
  check_error(FileConfig{str(f), str("x"), Value(), str("0888")}.value(),
              "Invalid value for \"file_permission\"");
  check_error(FileConfig{str(f), str("x"), Value(), Value(), str("12345")}.value(),
              "Invalid value for \"directory_permission\"");
  check_error(FileConfig{str(f), str("x"), Value(), str("4755")}.value(), "at most 0777");
  check_error(FileConfig{str(f), str("x"), str("y")}.value(), "Conflicting arguments");
  check_error(FileConfig{str(f)}.value(), "One of \"content\" or \"sensitive_content\"");
  check_error(text_file("", "x"), "Invalid value for \"filename\"");
  check_error(text_file(t / "dir/", "x"), "names a directory");
  check_error(FileConfig{Value(), str("x")}.value(), "\"filename\" is required");
  check_error(FileConfig{str(f), Value::list({str("a")})}.value(), "Invalid value for \"content\"");
  check_error(Value::object({{"filename", str(f)}, {"content", str("x")}, {"id", str("abc")}}),
              "\"id\" is set by the provider");
  check_error(Value::object({{"filename", str(f)}, {"contents", str("x")}}),
              "\"contents\" is not expected");
  // Unknown values are not errors; numbers convert to strings as the language does.
  CHECK_FALSE(
      p->validate("local_file",
                  FileConfig{Value::unknown(), Value::unknown(), Value(), Value::unknown()}.value())
          .has_errors());
  CHECK_FALSE(
      p->validate("local_file", FileConfig{str(f), Value::number(42)}.value()).has_errors());
  CHECK(p->validate("local_files", text_file(f, "x")).has_errors());
  CHECK_FALSE(exists(f));
}

TEST_CASE("local_file applies from 8 threads write 100 files") {
  TempDir t;
  auto p = make_local_provider();
  auto name = [&](int i) {
    return t / ("shared/d" + std::to_string(i % 7) + "/f" + std::to_string(i));
  };
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  std::vector<Value> states(100);
  std::vector<std::thread> threads;
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back([&] {
      for (int i = next++; i < 100; i = next++) {
        Value cfg = text_file(name(i), "content of " + std::to_string(i) + "\n");
        PlanResult plan = p->plan_change({"local_file", Value(), cfg});
        ApplyResult a = p->apply({"local_file", Value(), plan.planned, cfg});
        if (plan.diags.has_errors() || a.diags.has_errors()) ++failures;
        states[static_cast<size_t>(i)] = a.state;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  CHECK(failures == 0);
  size_t files = 0;
  for (int d = 0; d < 7; ++d) files += entries(t / ("shared/d" + std::to_string(d)));
  CHECK(files == 100);  // no temp file left behind
  for (int i = 0; i < 100; ++i) {
    CHECK(read_text(name(i)) == "content of " + std::to_string(i) + "\n");
    ReadResult r = p->read("local_file", states[static_cast<size_t>(i)]);
    CHECK(r.state == states[static_cast<size_t>(i)]);
  }
}

}  // namespace fedplan
