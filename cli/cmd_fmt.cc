// `fedplan fmt`: rewrites *.fed.hcl files in the canonical style, or with -check / -diff only
// reports what would change. A file is replaced atomically and never from text that fails to parse.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <ostream>
#include <sstream>

#include "base/files.h"
#include "base/text_diff.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "lang/format.h"

namespace fedplan {

namespace {

namespace fs = std::filesystem;

constexpr int kExitChanged = 3;  // -check found a file that is not formatted (as Terraform)

bool is_fed_file(const fs::path& p) {
  std::string name = p.filename().string();
  return name.size() > 8 && name.ends_with(".fed.hcl");
}

// The name shown to the user: "main.fed.hcl" rather than "./main.fed.hcl".
std::string display(const fs::path& p) {
  std::string s = p.lexically_normal().string();
  return s.starts_with("./") ? s.substr(2) : s;
}

// The files a target names: the file itself, or the *.fed.hcl files of a directory (and of
// its subdirectories with `recursive`, skipping hidden ones such as .git), sorted.
bool collect(const std::string& target, bool recursive, std::vector<fs::path>* files,
             std::string* err) {
  std::error_code ec;
  fs::file_status st = fs::status(target, ec);
  if (ec || !fs::exists(st)) {
    *err = "no such file or directory: " + target;
    return false;
  }
  if (!fs::is_directory(st)) {
    files->push_back(target);
    return true;
  }
  std::vector<fs::path> found;
  auto consider = [&](const fs::directory_entry& e) {
    std::error_code fec;
    if (e.is_regular_file(fec) && is_fed_file(e.path())) found.push_back(e.path());
  };
  if (recursive) {
    fs::recursive_directory_iterator it(target, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::error_code dec;
      if (it->is_directory(dec) && it->path().filename().string().starts_with(".")) {
        it.disable_recursion_pending();
        continue;
      }
      consider(*it);
    }
  } else {
    for (fs::directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec))
      consider(*it);
  }
  if (ec) {
    *err = "cannot read directory " + target + ": " + ec.message();
    return false;
  }
  std::sort(found.begin(), found.end());
  files->insert(files->end(), found.begin(), found.end());
  return true;
}

// Replaces `path` with `data` atomically (base/files.h), keeping the old file's mode, and its
// owner when we may set it. A crash or a failure at any step leaves the old file whole. A
// symlink is written through.
bool replace_file(const fs::path& path, const std::string& data, std::string* err) {
  auto fail = [&](const std::string& what) {
    *err = "cannot write " + display(path) + ": " + what + ": " + std::strerror(errno);
    return false;
  };
  std::error_code ec;
  fs::path target = fs::is_symlink(path, ec) ? fs::canonical(path, ec) : path;
  if (ec) return fail("resolving the link");
  struct stat st;
  if (::stat(target.c_str(), &st) != 0) return fail("stat");
  if (::access(target.c_str(), W_OK) != 0) return fail("the file is not writable");
  WriteFileOptions how;
  how.mode = st.st_mode & 07777;
  how.owner = std::make_pair(st.st_uid, st.st_gid);
  return write_file_atomic(display(target), data, how, err);
}

// One run of the command: flags, the sources read (for diagnostics) and the outcome.
struct FmtRun {
  explicit FmtRun(CliContext& c) : ctx(c) {}

  CliContext& ctx;
  bool check = false;
  bool diff = false;
  bool color = false;
  SourceFiles sources;
  bool failed = false;
  bool changed = false;

  // Formats one text. Returns nullopt (after printing the diagnostics) when it does not parse.
  std::optional<std::string> format(const std::string& name, const std::string& text) {
    Diagnostics diags;
    std::optional<std::string> out = format_source(text, name, diags);
    if (!diags.empty()) {
      sources.add(name, std::make_shared<const std::string>(text));
      ctx.err << render_diagnostics(diags, &sources, color);
    }
    if (!out) {
      ctx.err << "Error: fedplan fmt: " << name << " was not changed: it has syntax errors.\n";
      failed = true;
    }
    return out;
  }

  void error(const std::string& message) {
    ctx.err << "Error: fedplan fmt: " << message << "\n";
    failed = true;
  }

  void file(const fs::path& path) {
    std::string name = display(path), text, err;
    if (!read_file(name, &text, &err)) return error(err);
    std::optional<std::string> out = format(name, text);
    if (!out || *out == text) return;
    changed = true;
    ctx.out << name << "\n";
    if (diff) ctx.out << unified_diff(text, *out, "old/" + name, "new/" + name);
    if (!check && !replace_file(path, *out, &err)) error(err);
  }

  void stdin_text() {
    std::ostringstream buf;
    buf << ctx.in.rdbuf();
    std::string text = buf.str();
    std::optional<std::string> out = format("<stdin>", text);
    if (!out) return;
    if (*out != text) changed = true;
    if (diff)
      ctx.out << unified_diff(text, *out, "old/<stdin>", "new/<stdin>");
    else if (!check)
      ctx.out << *out << (out->ends_with('\n') ? "" : "\n");  // as `terraform fmt -` prints it
  }
};

}  // namespace

int cmd_fmt(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  flags.add_options()                                                                         //
      ("check", po::bool_switch(),                                                            //
       "Change nothing; list the files that are not formatted and exit 3 if there are any.")  //
      ("diff", po::bool_switch(), "Show the changes as a unified diff.")                      //
      ("recursive", po::bool_switch(), "Also process the subdirectories.")                    //
      ("no-color", po::bool_switch(), "Plain diagnostics, without colour.")                   //
      ("target", po::value<std::vector<std::string>>(), "DIR, FILE or - (stdin).");
  po::positional_options_description positional;
  positional.add("target", -1);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("fmt", "[-check] [-diff] [-recursive] [DIR | FILE | -]...", flags, positional,
                   args, &vm, ctx, &code))
    return code;

  FmtRun run(ctx);
  run.check = vm["check"].as<bool>();
  run.diff = vm["diff"].as<bool>();
  run.color = ctx.color(vm["no-color"].as<bool>());
  bool recursive = vm["recursive"].as<bool>();
  std::vector<std::string> targets = {"."};
  if (vm.count("target")) targets = vm["target"].as<std::vector<std::string>>();

  for (const std::string& target : targets) {
    if (target == "-") {
      run.stdin_text();
      continue;
    }
    std::vector<fs::path> files;
    std::string err;
    if (!collect(target, recursive, &files, &err)) {
      run.error(err);
      continue;
    }
    for (const fs::path& f : files) run.file(f);
  }
  if (run.failed) return 1;
  return run.check && run.changed ? kExitChanged : 0;
}

}  // namespace fedplan
