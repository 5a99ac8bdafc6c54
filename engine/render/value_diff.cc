// The value differ: walks before/after together and emits DiffLines. Lists are aligned with a
// Myers diff of element fingerprints; objects paired across a removal and an addition are
// compared in depth, as Terraform does for lists of objects.
#include "engine/render/value_diff.h"

#include <algorithm>

#include "base/quote.h"
#include "base/text_diff.h"

namespace fedplan {
namespace {

// How a value is laid out: on one line, as a heredoc, or as a block of children.
enum class Shape { Scalar, Text, Mapping, Sequence };

bool is_multiline(const Value& v) {
  return v.known() && !v.sensitive() && v.kind() == ValueKind::String &&
         v.as_string().find('\n') != std::string::npos;
}

Shape shape_of(const Value& v) {
  if (v.sensitive() || !v.known()) return Shape::Scalar;
  if (v.is_mapping()) return Shape::Mapping;
  if (v.is_sequence()) return Shape::Sequence;
  if (is_multiline(v)) return Shape::Text;
  return Shape::Scalar;
}

bool absent(const Value* v) {
  return v == nullptr || v->is_null();
}

bool is_identifier(const std::string& s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  for (char c : s)
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  return true;
}

// Object attributes print bare when they are identifiers; map keys are always quoted.
std::string key_label(const std::string& key, bool is_map) {
  return !is_map && is_identifier(key) ? key : quote(key);
}

// Kept on display even when unchanged, so a reader knows which object changed.
bool identifying(const std::string& key, bool is_map, const Value& v) {
  if (is_map || shape_of(v) != Shape::Scalar) return false;
  return key == "id" || key == "name" || key == "namespace" || key == "kind";
}

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// A string that is equal for two elements exactly when prints_same() holds; it keys the list
// alignment. It holds sensitive content and must never be printed.
void fingerprint(const Value& v, std::string* out) {
  *out += static_cast<char>('0' + v.marks());
  if (!v.known()) return;
  switch (v.kind()) {
    case ValueKind::Null:
    case ValueKind::Dynamic:
      *out += 'n';
      return;
    case ValueKind::Bool:
      *out += v.as_bool() ? 't' : 'f';
      return;
    case ValueKind::Number:
      *out += '#' + format_number(v) + ';';
      return;
    case ValueKind::String:
      *out += 's' + std::to_string(v.as_string().size()) + ':' + v.as_string();
      return;
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Set:
      *out += '[';
      for (const Value& e : v.elements()) fingerprint(e, out);
      *out += ']';
      return;
    case ValueKind::Map:
    case ValueKind::Object:
      *out += '{';
      for (const auto& [k, e] : v.attributes()) {
        *out += std::to_string(k.size()) + ':' + k;
        fingerprint(e, out);
      }
      *out += '}';
      return;
  }
}

// The heredoc delimiter: EOT unless a line of the text is exactly that.
std::string delimiter_for(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::string d = "EOT";
  auto used = [&](const std::string& x) {
    return std::find(a.begin(), a.end(), x) != a.end() ||
           std::find(b.begin(), b.end(), x) != b.end();
  };
  while (used(d)) d += "_";
  return d;
}

std::vector<std::string> text_lines(const Value& v) {
  std::vector<std::string> out;
  if (v.kind() != ValueKind::String || !v.known()) return out;
  for (std::string_view l : split_lines(v.as_string())) {
    if (!l.empty() && l.back() == '\n') l.remove_suffix(1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out.emplace_back(l);
  }
  return out;
}

Action marker_of(DiffOp op) {
  switch (op) {
    case DiffOp::Same:
      return Action::NoOp;
    case DiffOp::Add:
      return Action::Create;
    case DiffOp::Remove:
      return Action::Delete;
    case DiffOp::Change:
      return Action::Update;
  }
  return Action::NoOp;
}

// The op of a child given its parent's and both sides; nullopt when there is nothing to draw.
std::optional<DiffOp> child_op(DiffOp parent, const Value* b, const Value* a) {
  switch (parent) {
    case DiffOp::Add:
      if (absent(a)) return std::nullopt;
      return DiffOp::Add;
    case DiffOp::Remove:
      if (absent(b)) return std::nullopt;
      return DiffOp::Remove;
    case DiffOp::Same:
      if (absent(a)) return std::nullopt;
      return DiffOp::Same;
    case DiffOp::Change:
      if (absent(a) && absent(b)) return std::nullopt;
      if (absent(b)) return DiffOp::Add;
      if (absent(a)) return DiffOp::Remove;
      if (prints_same(*a, *b)) return DiffOp::Same;
      return DiffOp::Change;
  }
  return std::nullopt;
}

// Walks one before/after pair and appends its lines.
class Differ {
 public:
  Differ(const std::vector<ValuePath>& replace, DiffLines* out) : replace_(replace), out_(out) {}

  void entry(int depth, const std::string& label, const Value& b, const Value& a, DiffOp op,
             bool element);
  void mapping_children(int depth, const Value& b, const Value& a, DiffOp op);
  void sequence_children(int depth, const Value& b, const Value& a, DiffOp op);

  ValuePath path;

 private:
  // True when a replace path ends here, or below here on a line that shows no children.
  bool forced(bool terminal) const {
    for (const ValuePath& p : replace_) {
      if (p.size() < path.size()) continue;
      if (!std::equal(path.begin(), path.end(), p.begin())) continue;
      if (p.size() == path.size() || terminal) return true;
    }
    return false;
  }
  void push(int depth, Action marker, std::string text, bool forces = false) {
    DiffLine l = DiffLine::body(depth, marker, std::move(text));
    l.forces_replacement = forces;
    out_->push_back(std::move(l));
  }
  void text_entry(int depth, const std::string& label, const Value& b, const Value& a, DiffOp op,
                  const std::string& suffix);

  const std::vector<ValuePath>& replace_;
  DiffLines* out_;
};

void Differ::entry(int depth, const std::string& label, const Value& b, const Value& a, DiffOp op,
                   bool element) {
  const std::string comma = element ? "," : "";
  const Value& shown = op == DiffOp::Remove ? b : a;
  Shape shape = shape_of(shown);
  std::string suffix = op == DiffOp::Remove && !element ? " -> null" : "";
  DiffOp inner = op;
  if (op == DiffOp::Change) {
    Shape sb = shape_of(b), sa = shape_of(a);
    bool strings = b.known() && a.known() && b.kind() == ValueKind::String &&
                   a.kind() == ValueKind::String && !b.sensitive() && !a.sensitive();
    if (strings && (sb == Shape::Text || sa == Shape::Text) && text_lines(b) != text_lines(a)) {
      sb = sa = Shape::Text;
    } else if (strings) {
      sb = sa = Shape::Scalar;
    }
    if (b.sensitive() || a.sensitive()) {
      shape = Shape::Scalar;
    } else if (!a.known() && sb != Shape::Scalar) {
      // Known before, unknown after: the old content goes, and what comes is not known yet.
      shape = sb;
      inner = DiffOp::Remove;
      suffix = " -> (known after apply)";
    } else if (sb != sa) {
      entry(depth, label, b, Value(), DiffOp::Remove, element);
      entry(depth, label, Value(), a, DiffOp::Add, element);
      return;
    } else {
      shape = sb;
    }
  }
  const Action mk = marker_of(op);
  switch (shape) {
    case Shape::Scalar: {
      std::string text;
      if (op != DiffOp::Change)
        text = render_scalar(shown) + suffix;
      else if (b.sensitive() || a.sensitive())
        text = "(sensitive value)";
      else
        text = render_scalar(b) + " -> " + render_scalar(a);
      push(depth, mk, label + text + comma, forced(true));
      return;
    }
    case Shape::Text:
      text_entry(depth, label, b, a, inner, suffix + comma);
      return;
    case Shape::Mapping:
    case Shape::Sequence: {
      bool mapping = shape == Shape::Mapping;
      const Value& body = inner == DiffOp::Remove ? b : a;
      if (op != DiffOp::Change && body.size() == 0) {
        push(depth, mk, label + (mapping ? "{}" : "[]") + suffix + comma, forced(true));
        return;
      }
      push(depth, mk, label + (mapping ? "{" : "["), forced(false));
      const Value& cb = inner == DiffOp::Add ? Value() : b;
      const Value& ca = inner == DiffOp::Remove ? Value() : a;
      if (mapping)
        mapping_children(depth + 1, cb, ca, inner);
      else
        sequence_children(depth + 1, cb, ca, inner);
      push(depth, Action::NoOp, (mapping ? "}" : "]") + suffix + comma);
      return;
    }
  }
}

void Differ::text_entry(int depth, const std::string& label, const Value& b, const Value& a,
                        DiffOp op, const std::string& suffix) {
  std::vector<std::string> old_lines =
      op == DiffOp::Add ? std::vector<std::string>{} : text_lines(b);
  std::vector<std::string> new_lines =
      op == DiffOp::Remove ? std::vector<std::string>{} : text_lines(a);
  std::string delim = delimiter_for(old_lines, new_lines);
  push(depth, marker_of(op), label + "<<-" + delim, forced(true));
  if (op != DiffOp::Change) {
    for (const std::string& l : op == DiffOp::Remove ? old_lines : new_lines)
      push(depth + 1, Action::NoOp, l);
  } else {
    std::vector<std::string_view> ov(old_lines.begin(), old_lines.end());
    std::vector<std::string_view> nv(new_lines.begin(), new_lines.end());
    std::vector<DiffRun> runs = diff_lines(ov, nv);
    constexpr size_t kContext = 3;
    for (size_t r = 0; r < runs.size(); ++r) {
      const DiffRun& run = runs[r];
      if (run.kind == DiffRun::Kind::Remove) {
        for (size_t i = 0; i < run.count; ++i)
          push(depth + 1, Action::Delete, old_lines[run.old_start + i]);
        continue;
      }
      if (run.kind == DiffRun::Kind::Add) {
        for (size_t i = 0; i < run.count; ++i)
          push(depth + 1, Action::Create, new_lines[run.new_start + i]);
        continue;
      }
      // Kept lines: a little context after the change before and before the change after.
      size_t head = r > 0 ? std::min(kContext, run.count) : 0;
      size_t tail = r + 1 < runs.size() ? std::min(kContext, run.count - head) : 0;
      for (size_t i = 0; i < head; ++i) push(depth + 1, Action::NoOp, new_lines[run.new_start + i]);
      if (run.count > head + tail)
        push(depth + 1, Action::NoOp,
             "# (" + plural(run.count - head - tail, "unchanged line") + " hidden)");
      for (size_t i = run.count - tail; i < run.count; ++i)
        push(depth + 1, Action::NoOp, new_lines[run.new_start + i]);
    }
  }
  push(depth, Action::NoOp, delim + suffix);
}

void Differ::mapping_children(int depth, const Value& b, const Value& a, DiffOp op) {
  static const ValueMap kEmpty;
  bool b_map = b.known() && !b.sensitive() && b.is_mapping();
  bool a_map = a.known() && !a.sensitive() && a.is_mapping();
  const ValueMap& bm = b_map ? b.attributes() : kEmpty;
  const ValueMap& am = a_map ? a.attributes() : kEmpty;
  bool is_map = (a_map ? a.kind() : b.kind()) == ValueKind::Map;

  // One attribute to draw: its key, both sides and its op.
  struct Child {
    const std::string* key;
    const Value* b;
    const Value* a;
    DiffOp op;
  };
  std::vector<Child> shown;
  size_t hidden = 0;
  auto visit = [&](const std::string& key, const Value* cb, const Value* ca) {
    std::optional<DiffOp> cop = child_op(op, cb, ca);
    if (!cop) return;
    if (op == DiffOp::Change && *cop == DiffOp::Same && !identifying(key, is_map, *ca)) {
      ++hidden;
      return;
    }
    shown.push_back(Child{&key, cb, ca, *cop});
  };
  auto bi = bm.begin();
  auto ai = am.begin();
  while (bi != bm.end() || ai != am.end()) {
    if (ai == am.end() || (bi != bm.end() && bi->first < ai->first)) {
      visit(bi->first, &bi->second, nullptr);
      ++bi;
    } else if (bi == bm.end() || ai->first < bi->first) {
      visit(ai->first, nullptr, &ai->second);
      ++ai;
    } else {
      visit(ai->first, &bi->second, &ai->second);
      ++bi;
      ++ai;
    }
  }
  size_t width = 0;
  for (const Child& c : shown) width = std::max(width, key_label(*c.key, is_map).size());
  static const Value kNull;
  for (const Child& c : shown) {
    std::string label = key_label(*c.key, is_map);
    label.resize(width, ' ');
    path.push_back(PathStep::attr(*c.key));
    entry(depth, label + " = ", c.b ? *c.b : kNull, c.a ? *c.a : kNull, c.op, false);
    path.pop_back();
  }
  if (hidden > 0)
    push(depth, Action::NoOp,
         "# (" + plural(hidden, is_map ? "unchanged element" : "unchanged attribute") + " hidden)");
}

void Differ::sequence_children(int depth, const Value& b, const Value& a, DiffOp op) {
  static const ValueList kEmpty;
  static const Value kNull;
  const ValueList& bl = b.known() && !b.sensitive() && b.is_sequence() ? b.elements() : kEmpty;
  const ValueList& al = a.known() && !a.sensitive() && a.is_sequence() ? a.elements() : kEmpty;

  // One element to draw: its op, both sides and the index its path uses.
  struct Item {
    DiffOp op;
    const Value* b;
    const Value* a;
    size_t index;
  };
  std::vector<Item> items;
  if (op != DiffOp::Change) {
    const ValueList& l = op == DiffOp::Remove ? bl : al;
    for (size_t i = 0; i < l.size(); ++i) items.push_back(Item{op, &l[i], &l[i], i});
  } else {
    std::vector<std::string> bk(bl.size()), ak(al.size());
    for (size_t i = 0; i < bl.size(); ++i) fingerprint(bl[i], &bk[i]);
    for (size_t i = 0; i < al.size(); ++i) fingerprint(al[i], &ak[i]);
    std::vector<std::string_view> bv(bk.begin(), bk.end()), av(ak.begin(), ak.end());
    std::vector<DiffRun> runs = diff_lines(bv, av);
    for (size_t r = 0; r < runs.size(); ++r) {
      const DiffRun& run = runs[r];
      if (run.kind == DiffRun::Kind::Keep) {
        for (size_t i = 0; i < run.count; ++i)
          items.push_back(Item{DiffOp::Same, &bl[run.old_start + i], &al[run.new_start + i],
                               run.new_start + i});
      } else if (run.kind == DiffRun::Kind::Add) {
        for (size_t i = 0; i < run.count; ++i)
          items.push_back(Item{DiffOp::Add, nullptr, &al[run.new_start + i], run.new_start + i});
      } else {
        // A removal followed by an addition: collections (or multi-line strings) at the same
        // offset are one element changed in place, shown in depth.
        const DiffRun* add =
            r + 1 < runs.size() && runs[r + 1].kind == DiffRun::Kind::Add ? &runs[r + 1] : nullptr;
        size_t paired = 0;
        std::vector<bool> add_used(add ? add->count : 0, false);
        for (size_t i = 0; i < run.count; ++i) {
          const Value& old_elem = bl[run.old_start + i];
          if (add && i < add->count) {
            const Value& new_elem = al[add->new_start + i];
            Shape so = shape_of(old_elem), sn = shape_of(new_elem);
            if (so == sn && so != Shape::Scalar) {
              items.push_back(Item{DiffOp::Change, &old_elem, &new_elem, add->new_start + i});
              add_used[i] = true;
              ++paired;
              continue;
            }
          }
          items.push_back(Item{DiffOp::Remove, &old_elem, nullptr, run.old_start + i});
        }
        if (add) {
          for (size_t i = 0; i < add->count; ++i)
            if (!add_used[i])
              items.push_back(
                  Item{DiffOp::Add, nullptr, &al[add->new_start + i], add->new_start + i});
          ++r;
        }
      }
    }
  }

  // Lists of plain values show the element either side of a change, as Terraform does, since
  // order matters; lists of objects show only what changed.
  auto plain = [](const Value& e) {
    Shape s = shape_of(e);
    return s == Shape::Scalar || s == Shape::Text;
  };
  bool context = op == DiffOp::Change;
  for (const Value& e : bl) context = context && plain(e);
  for (const Value& e : al) context = context && plain(e);
  auto draw = [&](const Item& it) {
    path.push_back(PathStep::at(it.index));
    entry(depth, "", it.b ? *it.b : kNull, it.a ? *it.a : kNull, it.op, true);
    path.pop_back();
  };
  auto hidden_line = [&](size_t n) {
    push(depth, Action::NoOp, "# (" + plural(n, "unchanged element") + " hidden)");
  };
  std::vector<const Item*> unchanged;
  bool draw_next = false;
  for (const Item& it : items) {
    if (op == DiffOp::Change && it.op == DiffOp::Same && !draw_next) {
      unchanged.push_back(&it);
      continue;
    }
    draw_next = false;
    if (context) {
      if (unchanged.size() > 1) hidden_line(unchanged.size() - 1);
      if (!unchanged.empty()) draw(*unchanged.back());
      if (it.op != DiffOp::Same) draw_next = true;
    } else if (!unchanged.empty()) {
      // Counted where they stand, so an element appended at the end reads as last.
      hidden_line(unchanged.size());
    }
    unchanged.clear();
    draw(it);
  }
  if (!unchanged.empty()) hidden_line(unchanged.size());
}

}  // namespace

bool prints_same(const Value& a, const Value& b) {
  if (a.marks() != b.marks()) return false;
  if (!a.known()) return true;
  bool an = a.kind() == ValueKind::Null || a.kind() == ValueKind::Dynamic;
  bool bn = b.kind() == ValueKind::Null || b.kind() == ValueKind::Dynamic;
  if (an || bn) return an && bn;
  if (a.is_sequence() || b.is_sequence()) {
    if (!a.is_sequence() || !b.is_sequence() || a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!prints_same(a.elements()[i], b.elements()[i])) return false;
    return true;
  }
  if (a.is_mapping() || b.is_mapping()) {
    if (!a.is_mapping() || !b.is_mapping() || a.size() != b.size()) return false;
    auto ai = a.attributes().begin();
    for (const auto& [k, v] : b.attributes()) {
      if (ai->first != k || !prints_same(ai->second, v)) return false;
      ++ai;
    }
    return true;
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::Bool:
      return a.as_bool() == b.as_bool();
    case ValueKind::Number:
      return a.equal_content(b);  // exact at any size, as the language compares
    case ValueKind::String:
      return a.as_string() == b.as_string();
    default:
      return false;
  }
}

std::string render_scalar(const Value& v) {
  // Collections collapse to a marker here; their elements get lines of their own.
  if (v.known() && !v.sensitive() && v.is_sequence()) return v.size() == 0 ? "[]" : "[...]";
  if (v.known() && !v.sensitive() && v.is_mapping()) return v.size() == 0 ? "{}" : "{...}";
  return debug_string(v);
}

void diff_object_body(const Value& before, const Value& after, DiffOp op, int depth,
                      const std::vector<ValuePath>& replace_paths, DiffLines* out) {
  if (before.sensitive() || after.sensitive()) {
    out->push_back(DiffLine::body(
        depth, Action::NoOp, "# (the object is sensitive, so its attributes are not displayed)"));
    return;
  }
  if (op != DiffOp::Remove && !after.known()) {
    out->push_back(DiffLine::body(depth, Action::NoOp, "# (all attributes known after apply)"));
    return;
  }
  Differ d(replace_paths, out);
  d.mapping_children(depth, before, after, op);
}

void diff_entries(const std::vector<DiffEntry>& entries, int depth, DiffLines* out) {
  static const std::vector<ValuePath> kNone;
  size_t width = 0;
  for (const DiffEntry& e : entries) width = std::max(width, e.name.size());
  Differ d(kNone, out);
  for (const DiffEntry& e : entries) {
    std::string label = e.name;
    label.resize(width, ' ');
    d.entry(depth, label + " = ", e.before, e.after, e.op, false);
  }
}

}  // namespace fedplan
