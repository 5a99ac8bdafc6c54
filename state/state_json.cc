// State file encoding and digest. The layout is pretty at the top and one compact line per
// instance, so a diff or grep of the file works instance by instance and 100k instances
// encode in a fraction of a second. Decoding is in state_decode.cc.
#include "state/state_json.h"

#include "base/digest.h"
#include "state/json_writer.h"

#ifndef FEDPLAN_VERSION
#define FEDPLAN_VERSION "0.0.0"
#endif

namespace fedplan {

namespace {

// One `resources[]` entry on one line. Field order is fixed: identity first, then data.
void append_instance(JsonOut& out, const InstanceState& inst, const std::string& deposed = "") {
  const ResourceAddr& r = inst.addr.resource;
  std::string module = r.module.to_string();
  std::string address = module.empty() ? r.local_string() : module + "." + r.local_string();
  address += inst.addr.key.to_string();
  out.raw("{\"address\":");
  out.string(address);
  if (!module.empty()) {
    out.raw(",\"module\":");
    out.string(module);
  }
  out.raw(r.mode == ResourceMode::Data ? ",\"mode\":\"data\",\"type\":"
                                       : ",\"mode\":\"managed\",\"type\":");
  out.string(r.type);
  out.raw(",\"name\":");
  out.string(r.name);
  if (inst.addr.key.kind == InstanceKey::Kind::Int) {
    out.raw(",\"index_key\":");
    out.integer(inst.addr.key.index);
  } else if (inst.addr.key.kind == InstanceKey::Kind::String) {
    out.raw(",\"index_key\":");
    out.string(inst.addr.key.key);
  }
  if (!deposed.empty()) {
    out.raw(",\"deposed\":");
    out.string(deposed);
  }
  out.raw(",\"provider\":");
  out.string(inst.provider.to_string());
  if (inst.tainted) out.raw(",\"tainted\":true");
  if (inst.schema_version != 0) {
    out.raw(",\"schema_version\":");
    out.integer(inst.schema_version);
  }
  out.raw(",\"attributes\":");
  if (inst.attributes.is_null())
    out.raw("{}");
  else
    out.value(inst.attributes);
  out.raw(",\"sensitive_paths\":");
  if (inst.sensitive_paths.is_null())
    out.raw("[]");
  else
    out.value(inst.sensitive_paths);
  out.raw(",\"dependencies\":[");
  for (size_t i = 0; i < inst.dependencies.size(); ++i) {
    if (i) out.raw(',');
    out.string(inst.dependencies[i].to_string());
  }
  out.raw("]}");
}

// The identity fields and the outputs, one per line, up to the resources list.
void write_head(JsonOut& out, const State& state) {
  out.raw("{\n  \"version\": ");
  out.integer(state.version);
  // The build that writes the file, whichever wrote the state it started from.
  out.raw(",\n  \"fedplan_version\": ");
  out.string(FEDPLAN_VERSION);
  out.raw(",\n  \"serial\": ");
  out.raw(std::to_string(state.serial));
  out.raw(",\n  \"lineage\": ");
  out.string(state.lineage);
  out.raw(",\n  \"outputs\": {");
  bool first = true;
  for (const auto& [name, o] : state.outputs) {
    out.raw(first ? "\n    " : ",\n    ");
    first = false;
    out.string(name);
    out.raw(": {\"value\":");
    out.value(o.value);
    out.raw(o.sensitive ? ",\"sensitive\":true" : ",\"sensitive\":false");
    if (!o.type.is_null()) {
      out.raw(",\"type\":");
      out.value(o.type);
    }
    out.raw('}');
  }
  out.raw(first ? "},\n" : "\n  },\n");
  // Written only when there are some, so a state without them reads as it always did.
  if (!state.pending.empty()) {
    out.raw("  \"pending_operations\": [");
    bool first_op = true;
    for (const auto& [addr, inst] : state.pending) {
      out.raw(first_op ? "\n    {\"operation\":\"create\",\"resource\":"
                       : ",\n    {\"operation\":\"create\",\"resource\":");
      first_op = false;
      append_instance(out, inst);
      out.raw('}');
    }
    out.raw("\n  ],\n");
  }
  out.raw("  \"resources\": [");
}

// Between resources[] entries, and after the last one (`entries`: how many were written).
void resource_separator(JsonOut& out, size_t written) {
  out.raw(written == 0 ? "\n    " : ",\n    ");
}
void write_tail(JsonOut& out, size_t entries) {
  out.raw(entries == 0 ? "]\n}\n" : "\n  ]\n}\n");
}

// The whole file: identity fields, outputs one per line, resources one per line.
void write_state(JsonOut& out, const State& state) {
  write_head(out, state);
  size_t n = 0;
  for (const auto& [_, inst] : state.instances) {
    resource_separator(out, n++);
    append_instance(out, inst);
  }
  // Deposed objects after every current one, in (address, key) order.
  for (const auto& [key, inst] : state.deposed) {
    resource_separator(out, n++);
    append_instance(out, inst, key.second);
  }
  write_tail(out, n);
}

}  // namespace

std::string encode_state(const State& state) {
  std::string text;
  text.reserve(256 + state.instances.size() * 640);
  {
    JsonOut out(text);
    write_state(out, state);
  }
  return text;
}

std::string encode_instance(const InstanceState& inst, const std::string& deposed) {
  std::string text;
  {
    JsonOut out(text);
    append_instance(out, inst, deposed);
  }
  return text;
}

std::string assemble_state(const EncodedState& encoded) {
  size_t size = 256;
  for (const auto& r : encoded.resources) size += r->size() + 6;
  std::string text;
  text.reserve(size);
  {
    JsonOut out(text);
    write_head(out, encoded.head);
    size_t n = 0;
    for (const auto& r : encoded.resources) {
      resource_separator(out, n++);
      out.raw(*r);
    }
    write_tail(out, n);
  }
  return text;
}

State state_head(const State& state) {
  State head;
  head.version = state.version;
  head.fedplan_version = state.fedplan_version;
  head.lineage = state.lineage;
  head.serial = state.serial;
  head.outputs = state.outputs;
  head.pending = state.pending;
  return head;
}

EncodedState encode_pieces(const State& state) {
  EncodedState out;
  out.head = state_head(state);
  for (const auto& [addr, inst] : state.instances)
    out.resources.push_back(std::make_shared<const std::string>(encode_instance(inst)));
  for (const auto& [key, inst] : state.deposed)
    out.resources.push_back(std::make_shared<const std::string>(encode_instance(inst, key.second)));
  return out;
}

std::string state_digest(const State& state) {
  return sha256_hex(encode_state(state));
}

}  // namespace fedplan
