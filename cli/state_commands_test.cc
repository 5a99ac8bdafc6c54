// Tests of the state subcommands against a real local backend in a temporary directory:
// output, exit codes, what is (and is not) written, locking and push refusals.
#include "cli/state_commands.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "state/local_backend.h"

namespace fedplan {
namespace {

using nlohmann::json;

InstanceState object(const std::string& address, json attrs, json sensitive = json::array()) {
  std::string err;
  InstanceState s;
  s.addr = *parse_instance(address, &err);
  s.provider = *parse_provider("kube.mesh1", &err);
  s.attributes = std::move(attrs);
  s.sensitive_paths = std::move(sensitive);
  return s;
}

// A temp directory with a local backend holding a small federation's state.
struct World {
  testing::TempDir dir;
  std::string path = dir / "fedplan.state.json";
  LocalBackend backend{path};
  std::ostringstream out, err;

  World() {
    Diagnostics diags;
    State s = *backend.read(diags);
    s.set(object("kube_object.ns", {{"name", "istio-system"}}));
    s.set(object("kube_object.peer[\"mesh1\"]", {{"name", "mesh1"}}));
    s.set(object("kube_object.peer[\"mesh2\"]", {{"name", "mesh2"}}));
    s.set(object("data.kube_object.ca", {{"pem", "-----BEGIN-----\nabc\n-----END-----\n"}}));
    s.set(object("module.fed.kube_object.gw[0]", {{"port", 15443}}));
    s.set(object("module.fed.kube_object.gw[1]", {{"port", 15444}}));
    s.set(object("module.fed.firewalld_zone.z",
                 {{"name", "public"},
                  {"token", "hunter2"},
                  {"spec", {{"keys", json::array({"visible", "secret-key"})}, {"open", true}}},
                  {"nothing", nullptr},
                  {"bad key", 1}},
                 json::array({json::array({"token"}), json::array({"spec", "keys", 1})})));
    REQUIRE(backend.write(s, diags));
  }
  State read() {
    Diagnostics diags;
    auto s = LocalBackend(path).read(diags);
    REQUIRE(s);
    return *s;
  }
  std::vector<std::string> lines() {
    std::vector<std::string> out_lines;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);) out_lines.push_back(line);
    out.str("");
    return out_lines;
  }
};

TEST_CASE("state list prints every address in order, or those under the given addresses") {
  World w;
  CHECK(state_list(w.backend, {}, w.out, w.err) == 0);
  CHECK(w.lines() == std::vector<std::string>{
                         "kube_object.ns",
                         "kube_object.peer[\"mesh1\"]",
                         "kube_object.peer[\"mesh2\"]",
                         "data.kube_object.ca",
                         "module.fed.firewalld_zone.z",
                         "module.fed.kube_object.gw[0]",
                         "module.fed.kube_object.gw[1]",
                     });
  CHECK(state_list(w.backend, {"module.fed", "kube_object.peer[\"mesh2\"]"}, w.out, w.err) == 0);
  CHECK(w.lines() == std::vector<std::string>{
                         "kube_object.peer[\"mesh2\"]",
                         "module.fed.firewalld_zone.z",
                         "module.fed.kube_object.gw[0]",
                         "module.fed.kube_object.gw[1]",
                     });
  CHECK(state_list(w.backend, {"kube_object.nothing"}, w.out, w.err) == 0);
  CHECK(w.lines().empty());
  CHECK(w.err.str().empty());
  CHECK(state_list(w.backend, {"kube_object."}, w.out, w.err) == 1);
  CHECK(w.err.str().find("Invalid address \"kube_object.\"") != std::string::npos);
}

TEST_CASE("state show renders attributes and redacts sensitive values") {
  World w;
  REQUIRE(state_show(w.backend, "module.fed.firewalld_zone.z", w.out, w.err) == 0);
  std::string shown = w.out.str();
  CHECK(shown ==
        "# module.fed.firewalld_zone.z:\n"
        "resource \"firewalld_zone\" \"z\" {\n"
        "    \"bad key\" = 1\n"
        "    name      = \"public\"\n"
        "    spec      = {\n"
        "        keys = [\n"
        "            \"visible\",\n"
        "            (sensitive value),\n"
        "        ]\n"
        "        open = true\n"
        "    }\n"
        "    token     = (sensitive value)\n"
        "}\n");
  CHECK(shown.find("hunter2") == std::string::npos);
  CHECK(shown.find("secret-key") == std::string::npos);

  w.out.str("");
  REQUIRE(state_show(w.backend, "data.kube_object.ca", w.out, w.err) == 0);
  CHECK(w.out.str() ==
        "# data.kube_object.ca:\n"
        "data \"kube_object\" \"ca\" {\n"
        "    pem = <<-EOT\n"
        "        -----BEGIN-----\n"
        "        abc\n"
        "        -----END-----\n"
        "    EOT\n"
        "}\n");
}

TEST_CASE("state show needs exactly one instance") {
  World w;
  CHECK(state_show(w.backend, "kube_object.peer", w.out, w.err) == 1);
  CHECK(w.err.str().find("kube_object.peer[\"mesh1\"]") != std::string::npos);
  CHECK(state_show(w.backend, "kube_object.missing", w.out, w.err) == 1);
  CHECK(w.err.str().find("No instance found") != std::string::npos);
  CHECK(state_show(w.backend, "module.fed", w.out, w.err) == 1);
  CHECK(w.err.str().find("names a module") != std::string::npos);
  CHECK(w.out.str().empty());
  CHECK(state_show(w.backend, "kube_object.ns", w.out, w.err) == 0);
  CHECK(w.out.str().find("name = \"istio-system\"") != std::string::npos);
}

TEST_CASE("state rm forgets instances, resources and modules and bumps the serial") {
  World w;
  uint64_t serial = w.read().serial;
  StateCommandOptions opts;
  REQUIRE(state_rm(w.backend, {"kube_object.peer", "module.fed.kube_object.gw[1]"}, opts, w.out,
                   w.err) == 0);
  CHECK(w.lines() == std::vector<std::string>{
                         "Removed kube_object.peer[\"mesh1\"]",
                         "Removed kube_object.peer[\"mesh2\"]",
                         "Removed module.fed.kube_object.gw[1]",
                         "Successfully removed 3 resource instance(s).",
                     });
  State s = w.read();
  CHECK(s.serial == serial + 1);
  CHECK(s.list().size() == 4);
  REQUIRE(state_rm(w.backend, {"module.fed"}, opts, w.out, w.err) == 0);
  CHECK(w.read().list().size() == 2);
}

TEST_CASE("state rm forgets deposed objects with their instance, state mv refuses them") {
  World w;
  {
    Diagnostics diags;
    State s = w.read();
    std::string err;
    std::string key = s.depose(*parse_instance("module.fed.kube_object.gw[1]", &err));
    REQUIRE_FALSE(key.empty());
    REQUIRE(w.backend.write(s, diags));
  }
  StateCommandOptions opts;
  CHECK(state_mv(w.backend, "module.fed", "module.other", opts, w.out, w.err) == 1);
  CHECK(w.err.str().find("has a deposed object") != std::string::npos);
  // Only a deposed object is left at gw[1]: rm still finds it.
  REQUIRE(state_rm(w.backend, {"module.fed.kube_object.gw[1]"}, opts, w.out, w.err) == 0);
  std::vector<std::string> lines = w.lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("Removed module.fed.kube_object.gw[1] (deposed object ", 0) == 0);
  CHECK(w.read().deposed.empty());
  CHECK(state_mv(w.backend, "module.fed", "module.other", opts, w.out, w.err) == 0);
}

TEST_CASE("state rm removes nothing when any address matches nothing, and dry-runs") {
  World w;
  State before = w.read();
  StateCommandOptions opts;
  CHECK(state_rm(w.backend, {"kube_object.ns", "kube_object.typo"}, opts, w.out, w.err) == 1);
  CHECK(w.err.str().find("No matching objects found") != std::string::npos);
  CHECK(w.err.str().find("kube_object.typo") != std::string::npos);
  CHECK(w.out.str().empty());
  CHECK(w.read().list() == before.list());
  CHECK(w.read().serial == before.serial);

  opts.dry_run = true;
  REQUIRE(state_rm(w.backend, {"module.fed"}, opts, w.out, w.err) == 0);
  CHECK(w.lines() == std::vector<std::string>{
                         "Would remove module.fed.firewalld_zone.z",
                         "Would remove module.fed.kube_object.gw[0]",
                         "Would remove module.fed.kube_object.gw[1]",
                     });
  CHECK(w.read().serial == before.serial);
  CHECK(w.read().list() == before.list());
}

// The World's state with a create a killed run left pending at kube_object.new (no record)
// and at module.fed.kube_object.gw[0] (beside its record).
void add_pending(World& w) {
  Diagnostics diags;
  State s = w.read();
  for (const char* a : {"kube_object.new", "module.fed.kube_object.gw[0]"}) {
    InstanceState intent = object(a, {{"name", "planned"}});
    s.pending[intent.addr] = intent;
  }
  REQUIRE(w.backend.write(s, diags));
}

TEST_CASE("state list and show include the creates a killed run left pending, marked so") {
  World w;
  add_pending(w);
  CHECK(state_list(w.backend, {"kube_object.new", "module.fed"}, w.out, w.err) == 0);
  CHECK(w.out.str() ==
        "kube_object.new (pending create)\nmodule.fed.firewalld_zone.z\n"
        "module.fed.kube_object.gw[0]\nmodule.fed.kube_object.gw[0] (pending create)\n"
        "module.fed.kube_object.gw[1]\n");
  w.out.str("");
  REQUIRE(state_show(w.backend, "kube_object.new", w.out, w.err) == 0);
  std::string shown = w.out.str();
  CHECK(shown.rfind("# kube_object.new: pending create: a run that was killed began creating it; "
                    "the next plan reads it and records what it finds.\nresource ",
                    0) == 0);
  CHECK(shown.find("name = \"planned\"") != std::string::npos);
}

TEST_CASE("state rm forgets pending creates it matches, state mv refuses to move them") {
  World w;
  add_pending(w);
  StateCommandOptions opts;
  CHECK(state_mv(w.backend, "module.fed", "module.other", opts, w.out, w.err) == 1);
  CHECK(w.err.str().find("module.fed.kube_object.gw[0] has a pending create") != std::string::npos);
  CHECK(w.read().pending.size() == 2);
  REQUIRE(state_rm(w.backend, {"kube_object.new"}, opts, w.out, w.err) == 0);
  CHECK(w.lines() == std::vector<std::string>{"Removed kube_object.new (pending create)",
                                              "Successfully removed 1 resource instance(s)."});
  CHECK(w.read().pending.size() == 1);
  REQUIRE(state_rm(w.backend, {"module.fed"}, opts, w.out, w.err) == 0);
  CHECK(w.read().pending.empty());
  CHECK(state_mv(w.backend, "kube_object.ns", "kube_object.ns2", opts, w.out, w.err) == 0);
}

TEST_CASE("state mv moves instances, resources and module prefixes") {
  World w;
  StateCommandOptions opts;
  REQUIRE(state_mv(w.backend, "kube_object.ns", "kube_object.ns[0]", opts, w.out, w.err) == 0);
  CHECK(w.lines() == std::vector<std::string>{"Move \"kube_object.ns\" to \"kube_object.ns[0]\"",
                                              "Successfully moved 1 object(s)."});
  REQUIRE(state_mv(w.backend, "module.fed", "module.federation[\"east\"]", opts, w.out, w.err) ==
          0);
  CHECK(w.lines().back() == "Successfully moved 3 object(s).");
  REQUIRE(state_mv(w.backend, "kube_object.peer", "module.federation[\"east\"].kube_object.peer",
                   opts, w.out, w.err) == 0);
  CHECK(w.lines() == std::vector<std::string>{
                         "Move \"kube_object.peer[\\\"mesh1\\\"]\" to "
                         "\"module.federation[\\\"east\\\"].kube_object.peer[\\\"mesh1\\\"]\"",
                         "Move \"kube_object.peer[\\\"mesh2\\\"]\" to "
                         "\"module.federation[\\\"east\\\"].kube_object.peer[\\\"mesh2\\\"]\"",
                         "Successfully moved 2 object(s).",
                     });
  State s = w.read();
  CHECK(s.select(*parse_target("module.federation[\"east\"]", nullptr)).size() == 5);
  CHECK(s.find(*parse_instance("kube_object.ns[0]", nullptr)));

  opts.dry_run = true;
  uint64_t serial = s.serial;
  REQUIRE(state_mv(w.backend, "kube_object.ns[0]", "kube_object.ns2[0]", opts, w.out, w.err) == 0);
  CHECK(w.lines() ==
        std::vector<std::string>{"Would move \"kube_object.ns[0]\" to \"kube_object.ns2[0]\""});
  CHECK(w.read().serial == serial);
  CHECK(w.read().find(*parse_instance("kube_object.ns[0]", nullptr)));
}

TEST_CASE("state mv reports an impossible move and changes nothing") {
  World w;
  State before = w.read();
  StateCommandOptions opts;
  CHECK(state_mv(w.backend, "kube_object.ns", "firewalld_zone.ns", opts, w.out, w.err) == 1);
  CHECK(w.err.str().find("Cannot move kube_object.ns to firewalld_zone.ns") != std::string::npos);
  CHECK(w.err.str().find("type changes") != std::string::npos);
  CHECK(state_mv(w.backend, "kube_object.gone", "kube_object.x", opts, w.out, w.err) == 1);
  CHECK(w.read().serial == before.serial);
  CHECK(w.out.str().empty());
}

TEST_CASE("write commands take the lock and name its holder when it is busy") {
  World w;
  LocalBackend other(w.path);
  SystemClock clock;
  Diagnostics diags;
  LockInfo held = new_lock_info("apply", clock);
  REQUIRE(other.lock(held, std::chrono::milliseconds(0), diags).acquired);
  StateCommandOptions opts;
  opts.lock_timeout = std::chrono::milliseconds(100);
  CHECK(state_rm(w.backend, {"kube_object.ns"}, opts, w.out, w.err) == 1);
  CHECK(w.err.str().find("state is locked by " + held.who) != std::string::npos);
  CHECK(w.err.str().find("lock ID " + held.id) != std::string::npos);
  CHECK(w.read().find(*parse_instance("kube_object.ns", nullptr)));
  // -lock=false goes ahead (the user's responsibility, as in Terraform).
  opts.lock = false;
  CHECK(state_rm(w.backend, {"kube_object.ns"}, opts, w.out, w.err) == 0);
  CHECK_FALSE(w.read().find(*parse_instance("kube_object.ns", nullptr)));
  CHECK(other.unlock(held.id, diags));
  // Commands release the lock they took.
  opts.lock = true;
  CHECK(state_rm(w.backend, {"data.kube_object.ca"}, opts, w.out, w.err) == 0);
  CHECK(other.lock(new_lock_info("apply", clock), std::chrono::milliseconds(0), diags).acquired);
}

TEST_CASE("state pull prints the stored state, and nothing before the first write") {
  testing::TempDir dir;
  LocalBackend empty(dir / "none.json");
  std::ostringstream out, err;
  CHECK(state_pull(empty, out, err) == 0);
  CHECK(out.str().empty());
  World w;
  CHECK(state_pull(w.backend, w.out, w.err) == 0);
  CHECK(w.out.str() == fedplan::testing::read_text(w.path));
}

TEST_CASE("state push replaces the state with a newer copy of the same lineage") {
  World w;
  State s = w.read();
  s.remove(*parse_instance("kube_object.ns", nullptr));
  std::string file = w.dir / "edited.json";
  std::ofstream(file) << encode_state(s);
  std::istringstream no_stdin;
  StateCommandOptions opts;
  REQUIRE(state_push(w.backend, file, no_stdin, opts, w.out, w.err) == 0);
  State after = w.read();
  CHECK(after.serial == s.serial + 1);
  CHECK_FALSE(after.find(*parse_instance("kube_object.ns", nullptr)));
  // From standard input, too.
  std::istringstream in(encode_state(after));
  REQUIRE(state_push(w.backend, "-", in, opts, w.out, w.err) == 0);
  CHECK(w.read().serial == after.serial + 1);
}

TEST_CASE("state push refuses another lineage or a lower serial unless forced") {
  World w;
  State current = w.read();
  std::istringstream no_stdin;
  StateCommandOptions opts;

  State stranger = State::fresh();
  stranger.serial = 50;
  std::string stranger_file = w.dir / "stranger.json";
  std::ofstream(stranger_file) << encode_state(stranger);
  CHECK(state_push(w.backend, stranger_file, no_stdin, opts, w.out, w.err) == 1);
  CHECK(w.err.str().find("Cannot push a state of another lineage") != std::string::npos);
  CHECK(w.read().lineage == current.lineage);

  State old = current;
  old.serial = current.serial - 1;
  std::string old_file = w.dir / "old.json";
  std::ofstream(old_file) << encode_state(old);
  w.err.str("");
  CHECK(state_push(w.backend, old_file, no_stdin, opts, w.out, w.err) == 1);
  CHECK(w.err.str().find("Cannot push an older state") != std::string::npos);
  CHECK(w.read().serial == current.serial);

  opts.force = true;
  REQUIRE(state_push(w.backend, old_file, no_stdin, opts, w.out, w.err) == 0);
  CHECK(w.read().serial == current.serial + 1);
  REQUIRE(state_push(w.backend, stranger_file, no_stdin, opts, w.out, w.err) == 0);
  CHECK(w.read().lineage == stranger.lineage);
  CHECK(w.read().instances.empty());
}

TEST_CASE("state push names a file that is not a state") {
  World w;
  std::string file = w.dir / "broken.json";
  std::ofstream(file) << "{\n  \"version\": 1,\n  oops\n}\n";
  std::istringstream no_stdin;
  StateCommandOptions opts;
  opts.force = true;
  CHECK(state_push(w.backend, file, no_stdin, opts, w.out, w.err) == 1);
  CHECK(w.err.str().find(file + " is not valid JSON (line 3") != std::string::npos);
  CHECK(state_push(w.backend, w.dir / "missing.json", no_stdin, opts, w.out, w.err) == 1);
  CHECK(w.err.str().find("Cannot read the state file") != std::string::npos);
  CHECK(w.read().list().size() == 7);
}

TEST_CASE("force-unlock command reports what it did") {
  World w;
  CHECK(force_unlock_command(w.backend, "some-id", false, w.out, w.err) == 1);
  CHECK(w.err.str().find("not locked") != std::string::npos);
  LocalBackend holder(w.path);
  SystemClock clock;
  Diagnostics diags;
  LockInfo held = new_lock_info("apply", clock);
  REQUIRE(holder.lock(held, std::chrono::milliseconds(0), diags).acquired);
  w.err.str("");
  CHECK(force_unlock_command(w.backend, held.id, false, w.out, w.err) == 1);
  CHECK(w.err.str().find("running process") != std::string::npos);
  CHECK(force_unlock_command(w.backend, held.id, true, w.out, w.err) == 0);
  CHECK(w.out.str().find("has been unlocked") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
