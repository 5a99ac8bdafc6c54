// Address printing and parsing. The grammar is Terraform's:
//   (module.NAME[key]?)* ((data.)?TYPE.NAME([key])?)?  with key = [INT] or ["STRING"].
#include "base/address.h"

#include <cctype>

#include "base/quote.h"

namespace fedplan {

std::string InstanceKey::to_string() const {
  switch (kind) {
    case Kind::None:
      return "";
    case Kind::Int:
      return "[" + std::to_string(index) + "]";
    case Kind::String:
      return "[" + quote_exact(key) + "]";
  }
  return "";
}

ModulePath ModulePath::child(std::string name, InstanceKey key) const {
  ModulePath p = *this;
  p.steps.push_back(ModuleStep{std::move(name), std::move(key)});
  return p;
}

std::string ModulePath::to_string() const {
  std::string out;
  for (const ModuleStep& s : steps) {
    if (!out.empty()) out += '.';
    out += "module." + s.name + s.key.to_string();
  }
  return out;
}

bool ModulePath::contains(const ModulePath& other) const {
  if (other.steps.size() < steps.size()) return false;
  for (size_t i = 0; i < steps.size(); ++i)
    if (!(steps[i] == other.steps[i])) return false;
  return true;
}

std::string ResourceAddr::local_string() const {
  return (mode == ResourceMode::Data ? "data." : "") + type + "." + name;
}

std::string ResourceAddr::to_string() const {
  std::string m = module.to_string();
  return m.empty() ? local_string() : m + "." + local_string();
}

std::string InstanceAddr::to_string() const {
  return resource.to_string() + key.to_string();
}

std::string ProviderAddr::to_string() const {
  std::string m = module.to_string();
  std::string local = (alias.empty() ? type : type + "." + alias) + key.to_string();
  return m.empty() ? local : m + "." + local;
}

std::string TargetAddr::to_string() const {
  if (!resource) return module.to_string();
  return resource->to_string() + (key ? key->to_string() : "");
}

namespace {

// Like ModulePath::contains, but a target step without a key (`module.a`) stands for every
// instance of that call, as `-target=module.a` does in Terraform.
bool target_module_contains(const ModulePath& target, const ModulePath& path) {
  if (path.steps.size() < target.steps.size()) return false;
  for (size_t i = 0; i < target.steps.size(); ++i) {
    const ModuleStep& t = target.steps[i];
    if (t.name != path.steps[i].name) return false;
    if (!t.key.empty() && !(t.key == path.steps[i].key)) return false;
  }
  return true;
}

}  // namespace

bool TargetAddr::contains(const InstanceAddr& addr) const {
  if (!resource) return target_module_contains(module, addr.resource.module);
  if (resource->mode != addr.resource.mode || resource->type != addr.resource.type ||
      resource->name != addr.resource.name ||
      resource->module.steps.size() != addr.resource.module.steps.size() ||
      !target_module_contains(resource->module, addr.resource.module))
    return false;
  return !key || *key == addr.key;
}

namespace {

// A cursor over the address text that reports the column of what it could not read.
struct Reader {
  std::string_view text;
  size_t pos = 0;
  std::string* err;

  bool done() const { return pos >= text.size(); }
  bool fail(const std::string& what) {
    if (err)
      *err = what + " at column " + std::to_string(pos + 1) + " of \"" + std::string(text) + "\"";
    return false;
  }
  bool peek(char c) const { return !done() && text[pos] == c; }
  bool ident(std::string* out) {
    size_t start = pos;
    if (done() || !(std::isalpha(static_cast<unsigned char>(text[pos])) || text[pos] == '_'))
      return fail("expected a name");
    while (!done() && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '_' ||
                       text[pos] == '-'))
      ++pos;
    *out = std::string(text.substr(start, pos - start));
    return true;
  }
  bool dot() {
    if (!peek('.')) return fail("expected \".\"");
    ++pos;
    return true;
  }
  // Reads the escape after a backslash, as quote_exact writes them (JSON's), into `out`. An
  // unknown escape stands for its character, as it always has.
  bool unescape(std::string* out) {
    char e = text[pos++];
    switch (e) {
      case 'n':
        *out += '\n';
        return true;
      case 't':
        *out += '\t';
        return true;
      case 'r':
        *out += '\r';
        return true;
      case 'b':
        *out += '\b';
        return true;
      case 'f':
        *out += '\f';
        return true;
      case 'u': {
        uint32_t cp = 0;
        for (int k = 0; k < 4; ++k, ++pos) {
          if (done() || !std::isxdigit(static_cast<unsigned char>(text[pos])))
            return fail("expected four hex digits after \\u");
          char h = static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos])));
          cp = cp * 16 + static_cast<uint32_t>(h <= '9' ? h - '0' : h - 'a' + 10);
        }
        append_utf8(*out, cp);
        return true;
      }
      default:
        *out += e;
        return true;
    }
  }
  // Reads `[3]` or `["key"]`; call only when peek('[').
  bool key(InstanceKey* out) {
    ++pos;
    if (peek('"')) {
      ++pos;
      std::string s;
      while (!done() && text[pos] != '"') {
        char c = text[pos++];
        if (c == '\\') {
          if (done()) break;
          if (!unescape(&s)) return false;
        } else {
          s += c;
        }
      }
      if (!peek('"')) return fail("unterminated string key");
      ++pos;
      *out = InstanceKey::of(std::move(s));
    } else {
      size_t start = pos;
      while (!done() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
      if (start == pos) return fail("expected a number or a quoted string as the key");
      if (pos - start > 15) return fail("index too large");
      *out = InstanceKey::of(
          static_cast<int64_t>(std::stoll(std::string(text.substr(start, pos - start)))));
    }
    if (!peek(']')) return fail("expected \"]\"");
    ++pos;
    return true;
  }
};

}  // namespace

std::optional<TargetAddr> parse_target(std::string_view text, std::string* err) {
  Reader r{text, 0, err};
  TargetAddr out;
  if (text.empty()) {
    r.fail("empty address");
    return std::nullopt;
  }
  while (true) {
    std::string word;
    if (!r.ident(&word)) return std::nullopt;
    if (word == "module") {
      ModuleStep step;
      if (!r.dot() || !r.ident(&step.name)) return std::nullopt;
      if (r.peek('[') && !r.key(&step.key)) return std::nullopt;
      out.module.steps.push_back(std::move(step));
      if (r.done()) return out;
      if (!r.dot()) return std::nullopt;
      continue;
    }
    ResourceAddr res;
    res.module = out.module;
    if (word == "data") {
      res.mode = ResourceMode::Data;
      if (!r.dot() || !r.ident(&word)) return std::nullopt;
    }
    res.type = word;
    if (!r.dot() || !r.ident(&res.name)) return std::nullopt;
    if (r.peek('[')) {
      InstanceKey k;
      if (!r.key(&k)) return std::nullopt;
      out.key = std::move(k);
    }
    if (!r.done()) {
      r.fail("unexpected text after the address");
      return std::nullopt;
    }
    out.resource = std::move(res);
    return out;
  }
}

std::optional<InstanceAddr> parse_instance(std::string_view text, std::string* err) {
  auto t = parse_target(text, err);
  if (!t) return std::nullopt;
  if (!t->resource) {
    if (err) *err = "\"" + std::string(text) + "\" names a module, not a resource instance";
    return std::nullopt;
  }
  return InstanceAddr{*t->resource, t->key.value_or(InstanceKey{})};
}

std::optional<ProviderAddr> parse_provider(std::string_view text, std::string* err) {
  Reader r{text, 0, err};
  ProviderAddr out;
  while (true) {
    std::string word;
    if (!r.ident(&word)) return std::nullopt;
    if (word == "module" && r.peek('.')) {
      ModuleStep step;
      if (!r.dot() || !r.ident(&step.name)) return std::nullopt;
      if (r.peek('[') && !r.key(&step.key)) return std::nullopt;
      out.module.steps.push_back(std::move(step));
      if (!r.dot()) return std::nullopt;
      continue;
    }
    out.type = word;
    if (r.peek('.')) {
      r.dot();
      if (!r.ident(&out.alias)) return std::nullopt;
      if (r.peek('[') && !r.key(&out.key)) return std::nullopt;
    }
    if (!r.done()) {
      r.fail("unexpected text after the provider address");
      return std::nullopt;
    }
    return out;
  }
}

}  // namespace fedplan
