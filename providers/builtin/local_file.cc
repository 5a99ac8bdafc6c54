// local_file: a file whose content fedplan owns. Plans replace on any argument change and on
// drift found by read (content or mode changed on disk); writes are atomic (file_io.h).
#include "providers/builtin/local_file.h"

#include "base/base64.h"
#include "base/digest.h"
#include "base/files.h"
#include "base/utf8.h"
#include "providers/builtin/file_io.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/checks.h"
#include "providers/sdk/replace.h"

namespace fedplan::builtin {
namespace {

using sdk::attr;
using sdk::Attrs;
using sdk::check_config;
using sdk::invalid_value;

const char kType[] = "local_file";
const char kDefaultFileMode[] = "0644";
const char kDefaultDirMode[] = "0755";

// The object `state` with sensitive_content marked sensitive (states read back from JSON
// carry marks only when the caller restored them).
Value mark_secret(const Value& state) {
  if (!state.known() || !state.is_mapping()) return state;
  const Value* secret = state.get("sensitive_content");
  if (!secret || secret->is_null() || secret->sensitive()) return state;
  ValueMap m = state.attributes();
  m["sensitive_content"] = secret->mark_sensitive();
  return Value::object(std::move(m));
}

// The object a config plans to: defaults filled in, hashes known when the content is.
Value desired_state(const Value& config) {
  Attrs a(config);
  Value content = a.get("content");
  Value secret = a.get("sensitive_content");
  Value id = Value::unknown(ValueKind::String);
  Value sha256 = Value::unknown(ValueKind::String);
  if (std::optional<std::string> s =
          a.has("content") ? a.str("content") : a.str("sensitive_content")) {
    id = Value::string(sha1_hex(*s));
    sha256 = Value::string(sha256_hex(*s));
  }
  Value file_mode = a.get("file_permission");
  Value dir_mode = a.get("directory_permission");
  return mark_secret(Value::object({
      {"filename", a.get("filename")},
      {"content", content},
      {"sensitive_content", secret},
      {"file_permission", file_mode.is_null() ? Value::string(kDefaultFileMode) : file_mode},
      {"directory_permission", dir_mode.is_null() ? Value::string(kDefaultDirMode) : dir_mode},
      {"id", id},
      {"content_sha256", sha256},
  }));
}

void check_mode(const Value& config, const char* name, Diagnostics& d) {
  std::optional<std::string> text = Attrs(config).str(name);
  std::string why;
  if (text && !parse_mode(*text, &why)) invalid_value(d, name, *text, why);
}

void check_filename(const std::optional<std::string>& f, const char* name, Diagnostics& d) {
  if (!f) return;
  if (f->empty())
    invalid_value(d, name, "The file name must not be empty.");
  else if (f->back() == '/')
    invalid_value(d, name, *f, "names a directory; a file name is required");
  else if (f->find('\0') != std::string::npos)
    invalid_value(d, name, "The file name must not contain a NUL character.");
}

// check_config plus the rules the schema cannot say. Returns the converted config.
Value checked(const ResourceSchema& schema, const Value& config, Diagnostics& d) {
  Value c = check_config(schema, config, d);
  if (!c.known() || !c.is_mapping()) return c;
  Attrs a(c);
  check_filename(a.str("filename"), "filename", d);
  bool has_content = a.has("content");
  bool has_secret = a.has("sensitive_content");
  if (has_content && has_secret)
    d.error("Conflicting arguments",
            "Only one of \"content\" and \"sensitive_content\" may be set in local_file.");
  if (!has_content && !has_secret)
    d.error("Missing required argument",
            "One of \"content\" or \"sensitive_content\" is required in local_file.");
  check_mode(c, "file_permission", d);
  check_mode(c, "directory_permission", d);
  return c;
}

// The mode in a state's attribute, nullopt when absent or not a valid mode.
std::optional<unsigned> recorded_mode(const Value& state, const char* name) {
  std::optional<std::string> text = Attrs(state).str(name);
  return text ? parse_mode(*text) : std::nullopt;
}

}  // namespace

ResourceSchema local_file_schema() {
  ResourceSchema s;
  s.type = kType;
  s.description = "A file on this machine with the given content; replaced when it drifts.";
  s.attributes = {
      {.name = "filename",
       .type = Type::string(),
       .required = true,
       .force_new = true,
       .description = "The path; relative paths are from fedplan's working directory."},
      {.name = "content",
       .type = Type::string(),
       .force_new = true,
       .description = "The file's content (this or sensitive_content)."},
      {.name = "sensitive_content",
       .type = Type::string(),
       .sensitive = true,
       .force_new = true,
       .description = "The file's content, redacted in every output (this or content)."},
      {.name = "file_permission",
       .type = Type::string(),
       .computed = true,
       .force_new = true,
       .description = "The file's mode in octal (default \"0644\"), applied exactly."},
      {.name = "directory_permission",
       .type = Type::string(),
       .computed = true,
       .force_new = true,
       .description = "The mode of parent directories fedplan creates (default \"0755\")."},
      {.name = "id",
       .type = Type::string(),
       .computed = true,
       .description = "The SHA-1 of the content, in hex.",
       .read_only = true},
      {.name = "content_sha256",
       .type = Type::string(),
       .computed = true,
       .description = "The SHA-256 of the content, in hex.",
       .read_only = true},
  };
  return s;
}

Diagnostics validate_local_file(const ResourceSchema& schema, const Value& config) {
  Diagnostics d;
  checked(schema, config, d);
  return d;
}

PlanResult plan_local_file(const ResourceSchema& schema, const PlanRequest& request) {
  PlanResult r;
  if (request.config.is_null()) return r;  // delete
  Value config = checked(schema, request.config, r.diags);
  if (r.diags.has_errors()) return r;
  Value desired = desired_state(config);
  if (request.prior.is_null()) {
    r.planned = desired;
    return r;
  }
  // Every argument is force_new: there is no update in place.
  r.requires_replace = sdk::replace_paths(schema, request.prior, desired);
  r.planned = r.requires_replace.empty() ? mark_secret(request.prior) : desired;
  return r;
}

ApplyResult apply_local_file(const ResourceSchema& schema, const ApplyRequest& request,
                             StaleTempSweeper* sweeper) {
  ApplyResult r;
  r.state = request.prior;
  if (request.planned.is_null()) {
    if (request.prior.is_null()) return r;
    std::optional<std::string> filename = Attrs(request.prior).str("filename");
    if (!filename) {
      r.diags.error("local_file: no filename in state", "The recorded state has no filename.");
      return r;
    }
    if (std::string err = remove_file(*filename); !err.empty()) {
      r.diags.error("Cannot delete local_file \"" + *filename + "\"", err + ".");
      return r;
    }
    if (sweeper) sweeper->sweep_once(directory_of(*filename));
    r.state = Value();
    return r;
  }
  Value config =
      checked(schema, request.config.is_null() ? request.planned : request.config, r.diags);
  if (!r.diags.has_errors() && !config.wholly_known())
    r.diags.error("local_file: configuration not known at apply",
                  "Every value must be known when applying; this is a bug in the caller.");
  if (r.diags.has_errors()) return r;
  Value desired = desired_state(config);
  std::string filename = attr(desired, "filename").as_string();
  if (!request.prior.is_null()) {
    std::optional<std::string> before = Attrs(request.prior).str("filename");
    if (before && *before != filename) {
      r.diags.error("local_file: filename changed in place",
                    "From \"" + *before + "\" to \"" + filename +
                        "\"; a new filename forces a replacement (delete, then create).");
      return r;
    }
  }
  const Value& text = attr(config, "content").is_null() ? attr(config, "sensitive_content")
                                                        : attr(config, "content");
  WriteFileOptions how;
  how.mode = *parse_mode(attr(desired, "file_permission").as_string());
  how.dir_mode = *parse_mode(attr(desired, "directory_permission").as_string());
  if (std::string err; !write_file_atomic(filename, text.as_string(), how, &err)) {
    r.diags.error("Cannot write local_file \"" + filename + "\"", err + ".");
    return r;
  }
  if (sweeper) sweeper->sweep_once(directory_of(filename));
  r.state = desired;
  return r;
}

ReadResult read_local_file(const Value& state) {
  ReadResult r;
  if (state.is_null()) return r;
  r.state = state;
  std::optional<std::string> filename = Attrs(state).str("filename");
  if (!filename) {
    r.diags.error("local_file: no filename in state", "The recorded state has no filename.");
    return r;
  }
  FileRead file = read_file_if_exists(*filename);
  if (!file.error.empty()) {
    r.diags.error("Cannot read local_file \"" + *filename + "\"", file.error + ".");
    return r;
  }
  if (!file.exists) {
    r.state = Value();  // gone: the next plan creates it again
    return r;
  }
  ValueMap m = state.attributes();
  const char* which = attr(state, "sensitive_content").is_null() ? "content" : "sensitive_content";
  std::optional<std::string> recorded = Attrs(state).str(which);
  if (!recorded || *recorded != file.content) m[which] = Value::string(valid_utf8(file.content));
  m["id"] = Value::string(sha1_hex(file.content));
  m["content_sha256"] = Value::string(sha256_hex(file.content));
  if (recorded_mode(state, "file_permission") != (file.stat.st_mode & 0777))
    m["file_permission"] = Value::string(format_mode(file.stat.st_mode & 0777));
  r.state = mark_secret(Value::object(std::move(m)));
  return r;
}

ReadResult import_local_file(const std::string& id) {
  ReadResult r;
  Diagnostics checks;
  check_filename(id, "id", checks);
  if (checks.has_errors()) {
    r.diags = std::move(checks);
    return r;
  }
  FileRead file = read_file_if_exists(id);
  if (!file.error.empty() || !file.exists) {
    r.diags.error("Cannot import local_file \"" + id + "\"",
                  file.error.empty() ? "No file at that path." : file.error + ".");
    return r;
  }
  r.state = Value::object({
      {"filename", Value::string(id)},
      {"content", Value::string(valid_utf8(file.content))},
      {"sensitive_content", Value()},
      {"file_permission", Value::string(format_mode(file.stat.st_mode & 0777))},
      {"directory_permission", Value::string(kDefaultDirMode)},
      {"id", Value::string(sha1_hex(file.content))},
      {"content_sha256", Value::string(sha256_hex(file.content))},
  });
  return r;
}

ResourceSchema local_file_data_schema() {
  ResourceSchema s;
  s.type = kType;
  s.description = "Reads a file on this machine.";
  auto out = [](const char* name, const char* description) {
    return AttributeSchema{.name = name,
                           .type = Type::string(),
                           .computed = true,
                           .description = description,
                           .read_only = true};
  };
  s.attributes = {
      {.name = "filename",
       .type = Type::string(),
       .required = true,
       .description = "The path; relative paths are from fedplan's working directory."},
      out("content", "The content as text (invalid UTF-8 bytes read as U+FFFD)."),
      out("content_base64", "The exact bytes, base64-encoded."),
      out("id", "The SHA-1 of the bytes, in hex."),
      out("content_sha256", "The SHA-256 of the bytes, in hex."),
  };
  return s;
}

Diagnostics validate_local_file_data(const ResourceSchema& schema, const Value& config) {
  Diagnostics d;
  Value c = check_config(schema, config, d);
  check_filename(Attrs(c).str("filename"), "filename", d);
  return d;
}

ReadResult read_local_file_data(const ResourceSchema& schema, const Value& config) {
  ReadResult r;
  Value c = check_config(schema, config, r.diags);
  std::optional<std::string> filename = Attrs(c).str("filename");
  check_filename(filename, "filename", r.diags);
  if (r.diags.has_errors()) return r;
  if (!filename) {
    r.diags.error("data.local_file: filename not known", "The filename must be known to read.");
    return r;
  }
  FileRead file = read_file_if_exists(*filename);
  if (!file.error.empty() || !file.exists) {
    r.diags.error("Cannot read local file \"" + *filename + "\"",
                  file.error.empty() ? "No file at that path." : file.error + ".");
    return r;
  }
  r.state = Value::object({
      {"filename", Value::string(*filename)},
      {"content", Value::string(valid_utf8(file.content))},
      {"content_base64", Value::string(base64_encode(file.content))},
      {"id", Value::string(sha1_hex(file.content))},
      {"content_sha256", Value::string(sha256_hex(file.content))},
  });
  return r;
}

}  // namespace fedplan::builtin
