// Value diffs as Terraform draws them: nested `key = value` lines with + - ~ markers, unchanged
// attributes hidden behind counts, heredocs for multi-line strings, marks always respected.
#pragma once

#include <string>
#include <vector>

#include "engine/render/diff_line.h"
#include "lang/value.h"
#include "lang/value_json.h"

namespace fedplan {

// How one value is drawn: added (+), removed (-), kept, or changed (~, compared in depth).
enum class DiffOp : uint8_t { Same, Add, Remove, Change };

// One named entry of a diff, such as a root output.
struct DiffEntry {
  std::string name;
  Value before;
  Value after;
  DiffOp op = DiffOp::Same;
};

// Appends the lines for the attributes of an object (a resource body) going from `before` to
// `after`, at `depth`. With Change, unchanged attributes are hidden behind a count except the
// identifying ones (id, name, namespace, kind). Lines at a path in `replace_paths` get
// `# forces replacement`. Sensitive values print as (sensitive value), unknown ones as
// (known after apply); nothing inside a sensitive value is ever printed.
void diff_object_body(const Value& before, const Value& after, DiffOp op, int depth,
                      const std::vector<ValuePath>& replace_paths, DiffLines* out);

// Appends `name = value` lines for each entry, names aligned (root outputs).
void diff_entries(const std::vector<DiffEntry>& entries, int depth, DiffLines* out);

// True when the two values print the same: equal content and marks (list/tuple and map/object
// kinds aside).
bool prints_same(const Value& a, const Value& b);

// A one-line rendering: "text" quoted, numbers, true/false, null, (known after apply) and
// (sensitive value). Collections only as {...} / [...] summaries.
std::string render_scalar(const Value& v);

}  // namespace fedplan
