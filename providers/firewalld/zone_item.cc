// Open, close, read and import of one zone entry (port or service) on every configured host,
// with the per-host record of what fedplan opened and what was open before it came.
#include "providers/firewalld/zone_item.h"

#include <algorithm>
#include <set>
#include <vector>

#include "base/parallel.h"
#include "providers/firewalld/resource_plan.h"
#include "providers/sdk/attrs.h"

namespace fedplan::firewalld {
namespace {

// Runtime's errors are reported first: they name the value plainly ("service \"x\" is not
// defined"), where
// --permanent words them as a sentence.
constexpr Layer kLayers[] = {Layer::Runtime, Layer::Permanent};

bool get_bool(const Value& obj, std::string_view name) {
  const Value* v = obj.is_mapping() && obj.known() ? obj.get(name) : nullptr;
  return v && v->known() && v->kind() == ValueKind::Bool && v->as_bool();
}

std::string action(const char* verb, const ItemKey& key, Layer layer) {
  return std::string(verb) + " " + key.describe() + " (" + layer_name(layer) + ")";
}

bool any_open(const HostItems& hosts) {
  for (const auto& [label, h] : hosts)
    if (h.runtime || h.permanent) return true;
  return false;
}

// Whether the entry is open on host `i` in a layer; nullopt after reporting a failure.
using OpenAnswer = std::function<std::optional<bool>(size_t i, Layer layer, Diagnostics& d)>;

// Asks firewall-cmd --query-*. A zone firewalld does not know (yet) holds nothing: not open.
OpenAnswer query_answer(const Transport& t, const ItemKey& key) {
  return [&t, key](size_t i, Layer layer, Diagnostics& d) -> std::optional<bool> {
    CmdRun run =
        t.run(t.hosts()[i], item_args(layer, key.zone, key.kind, Verb::Query, key.item), true);
    if (run.outcome.failed() && run.outcome.code == "INVALID_ZONE") return false;
    if (run.outcome.failed()) {
      add_run_error(d, run, action("reading", key, layer));
      return std::nullopt;
    }
    return run.outcome.ok();
  };
}

// Asks every host about the layers in `query` ([0] permanent, [1] runtime).
void ask_hosts(const Transport& t, const bool (&query)[2], const OpenAnswer& answer,
               std::vector<HostItem>& found, std::vector<Diagnostics>& diags) {
  t.for_each_host([&](size_t i) {
    for (Layer layer : kLayers) {
      if (!query[layer == Layer::Runtime]) continue;
      std::optional<bool> open = answer(i, layer, diags[i]);
      if (!open) return;
      found[i].open(layer) = *open;
    }
  });
}

// The layers a read asks about: where fedplan keeps the entry, or where some host still has
// fedplan's opening (the summary may already say false after earlier drift).
void layers_to_read(const Value& state, bool (&query)[2]) {
  ItemLayers layers = state_layers(state);
  query[0] = layers.permanent;
  query[1] = layers.runtime;
  for (const auto& [label, h] : host_items_from(state)) {
    query[0] = query[0] || h.permanent;
    query[1] = query[1] || h.runtime;
  }
}

// A read from the answers: a layer closed on any host reads false (drift), closed
// everywhere reads as gone (null).
ReadResult read_with(const Transport& t, const Value& state, const MakeItemState& make_state,
                     const OpenAnswer& answer) {
  ReadResult result;
  bool query[2];
  layers_to_read(state, query);
  HostItems prior_hosts = host_items_from(state);
  const std::vector<std::string>& hosts = t.hosts();
  std::vector<HostItem> found(hosts.size());
  std::vector<Diagnostics> diags(hosts.size());
  for (size_t i = 0; i < hosts.size(); ++i) {
    auto it = prior_hosts.find(t.label(hosts[i]));
    if (it != prior_hosts.end()) {
      found[i].preexisting_runtime = it->second.preexisting_runtime;
      found[i].preexisting_permanent = it->second.preexisting_permanent;
    }
  }
  ask_hosts(t, query, answer, found, diags);
  for (Diagnostics& d : diags) result.diags.append(std::move(d));
  if (result.diags.has_errors()) {
    result.state = state;
    return result;
  }
  HostItems now;
  ItemLayers top = state_layers(state);
  top.permanent = query[0];
  top.runtime = query[1];
  for (size_t i = 0; i < hosts.size(); ++i) {
    HostItem& h = found[i];
    if (!h.runtime) h.preexisting_runtime = false;
    if (!h.permanent) h.preexisting_permanent = false;
    top.runtime = top.runtime && h.runtime;
    top.permanent = top.permanent && h.permanent;
    now[t.label(hosts[i])] = h;
  }
  if (!any_open(now)) return result;  // closed everywhere: gone
  result.state = make_state(top, now);
  return result;
}

}  // namespace

std::string ItemKey::describe() const {
  return std::string(item_noun(kind)) + " " + id;
}

std::optional<ItemLayers> config_layers(const Value& config, Diagnostics& diags) {
  sdk::Attrs a(config, &diags);
  if (a.unknown("runtime") || a.unknown("permanent") || a.unknown("runtime_only"))
    return std::nullopt;
  size_t before = diags.size();
  std::optional<bool> runtime = a.boolean("runtime");
  std::optional<bool> permanent = a.boolean("permanent");
  std::optional<bool> runtime_only = a.boolean("runtime_only");
  if (diags.size() != before) return std::nullopt;
  ItemLayers l;
  l.runtime_only = runtime_only.value_or(false);
  l.runtime = runtime.value_or(true);
  l.permanent = permanent.value_or(!l.runtime_only);
  if (l.runtime_only && l.permanent) {
    diags.error("runtime_only conflicts with permanent = true",
                "runtime_only = true keeps the opening out of the permanent configuration "
                "(as the seed scripts did); drop one of the two.");
    return std::nullopt;
  }
  if (l.runtime_only && !l.runtime) {
    diags.error("runtime_only conflicts with runtime = false",
                "runtime_only = true means the opening lives in the runtime configuration only.");
    return std::nullopt;
  }
  if (!l.runtime && !l.permanent) {
    diags.error("Nothing to open: runtime and permanent are both false",
                "Set runtime = true, permanent = true, or both (the default).");
    return std::nullopt;
  }
  return l;
}

ItemLayers state_layers(const Value& state) {
  ItemLayers l;
  l.runtime = get_bool(state, "runtime");
  l.permanent = get_bool(state, "permanent");
  l.runtime_only = get_bool(state, "runtime_only");
  return l;
}

HostItems host_items_from(const Value& state) {
  HostItems out;
  const Value* hosts = state.known() && state.is_mapping() ? state.get("hosts") : nullptr;
  if (!hosts || !hosts->known() || !hosts->is_mapping()) return out;
  for (const auto& [label, v] : hosts->attributes()) {
    HostItem h;
    h.runtime = get_bool(v, "runtime");
    h.permanent = get_bool(v, "permanent");
    h.preexisting_runtime = get_bool(v, "preexisting_runtime");
    h.preexisting_permanent = get_bool(v, "preexisting_permanent");
    out[label] = h;
  }
  return out;
}

Value host_items_value(const HostItems& hosts) {
  ValueMap m;
  for (const auto& [label, h] : hosts) {
    m[label] = Value::object({{"runtime", Value::boolean(h.runtime)},
                              {"permanent", Value::boolean(h.permanent)},
                              {"preexisting_runtime", Value::boolean(h.preexisting_runtime)},
                              {"preexisting_permanent", Value::boolean(h.preexisting_permanent)}});
  }
  return Value::map(std::move(m));
}

ValueMap item_state_attrs(const ItemKey& key, const ItemLayers& layers, const HostItems& hosts) {
  bool pre_rt = false, pre_perm = false;
  for (const auto& [label, h] : hosts) {
    pre_rt = pre_rt || h.preexisting_runtime;
    pre_perm = pre_perm || h.preexisting_permanent;
  }
  return {{"zone", Value::string(key.zone)},
          {"id", Value::string(key.id)},
          {"runtime", Value::boolean(layers.runtime)},
          {"permanent", Value::boolean(layers.permanent)},
          {"runtime_only", Value::boolean(layers.runtime_only)},
          {"preexisting_runtime", Value::boolean(pre_rt)},
          {"preexisting_permanent", Value::boolean(pre_perm)},
          {"hosts", host_items_value(hosts)}};
}

std::vector<AttributeSchema> item_common_schema(const std::string& id_form) {
  auto runtime =
      make_attr("runtime", Type::boolean(), "Open in the running firewall (default true).");
  auto permanent = make_attr("permanent", Type::boolean(),
                             "Open in the permanent configuration, kept across --reload and "
                             "reboot (default true; false when runtime_only).");
  auto runtime_only = make_attr("runtime_only", Type::boolean(),
                                "Runtime only, exactly as the seed scripts opened ports.");
  runtime.computed = permanent.computed = runtime_only.computed = true;
  auto id = make_attr("id", Type::string(), id_form);
  auto pre_rt = make_attr("preexisting_runtime", Type::boolean(),
                          "Some host had it open at runtime before fedplan; fedplan leaves it so.");
  auto pre_perm = make_attr("preexisting_permanent", Type::boolean(),
                            "Some host had it open permanently before fedplan; fedplan leaves it.");
  auto hosts = make_attr(
      "hosts",
      Type::map(Type::object({ObjectAttr::of("runtime", Type::boolean()),
                              ObjectAttr::of("permanent", Type::boolean()),
                              ObjectAttr::of("preexisting_runtime", Type::boolean()),
                              ObjectAttr::of("preexisting_permanent", Type::boolean())})),
      "Per host (\"user@host:port\" or \"local\"): what is open and whether it was before.");
  id.computed = pre_rt.computed = pre_perm.computed = hosts.computed = true;
  id.read_only = pre_rt.read_only = pre_perm.read_only = hosts.read_only = true;
  return {runtime, permanent, runtime_only, id, pre_rt, pre_perm, hosts};
}

void add_planned_layers(ValueMap& planned, const std::optional<ItemLayers>& layers) {
  auto flag = [&](bool ItemLayers::*member) {
    return layers ? Value::boolean((*layers).*member) : Value::unknown(ValueKind::Bool);
  };
  planned["runtime"] = flag(&ItemLayers::runtime);
  planned["permanent"] = flag(&ItemLayers::permanent);
  planned["runtime_only"] = flag(&ItemLayers::runtime_only);
}

ApplyResult apply_item(const Transport& t, const ItemKey& key, const Value& prior_state,
                       const std::optional<ItemLayers>& planned, const MakeItemState& make_state,
                       bool resumed) {
  ApplyResult result;
  HostItems prior_hosts = host_items_from(prior_state);
  const std::vector<std::string>& hosts = t.hosts();
  std::vector<HostItem> records(hosts.size());
  std::vector<Diagnostics> diags(hosts.size());
  std::vector<char> retryable(hosts.size(), 0);
  for (size_t i = 0; i < hosts.size(); ++i) {
    auto it = prior_hosts.find(t.label(hosts[i]));
    if (it != prior_hosts.end()) records[i] = it->second;
  }

  // Per host, the two layers at once: they are independent in firewalld, and each joins the
  // shared run of its own layer (Transport::change_item).
  std::vector<Diagnostics> layer_diags(hosts.size() * 2);
  std::vector<char> layer_retryable(hosts.size() * 2, 0);
  t.for_each_host([&](size_t i) {
    HostItem& h = records[i];
    parallel_for(2, 2, [&](size_t li) {
      Layer layer = kLayers[li];
      Diagnostics& d = layer_diags[i * 2 + li];
      bool want = planned && planned->in(layer);
      if (want) {
        CmdRun run = t.change_item(hosts[i], layer, key.zone, key.kind, Verb::Add, key.item);
        if (run.outcome.failed()) {
          add_run_error(d, run, action("opening", key, layer));
          layer_retryable[i * 2 + li] = run.outcome.retryable;
          return;
        }
        // Open before fedplan first opened it here: someone else's, never closed by fedplan
        // (unless a killed run of fedplan opened it: resumed). Open while fedplan's record
        // says it is fedplan's: keep what the record says.
        bool already = run.outcome.code == "ALREADY_ENABLED" && !resumed;
        h.preexisting(layer) = already && (h.open(layer) ? h.preexisting(layer) : true);
        h.open(layer) = true;
      } else if (h.open(layer)) {
        if (!h.preexisting(layer)) {
          CmdRun run = t.change_item(hosts[i], layer, key.zone, key.kind, Verb::Remove, key.item);
          if (run.outcome.failed()) {
            add_run_error(d, run, action("closing", key, layer));
            layer_retryable[i * 2 + li] = run.outcome.retryable;
            return;
          }
        }
        h.open(layer) = false;
        h.preexisting(layer) = false;
      }
    });
    // A host that fails both layers the same way (not running, ssh down) is one error.
    Diagnostics& rt = layer_diags[i * 2];
    Diagnostics& perm = layer_diags[i * 2 + 1];
    bool same =
        rt.has_errors() && perm.has_errors() && rt.items[0].summary == perm.items[0].summary;
    diags[i].append(std::move(rt));
    if (!same) diags[i].append(std::move(perm));
    retryable[i] = layer_retryable[i * 2] || layer_retryable[i * 2 + 1];
  });

  HostItems now;
  for (size_t i = 0; i < hosts.size(); ++i) {
    now[t.label(hosts[i])] = records[i];
    result.diags.append(std::move(diags[i]));
    result.retryable = result.retryable || retryable[i];
  }
  for (const auto& [label, h] : prior_hosts) {
    if (now.count(label) || !(h.runtime || h.permanent)) continue;
    result.diags.warning("firewalld on " + label + ": host is no longer configured",
                         "The provider's hosts no longer include " + label +
                             ", so fedplan cannot reach it; " + key.describe() +
                             " is left there as it is and forgotten.");
  }
  bool failed = result.diags.has_errors();
  if (!planned) {
    // Deleted everywhere: nothing left to remember. Failed: the hosts not yet closed remain.
    if (failed) result.state = make_state(state_layers(prior_state), now);
    return result;
  }
  if (failed && prior_state.is_null() && !any_open(now)) return result;  // nothing was made
  result.state = make_state(*planned, now);
  return result;
}

ApplyResult apply_item_request(const Transport& t, const ApplyRequest& request,
                               const ItemKeyOf& key_of, const ItemStateOf& state_of,
                               const std::string& what) {
  ApplyResult r;
  bool deleting = request.planned.is_null();
  std::optional<ItemKey> key = key_of(deleting ? request.prior : request.planned, r.diags);
  std::optional<ItemLayers> layers;
  if (!deleting) layers = config_layers(request.planned, r.diags);
  if (r.diags.has_errors() || !key || (!deleting && !layers)) {
    r.state = request.prior;
    return r;
  }
  if (!deleting && !request.prior.is_null()) {
    Diagnostics ignored;
    std::optional<ItemKey> prior_key = key_of(request.prior, ignored);
    if (prior_key && prior_key->id != key->id) {
      r.diags.error(request.type + ": " + what + " changed in place",
                    "From " + prior_key->id + " to " + key->id +
                        "; these attributes force a replacement (delete, then create).");
      r.state = request.prior;
      return r;
    }
  }
  return apply_item(t, *key, request.prior, layers, state_of(*key), request.resumed);
}

ReadResult read_item(const Transport& t, const ItemKey& key, const Value& state,
                     const MakeItemState& make_state) {
  return read_with(t, state, make_state, query_answer(t, key));
}

std::vector<ReadResult> read_items(const Transport& t, const std::vector<ItemRead>& items) {
  // What to list: every (zone, layer) some item needs, on every host.
  std::set<std::pair<std::string, Layer>> lists;
  std::optional<ItemKind> kind;
  for (const ItemRead& item : items) {
    bool query[2];
    layers_to_read(item.state, query);
    for (Layer layer : kLayers)
      if (query[layer == Layer::Runtime]) lists.insert({item.key.zone, layer});
    kind = item.key.kind;
  }
  const std::vector<std::string>& hosts = t.hosts();
  // Per host: the entries of each listed (zone, layer), or the failed run.
  struct Listing {
    std::vector<std::string> entries;
    std::optional<CmdRun> failure;
  };
  std::vector<std::map<std::pair<std::string, Layer>, Listing>> listed(hosts.size());
  // The (host, zone, layer) lists run side by side, max_parallel at a time: each is a
  // firewall-cmd process, about half a second of Python startup.
  std::vector<std::pair<size_t, std::pair<std::string, Layer>>> runs;
  for (size_t i = 0; kind && i < hosts.size(); ++i) {
    for (const auto& list : lists) {
      listed[i][list];  // made here, so that each thread only fills in its own
      runs.emplace_back(i, list);
    }
  }
  parallel_for(runs.size(), static_cast<size_t>(t.config().max_parallel), [&](size_t k) {
    const auto& [i, list] = runs[k];
    CmdRun run = t.run(hosts[i], list_args(list.second, list.first, *kind), false);
    Listing& l = listed[i][list];
    if (run.outcome.failed() && run.outcome.code != "INVALID_ZONE")
      l.failure = std::move(run);
    else if (run.outcome.ok())
      l.entries = parse_list(run.result.out);
  });
  std::vector<ReadResult> out;
  for (const ItemRead& item : items) {
    const ItemKey& key = item.key;
    OpenAnswer answer = [&](size_t i, Layer layer, Diagnostics& d) -> std::optional<bool> {
      const Listing& l = listed[i].at({key.zone, layer});
      if (l.failure) {
        add_run_error(d, *l.failure, action("reading", key, layer));
        return std::nullopt;
      }
      if (key.kind != ItemKind::Port)
        return std::find(l.entries.begin(), l.entries.end(), key.item) != l.entries.end();
      size_t slash = key.item.find('/');
      std::optional<PortRange> range = parse_port_range(key.item.substr(0, slash), nullptr);
      return range && ports_cover(l.entries, *range, key.item.substr(slash + 1));
    };
    out.push_back(read_with(t, item.state, item.make_state, answer));
  }
  return out;
}

std::vector<ReadResult> read_item_states(const Transport& t, const std::vector<Value>& states,
                                         const ToItemRead& to_read) {
  std::vector<ReadResult> out(states.size());
  std::vector<ItemRead> items;
  std::vector<size_t> where;
  for (size_t i = 0; i < states.size(); ++i) {
    std::optional<ItemRead> item = to_read(states[i], out[i].diags);
    if (!item) {
      out[i].state = states[i];
      continue;
    }
    items.push_back(std::move(*item));
    where.push_back(i);
  }
  std::vector<ReadResult> read = read_items(t, items);
  for (size_t j = 0; j < read.size(); ++j) out[where[j]] = std::move(read[j]);
  return out;
}

ReadResult import_item(const Transport& t, const ItemKey& key, const MakeItemState& make_state) {
  ReadResult result;
  const std::vector<std::string>& hosts = t.hosts();
  std::vector<HostItem> found(hosts.size());
  std::vector<Diagnostics> diags(hosts.size());
  bool query[2] = {true, true};
  ask_hosts(t, query, query_answer(t, key), found, diags);
  for (Diagnostics& d : diags) result.diags.append(std::move(d));
  if (result.diags.has_errors()) return result;
  HostItems now;
  ItemLayers top{true, true, false};
  for (size_t i = 0; i < hosts.size(); ++i) {
    top.runtime = top.runtime && found[i].runtime;
    top.permanent = top.permanent && found[i].permanent;
    now[t.label(hosts[i])] = found[i];
  }
  if (!any_open(now)) {
    result.diags.error("Cannot import " + key.describe(),
                       "It is open neither at runtime nor permanently on any configured host.");
    return result;
  }
  result.state = make_state(top, now);
  return result;
}

}  // namespace fedplan::firewalld
