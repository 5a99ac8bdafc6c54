// firewalld_zone: create (or adopt) a zone on every host, keep its target, description,
// sources and interfaces, read them back from the permanent configuration, and on delete
// remove only what fedplan made. Creating or deleting a zone, or changing its target, ends
// with `firewall-cmd --reload`, because only a reload shows it to the runtime.
#include "providers/firewalld/zone_resource.h"

#include <set>

#include "base/quote.h"
#include "providers/firewalld/firewalld_values.h"
#include "providers/firewalld/resource_plan.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/checks.h"

namespace fedplan::firewalld {
namespace {

using Names = std::set<std::string>;

// A zone config or state. Unset optional fields are not managed.
struct ZoneSpec {
  std::string name;
  std::optional<std::string> target;
  std::optional<std::string> description;
  std::optional<Names> sources;
  std::optional<Names> interfaces;
};

// One host's record of the zone.
struct HostZone {
  bool exists = false;   // the zone is in the permanent configuration (as last seen)
  bool adopted = false;  // it existed before fedplan: never deleted by fedplan
  Names sources;         // managed sources present there
  Names interfaces;
  Names preexisting_sources;  // were bound before fedplan: never removed by fedplan
  Names preexisting_interfaces;
};
using HostZones = std::map<std::string, HostZone>;

// What each field of a config is: absent (unmanaged), unknown, or a checked value.
struct ZoneFields {
  std::optional<std::string> name, target, description;
  std::optional<Names> sources, interfaces;
  bool name_unknown = false, target_unknown = false, description_unknown = false;
  bool sources_unknown = false, interfaces_unknown = false;
};

ZoneFields read_zone_fields(const Value& obj, Diagnostics& d) {
  sdk::Attrs a(obj, &d);
  ZoneFields f;
  auto text = [&](const char* name, std::string (*check)(std::string_view), bool* unknown,
                  std::optional<std::string>* out) {
    if (a.unknown(name)) {
      *unknown = true;
      return;
    }
    std::optional<std::string> v = a.str(name);
    if (!v) return;
    if (std::string why = check(*v); !why.empty())
      sdk::invalid_value(d, name, *v, why);
    else
      *out = v;
  };
  auto names = [&](const char* name, std::string (*check)(std::string_view), bool* unknown,
                   std::optional<Names>* out) {
    if (a.unknown(name)) {
      *unknown = true;
      return;
    }
    std::optional<std::vector<std::string>> v = a.strings(name);
    if (!v) return;
    Names set;
    bool ok = true;
    for (const std::string& s : *v) {
      if (std::string why = check(s); !why.empty()) {
        sdk::invalid_value(d, name, s, why);
        ok = false;
      }
      set.insert(s);
    }
    if (ok) *out = set;
  };
  text("name", check_zone_name, &f.name_unknown, &f.name);
  if (!f.name && !f.name_unknown && !a.has("name"))
    d.error("Missing \"name\"", "firewalld_zone needs name = \"ZONE\".");
  text("target", check_target, &f.target_unknown, &f.target);
  text("description", check_description, &f.description_unknown, &f.description);
  names("sources", check_source, &f.sources_unknown, &f.sources);
  names("interfaces", check_interface, &f.interfaces_unknown, &f.interfaces);
  return f;
}

std::optional<ZoneSpec> known_spec(const Value& obj, Diagnostics& d) {
  ZoneFields f = read_zone_fields(obj, d);
  if (d.has_errors()) return std::nullopt;
  if (!f.name || f.target_unknown || f.description_unknown || f.sources_unknown ||
      f.interfaces_unknown) {
    d.error("Incomplete firewalld_zone", "Every attribute must be known to apply or read it.");
    return std::nullopt;
  }
  return ZoneSpec{*f.name, f.target, f.description, f.sources, f.interfaces};
}

Names names_of(const Value& v) {
  Names out;
  if (!v.known() || !v.is_sequence()) return out;
  for (const Value& e : v.elements())
    if (e.known() && e.kind() == ValueKind::String) out.insert(e.as_string());
  return out;
}

Value names_value(const Names& n) {
  return string_list({n.begin(), n.end()}, true);
}

HostZones host_zones_from(const Value& state) {
  HostZones out;
  const Value* hosts = state.known() && state.is_mapping() ? state.get("hosts") : nullptr;
  if (!hosts || !hosts->known() || !hosts->is_mapping()) return out;
  for (const auto& [label, v] : hosts->attributes()) {
    auto flag = [&](const char* k) {
      const Value* b = v.get(k);
      return b && b->known() && b->kind() == ValueKind::Bool && b->as_bool();
    };
    auto list = [&](const char* k) {
      const Value* l = v.get(k);
      return l ? names_of(*l) : Names{};
    };
    out[label] = HostZone{flag("exists"),
                          flag("adopted"),
                          list("sources"),
                          list("interfaces"),
                          list("preexisting_sources"),
                          list("preexisting_interfaces")};
  }
  return out;
}

Value make_state(const ZoneSpec& spec, const HostZones& hosts) {
  ValueMap h;
  bool adopted = false;
  for (const auto& [label, z] : hosts) {
    adopted = adopted || z.adopted;
    h[label] = Value::object({{"exists", Value::boolean(z.exists)},
                              {"adopted", Value::boolean(z.adopted)},
                              {"sources", names_value(z.sources)},
                              {"interfaces", names_value(z.interfaces)},
                              {"preexisting_sources", names_value(z.preexisting_sources)},
                              {"preexisting_interfaces", names_value(z.preexisting_interfaces)}});
  }
  auto opt = [](const std::optional<std::string>& s) { return s ? Value::string(*s) : Value(); };
  auto opt_names = [](const std::optional<Names>& n) { return n ? names_value(*n) : Value(); };
  return Value::object({{"name", Value::string(spec.name)},
                        {"id", Value::string(spec.name)},
                        {"target", opt(spec.target)},
                        {"description", opt(spec.description)},
                        {"sources", opt_names(spec.sources)},
                        {"interfaces", opt_names(spec.interfaces)},
                        {"adopted", Value::boolean(adopted)},
                        {"hosts", Value::map(std::move(h))}});
}

// Applies the zone on one host. Returns false after reporting a failure into `d`.
class HostZoneApplier {
 public:
  // `resumed`: a zone found existing was made by a killed run of fedplan (ApplyRequest).
  HostZoneApplier(const Transport& t, const std::string& host, Diagnostics& d, bool& retryable,
                  bool resumed)
      : t_(t), host_(host), d_(d), retryable_(retryable), resumed_(resumed) {}

  bool create_or_update(const ZoneSpec* prior, const ZoneSpec& want, HostZone& h) {
    bool fresh = false;  // first time fedplan handles the zone on this host
    if (!h.exists) {
      CmdRun run = t_.run(host_, new_zone_args(want.name), false);
      if (run.outcome.failed() && run.outcome.code != "NAME_CONFLICT")
        return fail(run, "creating zone " + quote(want.name));
      bool created = run.outcome.ok();
      fresh = true;
      h = HostZone{};
      h.exists = true;
      h.adopted = !created && !resumed_;
      reload_ = created;
    }
    if (want.target && (fresh || !prior || prior->target != want.target)) {
      if (!step(set_target_args(want.name, *want.target),
                "setting the target of zone " + quote(want.name)))
        return false;
      reload_ = true;  // the runtime takes a new target only from a reload
    }
    if (want.description && (fresh || !prior || prior->description != want.description)) {
      if (!step(set_description_args(want.name, *want.description),
                "setting the description of zone " + quote(want.name)))
        return false;
    }
    return sync(want.name, ItemKind::Source, want.sources, h.sources, h.preexisting_sources,
                h.adopted) &&
           sync(want.name, ItemKind::Interface, want.interfaces, h.interfaces,
                h.preexisting_interfaces, h.adopted) &&
           finish();
  }

  bool remove(const std::string& name, HostZone& h) {
    if (!h.exists) return true;
    if (!h.adopted) {
      CmdRun run = t_.run(host_, delete_zone_args(name), false);
      if (run.outcome.failed() && run.outcome.code != "INVALID_ZONE")
        return fail(run, "deleting zone " + quote(name));
      h = HostZone{};
      reload_ = true;
      return finish();
    }
    return sync(name, ItemKind::Source, Names{}, h.sources, h.preexisting_sources, true) &&
           sync(name, ItemKind::Interface, Names{}, h.interfaces, h.preexisting_interfaces, true) &&
           finish();
  }

 private:
  bool fail(const CmdRun& run, const std::string& action) {
    add_run_error(d_, run, action);
    retryable_ = retryable_ || run.outcome.retryable;
    return false;
  }

  bool step(const std::vector<std::string>& args, const std::string& action) {
    CmdRun run = t_.run(host_, args, false);
    return run.outcome.failed() ? fail(run, action) : true;
  }

  // Runs the runtime half of a source/interface change, unless a reload will bring it.
  bool runtime_step(const std::string& zone, ItemKind kind, Verb verb, const std::string& item,
                    const std::string& action) {
    if (reload_) return true;
    CmdRun run = t_.run(host_, item_args(Layer::Runtime, zone, kind, verb, item), false);
    if (run.outcome.failed() && run.outcome.code == "INVALID_ZONE") {
      reload_ = true;  // the zone is permanent-only so far: a reload brings all of it
      return true;
    }
    return run.outcome.failed() ? fail(run, action) : true;
  }

  // Binds what `want` lists and fedplan has not bound yet; unbinds what fedplan bound and
  // `want` no longer lists (all of it when `want` is unset), except what was there before.
  bool sync(const std::string& zone, ItemKind kind, const std::optional<Names>& want, Names& ours,
            Names& preexisting, bool adopted) {
    const Names none;
    const Names& wanted = want ? *want : none;
    for (const std::string& item : wanted) {
      if (ours.count(item)) continue;
      std::string action =
          std::string("binding ") + item_noun(kind) + " " + quote(item) + " to zone " + quote(zone);
      CmdRun run = t_.run(host_, item_args(Layer::Permanent, zone, kind, Verb::Add, item), false);
      if (run.outcome.failed()) return fail(run, action + " (permanent)");
      if (run.outcome.code == "ALREADY_ENABLED" && adopted) preexisting.insert(item);
      if (!runtime_step(zone, kind, Verb::Add, item, action + " (runtime)")) return false;
      ours.insert(item);
    }
    for (auto it = ours.begin(); it != ours.end();) {
      const std::string item = *it;
      if (wanted.count(item)) {
        ++it;
        continue;
      }
      if (!preexisting.count(item)) {
        std::string action = std::string("unbinding ") + item_noun(kind) + " " + quote(item) +
                             " from zone " + quote(zone);
        CmdRun run =
            t_.run(host_, item_args(Layer::Permanent, zone, kind, Verb::Remove, item), false);
        if (run.outcome.failed()) return fail(run, action + " (permanent)");
        if (!runtime_step(zone, kind, Verb::Remove, item, action + " (runtime)")) return false;
      }
      preexisting.erase(item);
      it = ours.erase(it);
    }
    return true;
  }

  bool finish() {
    if (!reload_) return true;
    reload_ = false;
    return step(reload_args(), "reloading firewalld");
  }

  const Transport& t_;
  const std::string& host_;
  Diagnostics& d_;
  bool& retryable_;
  bool resumed_;
  bool reload_ = false;
};

// One host's zone as firewall-cmd reports it; nullopt when the zone does not exist.
struct LiveZone {
  ZoneInfo info;
  std::optional<std::string> description;
};

// Reads the zone on every host; false with errors in `diags` when a host could not be read.
bool read_live(const Transport& t, const std::string& name, bool with_description,
               std::vector<std::optional<LiveZone>>& live, Diagnostics& diags) {
  const std::vector<std::string>& hosts = t.hosts();
  live.assign(hosts.size(), std::nullopt);
  std::vector<Diagnostics> per_host(hosts.size());
  t.for_each_host([&](size_t i) {
    CmdRun run = t.run(hosts[i], info_zone_args(Layer::Permanent, name), false);
    if (run.outcome.failed()) {
      if (run.outcome.code != "INVALID_ZONE")
        add_run_error(per_host[i], run, "reading zone " + quote(name));
      return;
    }
    std::optional<ZoneInfo> info = parse_zone_info(run.result.out);
    if (!info) {
      per_host[i].error("firewalld on " + run.label + ": cannot read the answer of --info-zone",
                        "Command: " + run.command + "\nstdout: " + run.result.out);
      return;
    }
    LiveZone z{*info, std::nullopt};
    if (with_description) {
      CmdRun d = t.run(hosts[i], get_description_args(name), false);
      if (d.outcome.failed()) {
        add_run_error(per_host[i], d, "reading the description of zone " + quote(name));
        return;
      }
      z.description = parse_description(d.result.out);
    }
    live[i] = z;
  });
  for (Diagnostics& d : per_host) diags.append(std::move(d));
  return !diags.has_errors();
}

Names intersect(const Names& a, const std::vector<std::string>& b) {
  Names out;
  for (const std::string& s : b)
    if (a.count(s)) out.insert(s);
  return out;
}

bool any_missing(const Value& state) {
  for (const auto& [label, h] : host_zones_from(state))
    if (!h.exists) return true;
  return false;
}

}  // namespace

ResourceSchema zone_schema() {
  ResourceSchema s;
  s.type = "firewalld_zone";
  s.description =
      "A firewalld zone (permanent configuration). An existing zone is adopted, not replaced.";
  auto name = make_attr("name", Type::string(), "1 to 17 letters, digits, '_' or '-'.");
  name.required = name.force_new = true;
  auto target = make_attr("target", Type::string(), "default, ACCEPT, DROP or REJECT.");
  auto description = make_attr("description", Type::string(), "Free text (no newlines).");
  auto sources = make_attr("sources", Type::set(Type::string()),
                           "Addresses or CIDR networks bound to the zone.");
  auto interfaces =
      make_attr("interfaces", Type::set(Type::string()), "Interfaces bound to the zone.");
  auto id = make_attr("id", Type::string(), "The zone name.");
  auto adopted = make_attr("adopted", Type::boolean(),
                           "The zone existed on some host before fedplan: it is never deleted.");
  Type names = Type::set(Type::string());
  auto hosts = make_attr(
      "hosts",
      Type::map(Type::object({ObjectAttr::of("exists", Type::boolean()),
                              ObjectAttr::of("adopted", Type::boolean()),
                              ObjectAttr::of("sources", names), ObjectAttr::of("interfaces", names),
                              ObjectAttr::of("preexisting_sources", names),
                              ObjectAttr::of("preexisting_interfaces", names)})),
      "Per host: whether the zone exists, was adopted, and what fedplan bound to it.");
  id.computed = adopted.computed = hosts.computed = true;
  id.read_only = adopted.read_only = hosts.read_only = true;
  s.attributes = {name, target, description, sources, interfaces, id, adopted, hosts};
  return s;
}

Diagnostics validate_zone(const Value& config) {
  Diagnostics d;
  read_zone_fields(config, d);
  return d;
}

PlanResult plan_zone(const PlanRequest& request) {
  static const ResourceSchema schema = zone_schema();
  if (request.config.is_null()) return finish_plan(request, {}, schema);
  PlanResult r;
  ZoneFields f = read_zone_fields(request.config, r.diags);
  if (r.diags.has_errors()) return r;
  auto text = [](bool unknown, const std::optional<std::string>& s) {
    return unknown ? Value::unknown(ValueKind::String) : s ? Value::string(*s) : Value();
  };
  auto names = [](bool unknown, const std::optional<Names>& n) {
    return unknown ? Value::unknown(ValueKind::Set) : n ? names_value(*n) : Value();
  };
  ValueMap planned = {{"name", text(f.name_unknown, f.name)},
                      {"id", text(f.name_unknown, f.name)},
                      {"target", text(f.target_unknown, f.target)},
                      {"description", text(f.description_unknown, f.description)},
                      {"sources", names(f.sources_unknown, f.sources)},
                      {"interfaces", names(f.interfaces_unknown, f.interfaces)}};
  // A host where the zone went missing (or a host added to the provider) needs an apply
  // even when every attribute still matches.
  return finish_plan(request, std::move(planned), schema, any_missing(request.prior));
}

ApplyResult apply_zone(const Transport& t, const ApplyRequest& request) {
  ApplyResult r;
  bool deleting = request.planned.is_null();
  std::optional<ZoneSpec> want;
  std::optional<ZoneSpec> prior;
  if (!deleting && !(want = known_spec(request.planned, r.diags))) {
    r.state = request.prior;
    return r;
  }
  if (!request.prior.is_null()) {
    Diagnostics ignored;
    prior = known_spec(request.prior, deleting ? r.diags : ignored);
    if (deleting && !prior) {
      r.state = request.prior;
      return r;
    }
  }
  if (want && prior && want->name != prior->name) {
    r.diags.error("firewalld_zone: name changed in place",
                  "From " + quote(prior->name) + " to " + quote(want->name) +
                      "; the name forces a replacement (delete, then create).");
    r.state = request.prior;
    return r;
  }
  HostZones prior_hosts = host_zones_from(request.prior);
  const std::vector<std::string>& hosts = t.hosts();
  std::vector<HostZone> records(hosts.size());
  std::vector<Diagnostics> diags(hosts.size());
  std::vector<char> retry(hosts.size(), 0);
  for (size_t i = 0; i < hosts.size(); ++i) {
    auto it = prior_hosts.find(t.label(hosts[i]));
    if (it != prior_hosts.end()) records[i] = it->second;
  }
  t.for_each_host([&](size_t i) {
    bool retryable = false;
    HostZoneApplier applier(t, hosts[i], diags[i], retryable, request.resumed);
    if (deleting)
      applier.remove(prior->name, records[i]);
    else
      applier.create_or_update(prior ? &*prior : nullptr, *want, records[i]);
    retry[i] = retryable;
  });
  HostZones now;
  bool exists_somewhere = false;
  for (size_t i = 0; i < hosts.size(); ++i) {
    now[t.label(hosts[i])] = records[i];
    exists_somewhere = exists_somewhere || records[i].exists;
    r.diags.append(std::move(diags[i]));
    r.retryable = r.retryable || retry[i];
  }
  for (const auto& [label, h] : prior_hosts) {
    if (!now.count(label) && h.exists)
      r.diags.warning("firewalld on " + label + ": host is no longer configured",
                      "The provider's hosts no longer include " + label + "; zone " +
                          quote(want ? want->name : prior->name) +
                          " is left there as it is and forgotten.");
  }
  if (deleting) {
    if (r.diags.has_errors()) r.state = make_state(*prior, now);
    return r;
  }
  if (r.diags.has_errors() && request.prior.is_null() && !exists_somewhere) return r;
  r.state = make_state(*want, now);
  return r;
}

ReadResult read_zone(const Transport& t, const Value& state, bool pending) {
  ReadResult r;
  std::optional<ZoneSpec> spec = known_spec(state, r.diags);
  if (!spec) {
    r.state = state;
    return r;
  }
  std::vector<std::optional<LiveZone>> live;
  if (!read_live(t, spec->name, spec->description.has_value(), live, r.diags)) {
    r.state = state;
    return r;
  }
  HostZones prior_hosts = host_zones_from(state);
  HostZones now;
  ZoneSpec top = *spec;
  bool exists_somewhere = false;
  for (size_t i = 0; i < live.size(); ++i) {
    std::string label = t.label(t.hosts()[i]);
    HostZone h;
    auto it = prior_hosts.find(label);
    if (it != prior_hosts.end()) h = it->second;
    if (!live[i]) {
      now[label] = HostZone{};  // gone here: nothing of fedplan's is left on this host
      continue;
    }
    exists_somewhere = true;
    const LiveZone& z = *live[i];
    h.exists = true;
    // Found on a host fedplan never touched: there before fedplan, unless a killed run of
    // fedplan's made it.
    if (it == prior_hosts.end()) h.adopted = !pending;
    h.sources = intersect(h.sources, z.info.sources);
    h.interfaces = intersect(h.interfaces, z.info.interfaces);
    h.preexisting_sources = intersect(h.preexisting_sources, z.info.sources);
    h.preexisting_interfaces = intersect(h.preexisting_interfaces, z.info.interfaces);
    // The summary shows the first host that differs from what fedplan set.
    if (top.target == spec->target && spec->target && z.info.target != *spec->target)
      top.target = z.info.target;
    if (top.description == spec->description && spec->description &&
        z.description != spec->description)
      top.description = z.description;
    if (top.sources) top.sources = intersect(*top.sources, z.info.sources);
    if (top.interfaces) top.interfaces = intersect(*top.interfaces, z.info.interfaces);
    now[label] = h;
  }
  if (!exists_somewhere) return r;  // deleted everywhere: gone
  r.state = make_state(top, now);
  return r;
}

ReadResult import_zone(const Transport& t, const std::string& id) {
  ReadResult r;
  if (std::string why = check_zone_name(id); !why.empty()) {
    r.diags.error("Invalid firewalld_zone id " + quote(id), "The id is the zone name; it " + why);
    return r;
  }
  std::vector<std::optional<LiveZone>> live;
  if (!read_live(t, id, true, live, r.diags)) return r;
  HostZones now;
  std::optional<ZoneSpec> top;
  for (size_t i = 0; i < live.size(); ++i) {
    HostZone h;
    if (live[i]) {
      const LiveZone& z = *live[i];
      h.exists = true;
      h.sources = Names(z.info.sources.begin(), z.info.sources.end());
      h.interfaces = Names(z.info.interfaces.begin(), z.info.interfaces.end());
      if (!top) top = ZoneSpec{id, z.info.target, z.description, h.sources, h.interfaces};
    }
    now[t.label(t.hosts()[i])] = h;
  }
  if (!top) {
    r.diags.error("Cannot import firewalld_zone " + quote(id),
                  "The zone exists on none of the configured hosts.");
    return r;
  }
  r.state = make_state(*top, now);
  return r;
}

}  // namespace fedplan::firewalld
