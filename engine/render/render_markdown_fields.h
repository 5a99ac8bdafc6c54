// What the markdown renderer leaves out of a diff: the fields a Kubernetes server writes on its
// own, and, when a comment must shrink, everything but the paths of the changed attributes.
#pragma once

#include "engine/plan/plan.h"
#include "engine/render/diff_line.h"

namespace fedplan {

// `v` without what the API server and controllers write, in every Kubernetes object inside it
// (a mapping with string `apiVersion` and `kind`): `status`, and in `metadata` the read-only
// fields the API conventions say the system populates (creationTimestamp,
// deletionGracePeriodSeconds, deletionTimestamp, generation, managedFields, resourceVersion,
// selfLink, uid). Sensitive and unknown values are kept as they are.
Value without_server_fields(const Value& v);

// The change with both values passed through without_server_fields().
ResourceChange without_server_fields(const ResourceChange& ch);

// Drift likewise.
Drift without_server_fields(const Drift& d);

// The short form of one change: its heading and reason, then for an update or a replacement one
// line per changed attribute path (`! manifest.spec.version = "v2.4" -> "v2.5"`, `+ path`,
// `- path`), values only when short. A create or a delete is its heading alone.
DiffLines changed_attribute_lines(const ResourceChange& ch);

// The same for a drifted object: heading, then the changed paths.
DiffLines changed_attribute_lines(const Drift& d);

}  // namespace fedplan
