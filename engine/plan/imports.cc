// Plannable import: an `import` block's object read through its provider while planning, so
// the plan shows it "will be imported" (and any update the configuration asks for).
#include "base/quote.h"
#include "engine/plan/refactor.h"

namespace fedplan {

namespace {

// What tells one object from another: its string `id` attribute, else its `uid` (a
// kube_object's metadata.uid); "" when it has neither.
std::string id_of(const Value& v) {
  for (const char* name : {"id", "uid"}) {
    const Value* id = v.known() && v.is_mapping() ? v.get(name) : nullptr;
    if (id && id->known() && !id->sensitive() && id->kind() == ValueKind::String)
      return id->as_string();
  }
  return "";
}

}  // namespace

bool plan_import(Provider& provider, const ImportTarget& t, const Value* recorded,
                 ResourceChange& ch, Value& before, Diagnostics& diags) {
  std::string addr = ch.addr.to_string();
  const std::string& type = ch.addr.resource.type;
  auto failed = [&](Diagnostics&& d) {
    for (Diagnostic& x : d.items) {
      if (x.address.empty()) x.address = addr;
      if (!x.range) x.range = t.span.range();
    }
    bool bad = d.has_errors();
    diags.append(std::move(d));
    return bad;
  };
  ReadResult imported = provider.import(type, t.id);
  if (failed(std::move(imported.diags))) return false;
  auto missing = [&] {
    diags
        .error("Cannot import non-existent remote object",
               "While attempting to import an existing object to " + addr +
                   ", the provider found no " + type + " with ID " + quote(t.id) +
                   ". Check the ID (see the provider's documentation for its form) and that the "
                   "object exists.",
               t.span)
        .address = addr;
    return false;
  };
  if (imported.state.is_null()) return missing();
  if (recorded) {
    // Already managed: the block was applied before, or names another object.
    std::string was = id_of(*recorded), now = id_of(imported.state);
    if (!was.empty() && was == now) return true;
    diags
        .error("Import target already managed",
               addr + " already manages an object" +
                   (was.empty() ? "" : " (id " + quote(was) + ")") + ", not the one with ID " +
                   quote(t.id) +
                   ". Remove the import block, or forget the recorded object first with "
                   "`fedplan state rm " +
                   addr + "` (or a removed block).",
               t.span)
        .address = addr;
    return false;
  }
  ReadResult read = provider.read(type, imported.state);
  if (failed(std::move(read.diags))) return false;
  if (read.state.is_null()) return missing();
  before = std::move(read.state);
  ch.importing = t.id;
  return true;
}

}  // namespace fedplan
