// ResourceSpec: an Octavia object type described as data (its attributes, which of them Octavia
// can change in place, where it lives in the API), so one plan/apply/read serves all five.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace fedplan::openstack_lb {

// Who sets an attribute: the config alone, the config or else Octavia, or Octavia alone.
enum class FieldMode {
  Required,          // the config must set it
  Optional,          // the config may set it; unset means `default_value` (or null)
  OptionalComputed,  // the config may set it; unset means whatever Octavia chose
  Computed,          // Octavia sets it (id, statuses)
};

// One attribute of an Octavia object; its name is Octavia's field name.
struct FieldSpec {
  std::string name;
  Type type;
  FieldMode mode = FieldMode::Optional;
  bool force_new = false;  // Octavia's PUT does not accept it: a change means replace
  bool in_body = true;     // sent on create (false: part of the URL, like a member's pool_id)
  bool volatile_on_update = false;     // unknown after any update (provisioning statuses)
  std::optional<Value> default_value;  // Octavia's default for Optional fields
  std::string description;
};

// One resource type.
struct ResourceSpec {
  std::string type;      // "openstack_lb_listener"
  std::string kind;      // "listener", for messages
  std::string json_key;  // the wrapper key of Octavia's documents: {"listener": {...}}
  std::string description;
  std::vector<FieldSpec> fields;
  // The collection path below the API root for an object with these attributes:
  // "/listeners", "/pools/POOL_ID/members".
  std::function<std::string(const ValueMap& attrs)> collection;
  // Fills attributes Octavia reports under other names (loadbalancers[0].id ->
  // loadbalancer_id). May be empty.
  std::function<void(const nlohmann::json& obj, ValueMap& attrs)> relations;
  // Checks beyond types and required attributes (values may be unknown). May be empty.
  std::function<void(const ValueMap& config, Diagnostics& diags)> validate;
  bool is_loadbalancer = false;  // the object is the load balancer itself
  bool lb_via_pool = false;      // its load balancer is found through pool_id

  const FieldSpec* field(const std::string& name) const;
};

// The provider schema of a spec.
ResourceSchema schema_of(const ResourceSpec& spec);

// Shorthands for spec tables.
FieldSpec required(std::string name, Type type, std::string description, bool force_new);
FieldSpec optional(std::string name, Type type, std::string description, bool force_new,
                   std::optional<Value> default_value = std::nullopt);
FieldSpec optional_computed(std::string name, Type type, std::string description, bool force_new);
FieldSpec computed(std::string name, Type type, std::string description);

// The computed attributes every Octavia object has: id and provisioning_status.
void add_status_fields(std::vector<FieldSpec>& fields);
// operating_status, kept for the load balancer only: on listeners, pools and members it follows
// health checks, so every refresh would report it as drift.
void add_operating_status(std::vector<FieldSpec>& fields);

// Static checks for spec.validate: a known string attribute must be one of `allowed`; a known
// number must be a port (1-65535). Unknown and null values pass.
void check_one_of(const std::string& type, const ValueMap& cfg, const std::string& name,
                  const std::vector<std::string>& allowed, Diagnostics& diags);
void check_port(const std::string& type, const ValueMap& cfg, const std::string& name,
                Diagnostics& diags);
// Exactly one or at least one of the attributes must be set (unknown counts as set).
void check_any_of(const std::string& type, const ValueMap& cfg,
                  const std::vector<std::string>& names, Diagnostics& diags);

// The `id` of the first element of obj[key] (Octavia's `loadbalancers: [{"id": ...}]`).
std::string first_ref_id(const nlohmann::json& obj, const std::string& key);

}  // namespace fedplan::openstack_lb
