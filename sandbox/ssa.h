// Server-side apply and managed fields: field sets of objects, comparisons, the apply merge,
// ownership bookkeeping for Apply and Update operations, and conflicts as the API server has them.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sandbox/fieldset.h"
#include "sandbox/schema.h"

namespace fedplan::sandbox {

// One entry of metadata.managedFields: who set which fields, how, through which version.
struct ManagerEntry {
  std::string manager;
  std::string operation;    // "Apply" or "Update"
  std::string api_version;  // e.g. "v1", "maistra.io/v2"
  std::string time;         // RFC 3339
  std::string subresource;  // "" or "status"
  FieldSet fields;

  // Two entries are the same manager when these match (as in the API server).
  bool same_manager(const ManagerEntry& o) const;
};

// Fields changed between two versions of an object.
struct Comparison {
  FieldSet added;
  FieldSet modified;
  FieldSet removed;
};

// A field another manager owns and the request would change.
struct Conflict {
  ManagerEntry manager;  // fields unused
  FieldPath path;
};

// What the caller asks for and who it is.
struct ManagedRequest {
  std::string manager;
  std::string api_version;
  std::string subresource;
  std::string time;
  bool force = false;  // Apply only: take over conflicting fields
  // Paths nobody owns through this request (e.g. `.status` for the main resource of a kind
  // with a status subresource, or everything but `.status` for the status subresource).
  FieldSet ignored;
};

// The outcome of an apply or update: the new object and its managers, or conflicts, or an
// error (a malformed list item or managedFields), in which case `object` is unset.
struct ManagedResult {
  nlohmann::json object;
  std::vector<ManagerEntry> managers;
  std::vector<Conflict> conflicts;
  std::string error;

  bool ok() const { return error.empty() && conflicts.empty(); }
};

// The fields an applied configuration sets, as structured-merge-diff computes them.
// False and *err when a keyed list item lacks a key or two items share one.
bool to_field_set(const nlohmann::json& obj, const SchemaNode& schema, FieldSet* out,
                  std::string* err);

// What changed from `before` to `after` (paths of containers included, as in an Update).
Comparison compare(const nlohmann::json& before, const nlohmann::json& after,
                   const SchemaNode& schema);

// `config` merged into `live`: structs and maps field by field, keyed lists item by item,
// sets by union, atomic lists and scalars replaced. A null in `config` removes the field.
nlohmann::json merge_applied(const nlohmann::json& live, const nlohmann::json& config,
                             const SchemaNode& schema);

// `obj` with every member path of `set` removed.
nlohmann::json remove_fields(const nlohmann::json& obj, const FieldSet& set,
                             const SchemaNode& schema);

// managedFields (JSON list) <-> entries. Reading fails on malformed entries.
bool read_managers(const nlohmann::json& managed_fields, std::vector<ManagerEntry>* out,
                   std::string* err);
nlohmann::json write_managers(const std::vector<ManagerEntry>& managers);

// Server-side apply of `config` onto `live` (null when the object does not exist yet).
// The result's object has the merged fields, without metadata.managedFields.
ManagedResult apply(const nlohmann::json& live, const nlohmann::json& config,
                    const SchemaNode& schema, const ManagedRequest& req);

// Records an ordinary write (create, update, patch) of `updated` over `live` (null on create):
// the writer gains what it changed, others lose it. Never conflicts.
ManagedResult update(const nlohmann::json& live, const nlohmann::json& updated,
                     const SchemaNode& schema, const ManagedRequest& req);

// "Apply failed with 1 conflict: conflict with \"kubectl\": .data.key" and the multi-line form.
std::string conflict_message(const std::vector<Conflict>& conflicts);
// How a manager is named in conflicts: "\"kubectl\"" or "\"kubectl-create\" using v1".
std::string describe_manager(const ManagerEntry& m);

}  // namespace fedplan::sandbox
