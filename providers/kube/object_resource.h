// The kube_object resource: plan (with a server-side dry run when the cluster answers), apply
// (server-side apply, optional wait), delete (foreground, wait until gone) and the plan of one
// manifest, which kube_objects reuses.
#pragma once

#include <string>
#include <vector>

#include "providers/kube/runtime.h"

namespace fedplan::kube {

// How a resource asks its objects to be applied: force_conflicts, adopt, leave_fields_to.
struct OwnershipSettings {
  bool force = false;                 // take every conflicting field (force_conflicts)
  bool adopt = false;                 // an existing object not made by fedplan may be taken over
  std::vector<std::string> leave_to;  // managers whose fields are left to them
};
OwnershipSettings ownership_settings(const Doc& config);

// The plan of one manifest: canonical, and when a dry run was possible, with the values the
// server will store (normalized quantities, defaults inside the manifest's fields).
struct ManifestPlan {
  Doc manifest;                      // may hold unknowns
  std::string note;                  // why the plan used config alone
  std::vector<ValuePath> immutable;  // fields the server refuses to change (from "manifest")
  Diagnostics diags;
  // The dry run's object as `object` would record it, with what only the real apply decides
  // (resourceVersion, generation, status) unknown; null when no dry run was made.
  Doc object;
  std::vector<FieldConflict> taken;  // fields other managers took that apply takes back
  std::vector<FieldConflict> left;   // fields left to the managers of leave_fields_to
  bool adopting = false;             // a create that takes over an existing foreign object
};
// With `recorded` (the refreshed state's manifest) equal to the config's manifest, the live
// object already holds every field fedplan manages: the plan is a no-op without a dry run.
// `creating`: no state records the object, so one found existing that fedplan never applied
// to stops the plan unless `settings.adopt`.
ManifestPlan plan_manifest(KubeRuntime& rt, const Doc& config_manifest,
                           const OwnershipSettings& settings, const Doc* recorded = nullptr,
                           bool creating = false);

// Server-side apply of `manifest` that takes back only the fields `planned_taken` lists (the
// plan showed them) and leaves those of settings.leave_to managers out of what it applies;
// *applied is the manifest as applied. Any other conflict fails, asking for a new plan.
// `planned_taken` null: take whatever conflicts (no plan to hold to).
bool apply_owned(KubeRuntime& rt, const Located& where, const ObjectRef& ref,
                 const nlohmann::json& manifest, const std::vector<ValuePath>& sensitive,
                 const OwnershipSettings& settings, const std::vector<FieldConflict>* planned_taken,
                 nlohmann::json* live, nlohmann::json* applied, OpError* err);

// A create must not land on someone else's object: false with *err when `ref` exists at
// `where` and fedplan never applied to it (and adoption was not asked for).
bool check_not_foreign(KubeRuntime& rt, const Located& where, const ObjectRef& ref, bool adopt,
                       OpError* err);

// The taken_fields attribute ([{object, field, manager}]) and back; `object` filters by the
// import id of one object ("" takes all).
Doc taken_fields_doc(const std::vector<std::pair<std::string, FieldConflict>>& taken);
std::vector<FieldConflict> taken_fields_of(const Doc& planned, const std::string& object);

// Checks a manifest's shape (object with apiVersion, kind and metadata.name where known).
void validate_manifest(const Doc& manifest, const std::string& what, Diagnostics& diags);

// How `prior` (null: none) becomes `config` (null: deleted).
DocPlan plan_object(KubeRuntime& rt, const Doc& prior, const Doc& config);
// Deletes the prior object when `deleting`, else applies `config` (every value known).
// `planned` is the approved plan's value (its taken_fields); `resumed` says a killed run
// began this create (ApplyRequest::resumed): an object found there is fedplan's.
DocState apply_object(KubeRuntime& rt, const Doc& prior, bool deleting, const Doc& config,
                      const Doc& planned = Doc(), bool resumed = false);
Diagnostics validate_object(const Doc& config);
// Checks that leave_fields_to, when known, is a list of manager names.
void validate_leave_fields_to(const Doc& config, Diagnostics& d);

}  // namespace fedplan::kube
