// The state in the `values` representation of Terraform's JSON (as `terraform show -json`
// prints a state), and outputs with their types as `terraform output -json` prints them.
#include "engine/render/render_state_json.h"

#include <map>

#include "engine/render/render_json_values.h"
#include "lang/value_json.h"
#include "state/instance_value.h"

namespace fedplan {
namespace {

using json = nlohmann::json;

// One recorded object: the `values` keys, and what only a state knows (tainted, deposed,
// depends_on) as Terraform writes them.
json state_resource_json(const InstanceState& inst, const std::string& deposed) {
  json j = resource_values_json(inst.addr, inst.provider, value_of(inst));
  j["schema_version"] = inst.schema_version;
  if (inst.tainted) j["tainted"] = true;
  if (!deposed.empty()) j["deposed_key"] = deposed;
  if (!inst.dependencies.empty()) {
    json deps = json::array();
    for (const InstanceAddr& d : inst.dependencies) deps.push_back(d.to_string());
    j["depends_on"] = std::move(deps);
  }
  return j;
}

}  // namespace

json type_json(const Type& type) {
  if (type.is_primitive()) return type.to_string();
  switch (type.kind) {
    case TypeKind::List:
    case TypeKind::Set:
    case TypeKind::Map:
      return json::array({type.kind == TypeKind::List  ? "list"
                          : type.kind == TypeKind::Set ? "set"
                                                       : "map",
                          type_json(type.element())});
    case TypeKind::Tuple: {
      json elements = json::array();
      for (const Type& e : type.elements) elements.push_back(type_json(e));
      return json::array({"tuple", std::move(elements)});
    }
    case TypeKind::Object: {
      json attrs = json::object();
      for (const ObjectAttr& a : type.attrs) attrs[a.name] = type_json(a.type);
      return json::array({"object", std::move(attrs)});
    }
    default:
      return "dynamic";  // any
  }
}

json output_type_json(const OutputState& output) {
  if (!output.type.is_null()) return output.type;
  return type_json(type_of(from_json(output.value)));
}

json output_json(const OutputState& output) {
  return {
      {"sensitive", output.sensitive}, {"type", output_type_json(output)}, {"value", output.value}};
}

json state_outputs_json(const State& state) {
  json outputs = json::object();
  for (const auto& [name, o] : state.outputs) {
    json j = output_json(o);
    if (o.sensitive) j.erase("value");
    outputs[name] = std::move(j);
  }
  return outputs;
}

std::string render_state_json(const State& state) {
  json outputs = state_outputs_json(state);
  std::map<ModulePath, json> by_module;
  auto add = [&](const InstanceState& inst, const std::string& deposed) {
    json& list = by_module.try_emplace(inst.addr.resource.module, json::array()).first->second;
    list.push_back(state_resource_json(inst, deposed));
  };
  for (const auto& [addr, inst] : state.instances) add(inst, "");
  for (const auto& [key, inst] : state.deposed) add(inst, key.second);
  json doc = json::object();
  doc["format_version"] = "1.0";
  doc["terraform_version"] = kTerraformVersion;
  doc["fedplan_version"] = kFedplanVersion;
  doc["values"] = {{"outputs", std::move(outputs)},
                   {"root_module", modules_json(std::move(by_module))}};
  return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace fedplan
