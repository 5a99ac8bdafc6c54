// Tests of the local backend's journal: changes appended after a whole write, folded on read,
// a torn or damaged record never mis-read, folding under the lock, and other writers refused.
#include "state/local_journal.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "state/cipher.h"
#include "state/local_backend.h"
#include "state/state_json.h"

namespace fedplan {
namespace {

namespace fs = std::filesystem;
using fedplan::testing::read_text;

InstanceState journal_record(const std::string& address, const std::string& value) {
  InstanceState s{*parse_instance(address, nullptr), *parse_provider("null", nullptr)};
  s.attributes = {{"v", value}};
  return s;
}

void overwrite(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// The changes that turn `before` into `after`, as the applier's cache would give them.
EncodedChanges changes_between(const State& before, const State& after) {
  EncodedChanges c;
  c.head = state_head(after);
  c.head.serial = before.serial;
  for (const auto& [addr, op] : before.pending)
    if (!after.pending.count(addr)) c.pending.push_back({addr, "", nullptr});
  for (const auto& [addr, op] : after.pending)
    if (!before.pending.count(addr))
      c.pending.push_back({addr, "", std::make_shared<const std::string>(encode_instance(op))});
  for (const auto& [addr, inst] : after.instances) {
    auto old = before.instances.find(addr);
    if (old == before.instances.end() || encode_instance(old->second) != encode_instance(inst))
      c.entries.push_back({addr, "", std::make_shared<const std::string>(encode_instance(inst))});
  }
  for (const auto& [addr, inst] : before.instances)
    if (!after.instances.count(addr)) c.entries.push_back({addr, "", nullptr});
  for (const auto& [key, inst] : after.deposed)
    if (!before.deposed.count(key))
      c.entries.push_back({key.first, key.second,
                           std::make_shared<const std::string>(encode_instance(inst, key.second))});
  for (const auto& [key, inst] : before.deposed)
    if (!after.deposed.count(key)) c.entries.push_back({key.first, key.second, nullptr});
  return c;
}

// A state file written whole, then two writes of changes to it, as an apply makes them.
struct JournalFixture {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  LocalBackend writer{path};
  State s0, s1, s2;  // as written whole, after the first changes, after the second
  std::string file;  // the state file's bytes after the whole write

  JournalFixture() {
    Diagnostics diags;
    s0 = *writer.read(diags);
    for (int i = 0; i < 3; ++i)
      s0.set(journal_record("null_resource.n[" + std::to_string(i) + "]", "v" + std::to_string(i)));
    s0.outputs["o"] = OutputState{"out", false, nullptr};
    REQUIRE(writer.write(s0, diags));
    file = read_text(path);

    s1 = s0;
    s1.set(journal_record("null_resource.n[1]", "changed"));
    s1.remove(*parse_instance("null_resource.n[2]", nullptr));
    s1.depose(*parse_instance("null_resource.n[0]", nullptr));
    s1.set(journal_record("null_resource.n[0]", "replacement"));
    s1.pending[*parse_instance("null_resource.m", nullptr)] = journal_record("null_resource.m", "");
    write(s0, s1);

    s2 = s1;
    s2.deposed.clear();
    s2.pending.clear();
    s2.set(journal_record("null_resource.m", "made"));
    s2.outputs["o"].value = "new";
    write(s1, s2);
  }

  // Writes the changes from `before` to `after` and gives `after` the serial stored.
  void write(const State& before, State& after) {
    EncodedChanges c = changes_between(before, after);
    Diagnostics diags;
    REQUIRE_MESSAGE(writer.write_changes(c, WriteOptions{}, diags),
                    render_diagnostics(diags, nullptr));
    CHECK(c.head.serial == before.serial + 1);
    after.serial = c.head.serial;
  }
  std::string journal() const { return read_text(writer.journal_path()); }
};

TEST_CASE("changes written after a whole state go to the journal and a read folds them in") {
  JournalFixture f;
  CHECK(read_text(f.path) == f.file);  // the state file is left as it was
  REQUIRE(fs::exists(f.writer.journal_path()));
  CHECK(testing::mode_of(f.writer.journal_path()) == 0600);
  Diagnostics diags;
  auto back = LocalBackend(f.path).read(diags);
  REQUIRE(back);
  CHECK(diags.empty());
  CHECK(back->serial == 3);
  CHECK(encode_state(*back) == encode_state(f.s2));
  // Without the lock a read changes no file.
  CHECK(read_text(f.path) == f.file);
  CHECK(fs::exists(f.writer.journal_path()));
}

TEST_CASE("a journal record holds the outputs only when they changed") {
  JournalFixture f;
  std::string j = f.journal();
  size_t second = j.find("\nR ", j.find("\nR ") + 1);
  REQUIRE(second != std::string::npos);
  CHECK(j.substr(0, second).find("\"same_outputs\":true") != std::string::npos);
  CHECK(j.substr(second).find("\"same_outputs\"") == std::string::npos);
}

TEST_CASE("a torn last journal record is ignored at every length it can be cut to") {
  JournalFixture f;
  std::string whole = f.journal();
  size_t last = whole.rfind("\nR ") + 1;  // where the second record starts
  for (size_t cut = last; cut < whole.size(); ++cut) {
    overwrite(f.writer.journal_path(), whole.substr(0, cut));
    Diagnostics diags;
    auto back = LocalBackend(f.path).read(diags);
    REQUIRE_MESSAGE(back, "cut at " << cut << ": " << render_diagnostics(diags, nullptr));
    CHECK_MESSAGE(diags.empty(), "cut at " << cut);
    CHECK_MESSAGE(encode_state(*back) == encode_state(f.s1), "cut at " << cut);
  }
}

TEST_CASE("a damaged last journal record is ignored with a warning") {
  JournalFixture f;
  std::string j = f.journal();
  j[j.size() - 10] ^= 1;  // inside the last record's body
  overwrite(f.writer.journal_path(), j);
  Diagnostics diags;
  auto back = LocalBackend(f.path).read(diags);
  REQUIRE(back);
  CHECK(encode_state(*back) == encode_state(f.s1));
  REQUIRE(diags.items.size() == 1);
  CHECK(diags.items[0].severity == Severity::Warning);
  CHECK(diags.items[0].summary.find("last record of the state journal") != std::string::npos);
}

TEST_CASE("a damaged journal record with records after it is refused naming its line") {
  JournalFixture f;
  std::string j = f.journal();
  size_t body = j.find('\n', j.find("\nR ") + 1) + 1;  // the first record's body, on line 3
  j[body + 5] ^= 1;
  overwrite(f.writer.journal_path(), j);
  Diagnostics diags;
  CHECK_FALSE(LocalBackend(f.path).read(diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary ==
        "Cannot read the state journal " + f.writer.journal_path() + " (line 2)");
  CHECK(diags.items[0].detail.find("checksum") != std::string::npos);
  // A whole write refuses as well: what the journal held is not known.
  State s = f.s0;
  Diagnostics refused;
  CHECK_FALSE(LocalBackend(f.path).write(s, WriteOptions{true}, refused));
  CHECK(read_text(f.path) == f.file);
}

TEST_CASE("a journal record that is not valid is refused naming the record and the field") {
  JournalFixture f;
  std::string body = "{\"serial\":4,\"lineage\":\"" + f.s0.lineage +
                     "\",\"removed\":[{\"address\":\"not an address\"}]}\n" + encode_state(f.s0);
  overwrite(f.writer.journal_path(), f.journal() + frame_journal_record(body));
  Diagnostics diags;
  CHECK_FALSE(LocalBackend(f.path).read(diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary.find(f.writer.journal_path() + ", record 3") != std::string::npos);
  CHECK(diags.items[0].detail.find("removed[0]: bad \"address\"") != std::string::npos);
}

TEST_CASE("a read under the lock folds a killed run's journal into the state file") {
  JournalFixture f;
  LocalBackend next(f.path);
  Diagnostics diags;
  SystemClock clock;
  REQUIRE(next.lock(new_lock_info("apply", clock), {}, diags).acquired);
  auto s = next.read(diags);
  REQUIRE(s);
  CHECK(s->serial == 3);  // the same state, at the same serial
  CHECK_FALSE(fs::exists(f.writer.journal_path()));
  CHECK(read_text(f.path) == encode_state(f.s2));
  CHECK(read_text(f.path + ".backup") == f.file);
  // The next write goes on from there.
  REQUIRE(next.write(*s, diags));
  CHECK(s->serial == 4);
}

TEST_CASE("a whole write takes in the journal and removes it") {
  JournalFixture f;
  Diagnostics diags;
  REQUIRE(f.writer.write(f.s2, diags));
  CHECK(f.s2.serial == 4);
  CHECK_FALSE(fs::exists(f.writer.journal_path()));
  CHECK(read_text(f.path) == encode_state(f.s2));
}

TEST_CASE("a journal left from before the state file was replaced is ignored and removed") {
  JournalFixture f;
  std::string old_journal = f.journal();
  Diagnostics diags;
  REQUIRE(f.writer.write(f.s2, diags));
  // As if the removal after that write had not happened (a crash just then).
  overwrite(f.writer.journal_path(), old_journal);
  auto s = LocalBackend(f.path).read(diags);
  REQUIRE(s);
  CHECK(encode_state(*s) == encode_state(f.s2));
  LocalBackend locked(f.path);
  SystemClock clock;
  REQUIRE(locked.lock(new_lock_info("apply", clock), {}, diags).acquired);
  REQUIRE(locked.read(diags));
  CHECK_FALSE(fs::exists(f.writer.journal_path()));
  CHECK(read_text(f.path) == encode_state(f.s2));
  CHECK(diags.empty());
}

TEST_CASE("changes are refused when another writer replaced the state since") {
  JournalFixture f;
  LocalBackend other(f.path);
  Diagnostics diags;
  State theirs = *other.read(diags);
  REQUIRE(other.write(theirs, diags));
  State mine = f.s2;
  mine.set(journal_record("null_resource.late", "x"));
  EncodedChanges c = changes_between(f.s2, mine);
  Diagnostics refused;
  CHECK_FALSE(f.writer.write_changes(c, WriteOptions{}, refused));
  REQUIRE(refused.has_errors());
  CHECK(refused.items[0].summary.find("changed since it was read") != std::string::npos);
  CHECK_FALSE(fs::exists(f.writer.journal_path()));
  CHECK_FALSE(
      LocalBackend(f.path).read(diags)->find(*parse_instance("null_resource.late", nullptr)));
}

TEST_CASE("changes without a whole write before them are refused") {
  testing::TempDir dir;
  LocalBackend backend(dir / "fedplan.state.json");
  Diagnostics diags;
  State s = *backend.read(diags);
  EncodedChanges c;
  c.head = state_head(s);
  Diagnostics refused;
  CHECK_FALSE(backend.write_changes(c, WriteOptions{}, refused));
  CHECK(refused.has_errors());
  CHECK_FALSE(fs::exists(backend.journal_path()));
}

TEST_CASE("with a key the journal's records are sealed and read back only with it") {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  StateCipher cipher(std::string(32, 'k'), "", false);
  LocalBackend writer(path);
  writer.set_cipher(&cipher);
  Diagnostics diags;
  State before = *writer.read(diags);
  REQUIRE(writer.write(before, diags));
  State after = before;
  after.set(journal_record("null_resource.secret", "hunter2"));
  EncodedChanges c = changes_between(before, after);
  REQUIRE(writer.write_changes(c, WriteOptions{}, diags));
  CHECK(read_text(writer.journal_path()).find("hunter2") == std::string::npos);
  LocalBackend reader(path);
  reader.set_cipher(&cipher);
  auto back = reader.read(diags);
  REQUIRE_MESSAGE(back, render_diagnostics(diags, nullptr));
  CHECK(back->find(*parse_instance("null_resource.secret", nullptr))->attributes["v"] == "hunter2");
  Diagnostics no_key;
  CHECK_FALSE(LocalBackend(path).read(no_key));
}

}  // namespace
}  // namespace fedplan
