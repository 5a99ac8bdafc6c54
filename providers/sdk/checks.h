// The checks and diagnostics every provider needs the same way: a config against its schema,
// a bad attribute value, a type the provider does not serve.
#pragma once

#include <string>
#include <string_view>

#include "providers/provider.h"

namespace fedplan::sdk {

// Adds `Invalid value for "NAME"` with `detail` (a sentence saying what is wrong).
void invalid_value(Diagnostics& d, std::string_view name, const std::string& detail);
// The same with the detail `"VALUE" WHY.`: the value quoted (a hostile value cannot break the
// message's layout), then the reason, such as "must be 1 to 65535".
void invalid_value(Diagnostics& d, std::string_view name, std::string_view value,
                   const std::string& why);

// Checks `config` (values may be unknown) against `schema`: an object, no unknown attribute,
// no read-only attribute set, every required attribute present, every value of its type. Each
// error names the attribute. Returns the config with values converted to their types and
// sensitive attributes marked (the input itself where a conversion failed). Nested blocks are
// not checked: no provider that uses this has any.
Value check_config(const ResourceSchema& schema, const Value& config, Diagnostics& d);

// The diagnostic for a type `schema`'s provider does not serve, listing the ones it does.
// `type` is a resource type, or "data.TYPE" for a data source (as validate() names them).
Diagnostics unknown_type(const ProviderSchema& schema, const std::string& type);

}  // namespace fedplan::sdk
