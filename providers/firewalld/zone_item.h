// The shared life of firewalld_port and firewalld_service: an entry of a zone kept open at
// runtime and/or permanently on every host, remembering per host what fedplan itself opened.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "providers/firewalld/firewall_cmd.h"
#include "providers/firewalld/transport.h"
#include "providers/provider.h"

namespace fedplan::firewalld {

// The entry a resource manages.
struct ItemKey {
  ItemKind kind = ItemKind::Port;
  std::string zone;
  std::string item;  // as firewall-cmd writes it: "31000/tcp", "30000-30010/udp", "http"
  std::string id;    // "libvirt/31000/tcp", "libvirt/http"

  std::string describe() const;  // "port libvirt/31000/tcp"
};

// The configurations an entry is kept in.
struct ItemLayers {
  bool runtime = true;
  bool permanent = true;
  bool runtime_only = false;

  bool in(Layer l) const { return l == Layer::Runtime ? runtime : permanent; }
};

// Reads runtime / permanent / runtime_only of a config and checks they agree. nullopt when a
// value is unknown or wrong (errors then in `diags`). runtime_only forces permanent = false.
std::optional<ItemLayers> config_layers(const Value& config, Diagnostics& diags);
// The same attributes of a state, as recorded (no checks: drift may have set them false).
ItemLayers state_layers(const Value& state);

// One host's record: whether fedplan's opening is in place there (as last seen), and whether
// it was open already before fedplan opened it (then fedplan never closes it).
struct HostItem {
  bool runtime = false;
  bool permanent = false;
  bool preexisting_runtime = false;
  bool preexisting_permanent = false;

  bool& open(Layer l) { return l == Layer::Runtime ? runtime : permanent; }
  bool& preexisting(Layer l) {
    return l == Layer::Runtime ? preexisting_runtime : preexisting_permanent;
  }
  bool operator==(const HostItem&) const = default;
};

// Host records by host label ("local", "root@10.0.0.5:22").
using HostItems = std::map<std::string, HostItem>;
HostItems host_items_from(const Value& state);
Value host_items_value(const HostItems& hosts);

// The attributes every item state has (zone, id, runtime, permanent, runtime_only,
// preexisting_runtime, preexisting_permanent, hosts); the resource adds its own.
ValueMap item_state_attrs(const ItemKey& key, const ItemLayers& layers, const HostItems& hosts);

// The schema entries every item resource has: runtime, permanent, runtime_only, id,
// preexisting_runtime, preexisting_permanent, hosts.
std::vector<AttributeSchema> item_common_schema(const std::string& id_form);

// Adds runtime / permanent / runtime_only to a planned object (unknown when `layers` is not
// known yet).
void add_planned_layers(ValueMap& planned, const std::optional<ItemLayers>& layers);

// Builds the resource's state from layers and host records.
using MakeItemState = std::function<Value(const ItemLayers&, const HostItems&)>;

// Opens what `planned` asks for and closes what `prior` held and `planned` no longer does
// (nullopt: nothing / delete), on every configured host. Never closes what was open before,
// but with `resumed` (ApplyRequest::resumed) an entry found open is a killed run's: fedplan's.
ApplyResult apply_item(const Transport& transport, const ItemKey& key, const Value& prior_state,
                       const std::optional<ItemLayers>& planned, const MakeItemState& make_state,
                       bool resumed = false);

// apply() of an item resource: checks the request (the key from `planned`, or from `prior` on
// a delete, must not change in place) and runs apply_item. `key_of` reads an object's key,
// reporting why it cannot. `what` names the key attributes for the message.
using ItemKeyOf = std::function<std::optional<ItemKey>(const Value& obj, Diagnostics& d)>;
using ItemStateOf = std::function<MakeItemState(const ItemKey& key)>;
ApplyResult apply_item_request(const Transport& transport, const ApplyRequest& request,
                               const ItemKeyOf& key_of, const ItemStateOf& state_of,
                               const std::string& what);

// Queries the entry on every host: a layer closed by hand reads as false (drift); closed
// everywhere reads as gone (null state).
ReadResult read_item(const Transport& transport, const ItemKey& key, const Value& state,
                     const MakeItemState& make_state);

// One state to refresh in a bulk read.
struct ItemRead {
  ItemKey key;
  Value state;
  MakeItemState make_state;
};

// Reads many entries of one kind with one --list-* per zone, layer and host instead of one
// --query-* each; the same answers as read_item (a port inside an open range is open).
std::vector<ReadResult> read_items(const Transport& transport, const std::vector<ItemRead>& items);

// read_items over states: `to_read` turns a state into its ItemRead (nullopt after reporting
// why it cannot be read). One result per state, in order.
using ToItemRead = std::function<std::optional<ItemRead>(const Value& state, Diagnostics& d)>;
std::vector<ReadResult> read_item_states(const Transport& transport,
                                         const std::vector<Value>& states,
                                         const ToItemRead& to_read);

// Adopts an entry that is open now: runtime/permanent as found, owned by fedplan from now on.
ReadResult import_item(const Transport& transport, const ItemKey& key,
                       const MakeItemState& make_state);

}  // namespace fedplan::firewalld
