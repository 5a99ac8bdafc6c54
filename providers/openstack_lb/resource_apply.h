// apply, read and import for every Octavia resource, driven by its ResourceSpec: create, update
// in place or delete, each followed by the wait for the load balancer to be ACTIVE again.
#pragma once

#include <nlohmann/json.hpp>

#include "providers/openstack_lb/octavia_client.h"
#include "providers/openstack_lb/resource_spec.h"

namespace fedplan::openstack_lb {

// The state of an object from Octavia's document `obj`: every spec field from `obj` (converted
// to its type) or else from `base` (attributes the API does not echo, like a member's pool_id).
ValueMap state_from_api(const ResourceSpec& spec, const nlohmann::json& obj, const ValueMap& base);

// Null prior: create. Null planned: delete (a load balancer with cascade=true). Otherwise an
// in-place update of the attributes that changed. Every write waits for ACTIVE (or gone); an
// object that ends in ERROR fails the step with the state it has.
ApplyResult apply_resource(const ResourceSpec& spec, OctaviaClient& client,
                           const ApplyRequest& request);

// The object as Octavia has it now; null state when Octavia answers 404 (deleted behind
// fedplan's back, or with its load balancer).
ReadResult read_resource(const ResourceSpec& spec, OctaviaClient& client, const Value& state);

// Provider::read_pending: the object a killed run's create made, found by the name of its
// intent as a resumed create finds it; null state when there is none (or the intent has no
// name to find it by), an error when several have the name.
ReadResult read_created(const ResourceSpec& spec, OctaviaClient& client, const Value& intent);
// Refreshes many objects of one type with list calls (one per collection, following Octavia's
// pagination links) instead of one GET each. An object missing from its list is gone. When a
// list fails, its objects are read one by one.
std::vector<ReadResult> read_many_resources(const ResourceSpec& spec, OctaviaClient& client,
                                            const std::vector<Value>& states);

// Adopts an object by id ("POOL_ID/MEMBER_ID" for members).
ReadResult import_resource(const ResourceSpec& spec, OctaviaClient& client, const std::string& id);

}  // namespace fedplan::openstack_lb
