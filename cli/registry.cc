// The provider registry of the fedplan binary: every provider folder that is built is added.
// Each provider exposes one factory function; nothing here knows their insides.
#include "cli/registry.h"

#ifdef FEDPLAN_HAVE_BUILTIN
#include "providers/builtin/builtin.h"
#endif
#ifdef FEDPLAN_HAVE_KUBE
#include "providers/kube/kube_provider.h"
#endif
#ifdef FEDPLAN_HAVE_FIREWALLD
#include "base/process.h"
#include "providers/firewalld/firewalld_provider.h"
#endif
#ifdef FEDPLAN_HAVE_OPENSTACK_LB
#include "providers/openstack_lb/openstack_lb_provider.h"
#endif

namespace fedplan {

ProviderRegistry make_registry() {
  ProviderRegistry r;
#ifdef FEDPLAN_HAVE_BUILTIN
  add_builtin_providers(r);
#endif
#ifdef FEDPLAN_HAVE_KUBE
  r.add("kube", [] { return make_kube_provider(); });
#endif
#ifdef FEDPLAN_HAVE_FIREWALLD
  r.add("firewalld", [] { return make_firewalld_provider(std::make_shared<SubprocessRunner>()); });
#endif
#ifdef FEDPLAN_HAVE_OPENSTACK_LB
  r.add("openstack_lb", [] { return make_openstack_lb_provider(); });
#endif
  return r;
}

}  // namespace fedplan
