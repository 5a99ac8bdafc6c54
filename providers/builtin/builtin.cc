// Registration of the built-in providers (see builtin.h).
#include "providers/builtin/builtin.h"

#include "providers/builtin/local_provider.h"
#include "providers/builtin/null_provider.h"

namespace fedplan {

void add_builtin_providers(ProviderRegistry& registry) {
  registry.add("null", [] { return make_null_provider(); });
  registry.add("local", [] { return make_local_provider(); });
}

}  // namespace fedplan
