// Who owns what on the API server: whether an existing object is fedplan's (never adopt one
// silently), and the fields other managers took (drift that apply takes back, or leaves).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "base/kube/access.h"
#include "providers/kube/object_ref.h"

namespace fedplan::kube {

// fedplan's field manager name on every server-side apply.
inline constexpr const char* kFieldManager = "fedplan";

// One field of a 409 field-manager conflict: its path as the API server writes it
// (".spec.replicas", ".spec.containers[name=\"c\"].image") and the manager that owns it.
struct FieldConflict {
  std::string field;
  std::string manager;
  bool operator==(const FieldConflict&) const = default;
};

// The conflicts a 409 Status lists in details.causes (cause reason FieldManagerConflict).
std::vector<FieldConflict> conflicts_of(const nlohmann::json& status);

// The managers of a live object's metadata.managedFields, each once, in order.
std::vector<std::string> managers_of(const nlohmann::json& live);
// Whether fedplan has applied to the live object (a managedFields entry of kFieldManager):
// an object fedplan created, adopted or is replacing, never one made only by others.
bool fedplan_manages(const nlohmann::json& live);

// The error detail for a create that found `ref` already there, made by `managers`:
// where it is, and the two ways to adopt it (an import block or `fedplan import`, with the
// exact id, and `adopt = true`).
std::string foreign_object_detail(const ObjectRef& ref, const std::string& ns,
                                  const ClusterAccess& access,
                                  const std::vector<std::string>& managers);

// `manifest` without the field at `field` (a conflict path); false when the path does not
// lead to a field of the manifest (nothing is removed then).
bool remove_field(nlohmann::json& manifest, const std::string& field);

// The conflicts whose manager is in `leave_to`, moved out of `conflicts` into the result.
std::vector<FieldConflict> split_left(std::vector<FieldConflict>& conflicts,
                                      const std::vector<std::string>& leave_to);

// The plan's words: "takes .spec.replicas back from manager kubectl-patch" and "leaves
// .spec.replicas to manager hpa-controller (leave_fields_to)", one line each, with `object`
// (an ObjectRef display, or "") in front when several objects share the note.
std::string takeover_note(const std::string& object, const std::vector<FieldConflict>& taken,
                          const std::vector<FieldConflict>& left);

}  // namespace fedplan::kube
