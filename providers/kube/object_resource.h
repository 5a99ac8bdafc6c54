// The kube_object resource: plan (with a server-side dry run when the cluster answers), apply
// (server-side apply, optional wait), delete (foreground, wait until gone) and the plan of one
// manifest, which kube_objects reuses.
#pragma once

#include <string>
#include <vector>

#include "providers/kube/runtime.h"

namespace fedplan::kube {

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
};
// With `recorded` (the refreshed state's manifest) equal to the config's manifest, the live
// object already holds every field fedplan manages: the plan is a no-op without a dry run.
ManifestPlan plan_manifest(KubeRuntime& rt, const Doc& config_manifest, bool force,
                           const Doc* recorded = nullptr);

// Checks a manifest's shape (object with apiVersion, kind and metadata.name where known).
void validate_manifest(const Doc& manifest, const std::string& what, Diagnostics& diags);

// How `prior` (null: none) becomes `config` (null: deleted).
DocPlan plan_object(KubeRuntime& rt, const Doc& prior, const Doc& config);
// Deletes the prior object when `deleting`, else applies `config` (every value known).
DocState apply_object(KubeRuntime& rt, const Doc& prior, bool deleting, const Doc& config);
Diagnostics validate_object(const Doc& config);

}  // namespace fedplan::kube
