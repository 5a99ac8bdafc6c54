// Field projection for drift without noise: the live object seen only through the fields a
// manifest sets, so server defaults and other managers' fields never show up as a diff.
#pragma once

#include <nlohmann/json.hpp>

namespace fedplan::kube {

// The live values of exactly the fields `manifest` sets:
// - objects: each key of the manifest that the live object has, projected in turn;
// - lists of objects: each manifest element is matched to a live element (by `name` when
//   every manifest element has a distinct one, otherwise by the most agreeing scalar fields,
//   then by position) and projected; the result is in manifest order, unmatched manifest
//   elements are left out, extra live elements (other managers') are ignored;
// - lists of scalars: the live elements that also occur in the manifest, in live order;
// - scalars: the live value.
// A field the live object lacks is left out, except that a manifest value the API server
// omits when empty (null, false, 0, "", {}, []) counts as present with that value.
nlohmann::json project(const nlohmann::json& live, const nlohmann::json& manifest);

// project() for a whole object, plus the one write-only field of core Kubernetes: a Secret's
// `stringData.k` is read back from the base64 `data.k` the server stores it as.
nlohmann::json project_manifest(const nlohmann::json& live, const nlohmann::json& manifest);

// The live object as fedplan records it in `object`: everything but metadata.managedFields.
nlohmann::json clean_live_object(nlohmann::json live);

// A manifest for an adopted (imported) object: the live object without what only the server
// sets (status, uid, resourceVersion, generation, creationTimestamp, managedFields, selfLink,
// deletion fields), without kubectl's last-applied-configuration annotation and without the
// spec fields the server defaulted (drop_server_defaults).
nlohmann::json import_manifest(nlohmann::json live);

// Removes null-valued object members at every depth (SSA would read null as "unset").
nlohmann::json strip_nulls(const nlohmann::json& j);

}  // namespace fedplan::kube
