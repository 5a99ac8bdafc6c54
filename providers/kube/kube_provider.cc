// KubeProvider: configure builds the client stack (transport, retries, cap, discovery); the
// other methods dispatch to the resource, refresh and data source code by type. This is the
// kube provider's edge: requests become Docs here, and the answers Values again.
#include "providers/kube/kube_provider.h"

#include <algorithm>

#include "base/kube/client.h"
#include "providers/kube/cacerts_resource.h"
#include "providers/kube/data_sources.h"
#include "providers/kube/discovery.h"
#include "providers/kube/kube_schema.h"
#include "providers/kube/object_ops.h"
#include "providers/kube/object_resource.h"
#include "providers/kube/objects_resource.h"
#include "providers/kube/plan_memo.h"
#include "providers/kube/provider_config.h"
#include "providers/kube/refresh.h"
#include "providers/kube/remote_secret_resource.h"
#include "providers/kube/runtime.h"
#include "providers/kube/secret_rotation.h"
#include "providers/sdk/checks.h"

namespace fedplan {
namespace {

using namespace fedplan::kube;

PlanResult plan_result(DocPlan&& p, const Value& prior) {
  PlanResult r;
  r.planned = p.keep_prior ? prior : to_value(p.planned);
  r.requires_replace = std::move(p.requires_replace);
  r.note = std::move(p.note);
  r.diags = std::move(p.diags);
  return r;
}

ApplyResult apply_result(DocState&& s, const Value& prior) {
  ApplyResult r;
  r.state = s.keep_prior ? prior : to_value(s.state);
  r.retryable = s.retryable;
  r.diags = std::move(s.diags);
  return r;
}

ReadResult read_result(DocState&& s, const Value& given) {
  ReadResult r;
  r.state = s.keep_prior ? given : to_value(s.state);
  r.diags = std::move(s.diags);
  return r;
}

class KubeProvider : public Provider {
 public:
  explicit KubeProvider(KubeProviderOptions options) : options_(std::move(options)) {
    clock_ = options_.clock ? options_.clock : &system_clock_;
  }

  const ProviderSchema& schema() const override { return kube_schema(); }

  Diagnostics configure(const Value& config) override {
    Diagnostics d;
    client_ = connect(config, d);
    if (!client_) return d;
    discovery_ = std::make_unique<Discovery>(*client_);
    OpsTuning t;
    t.first_poll = options_.first_poll;
    t.max_poll = options_.max_poll;
    t.kind_wait = options_.kind_wait;
    t.delete_timeout = options_.delete_timeout;
    ops_ = std::make_unique<ObjectOps>(*client_, *discovery_, t);
    runtime_ = std::make_unique<KubeRuntime>(*ops_);
    if (options_.plan_reuse.count() > 0)
      memo_ = std::make_unique<PlanMemo>(*clock_, options_.plan_reuse);
    peers_ = std::make_unique<PeerClients>(
        [this](const Value& block, Diagnostics& pd) { return connect(block, pd); });
    return d;
  }

  // A client for the cluster a provider block (or an attribute of that shape) describes.
  std::unique_ptr<KubeClient> connect(const Value& config, Diagnostics& d) const {
    KubeLookup lookup{options_.kubeconfig, options_.service_account_dir};
    if (!lookup.kubeconfig.clock) lookup.kubeconfig.clock = clock_;
    std::optional<KubeSettings> s = read_provider_config(config, lookup, d);
    if (!s) return nullptr;
    BeastTransportOptions bo;
    bo.max_idle_per_host = static_cast<size_t>(std::max(16, s->max_parallel));
    bo.proxy = s->access.proxy;
    std::string err;
    std::unique_ptr<HttpTransport> raw = options_.transport_factory
                                             ? options_.transport_factory(s->access.tls, bo, &err)
                                             : make_beast_transport(s->access.tls, bo, &err);
    if (!raw) {
      d.error("Cannot set up HTTPS to the cluster", err + " (from " + s->access.source + ")");
      return nullptr;
    }
    auto retrying = std::make_shared<RetryingTransport>(
        std::shared_ptr<HttpTransport>(std::move(raw)), *clock_, options_.retry);
    return std::make_unique<KubeClient>(s->access, retrying, *clock_, s->max_parallel);
  }

  Diagnostics validate(const std::string& type, const Value& config) override {
    if (type == "kube_object") return validate_object(to_doc(config));
    if (type == "kube_objects") return validate_objects(to_doc(config));
    if (type == "kube_istio_cacerts") return validate_cacerts(to_doc(config));
    if (type == "kube_remote_secret") return validate_remote_secret(to_doc(config));
    return {};
  }

  PlanResult plan_change(const PlanRequest& request) override {
    PlanResult r;
    if (!ready(request.type, true, r.diags)) return r;
    // The engine asks again at apply time; the same question within plan_reuse gets the same
    // answer without a second dry run (one request per object instead of two).
    Doc prior = to_doc(request.prior);
    Doc config = to_doc(request.config);
    std::string key = memo_ ? PlanMemo::key_of(request.type, prior, config) : "";
    if (std::optional<PlanResult> kept = memo_ ? memo_->take(key) : std::nullopt) return *kept;
    r = plan_result(plan_doc(request.type, prior, config), request.prior);
    if (memo_) memo_->put(key, r);
    return r;
  }

  ApplyResult apply(const ApplyRequest& request) override {
    ApplyResult r;
    r.state = request.prior;
    if (!ready(request.type, true, r.diags)) return r;
    Doc prior = to_doc(request.prior);
    Doc config = to_doc(request.config);
    bool deleting = request.planned.is_null();
    Doc planned = to_doc(request.planned);
    if (request.type == "kube_istio_cacerts")
      return apply_result(apply_cacerts(*runtime_, prior, deleting, config, planned),
                          request.prior);
    if (request.type == "kube_remote_secret")
      return apply_result(apply_remote_secret(*runtime_, *peers_, prior, deleting, config, planned),
                          request.prior);
    return apply_result(
        request.type == "kube_object"
            ? apply_object(*runtime_, prior, deleting, config, planned, request.resumed)
            : apply_objects(*runtime_, prior, deleting, config, planned, request.resumed),
        request.prior);
  }

  ReadResult read(const std::string& type, const Value& state) override {
    ReadResult r;
    r.state = state;
    if (!ready(type, true, r.diags)) return r;
    return read_result(read_doc(type, to_doc(state)), state);
  }

  std::vector<ReadResult> read_many(const std::string& type,
                                    const std::vector<Value>& states) override {
    Diagnostics d;
    if (!ready(type, true, d)) {
      std::vector<ReadResult> out(states.size());
      for (size_t i = 0; i < states.size(); ++i) {
        out[i].state = states[i];
        out[i].diags = d;
      }
      return out;
    }
    if (secret_type(type)) {
      std::vector<ReadResult> out;
      for (const Value& s : states) out.push_back(read_result(read_doc(type, to_doc(s)), s));
      return out;
    }
    std::vector<Doc> docs;
    docs.reserve(states.size());
    for (const Value& s : states) docs.push_back(to_doc(s));
    std::vector<DocState> read = read_states(*runtime_, type, docs);
    std::vector<ReadResult> out;
    out.reserve(read.size());
    for (size_t i = 0; i < read.size(); ++i)
      out.push_back(read_result(std::move(read[i]), states[i]));
    return out;
  }

  std::string other_object(const std::string& type, const Value& recorded,
                           const Value& live) const override {
    if (secret_type(type)) {
      // The Secret a record names, and for a remote secret also the account its token is for.
      std::vector<std::string> identity = {"namespace", "name"};
      if (type == "kube_remote_secret")
        identity = {"namespace",
                    "secret_name",
                    "cluster_name",
                    "service_account",
                    "service_account_namespace",
                    "sa_uid",
                    "secret_uid"};
      else
        identity.push_back("secret_uid");
      for (const std::string& k : identity)
        if (std::string d = attribute_differs(k, recorded, live); !d.empty()) return d;
      return "";
    }
    return kube::other_object(type, to_doc(recorded), to_doc(live));
  }

  ReadResult read_data(const std::string& type, const Value& config) override {
    ReadResult r;
    if (!ready(type, false, r.diags)) return r;
    return read_result(read_data_source(*runtime_, type, to_doc(config)), Value());
  }

  ReadResult import(const std::string& type, const std::string& id) override {
    ReadResult r;
    if (type != "kube_object") return Provider::import(type, id);
    if (!ready(type, true, r.diags)) return r;
    return read_result(import_object(*runtime_, id), Value());
  }

 private:
  // The resources whose keys and tokens are pushed, never stored.
  static bool secret_type(const std::string& type) {
    return type == "kube_istio_cacerts" || type == "kube_remote_secret";
  }

  DocPlan plan_doc(const std::string& type, const Doc& prior, const Doc& config) {
    if (secret_type(type)) {
      // The rotation rules read what the cluster holds now, whether or not the prior came
      // refreshed: the engine's final plan at apply time must come to the same answer.
      Doc live = prior;
      if (!prior.is_null() && !config.is_null()) {
        DocState now = read_doc(type, prior);
        if (now.diags.has_errors()) {
          DocPlan failed;
          failed.diags = std::move(now.diags);
          return failed;
        }
        if (now.keep_prior) {
          live = prior;
        } else if (now.state.is_null()) {
          live.set("live_data_sha256", Doc{nlohmann::json(kSecretGone)});
        } else {
          live = std::move(now.state);
        }
      }
      return type == "kube_istio_cacerts" ? plan_cacerts(live, config, clock_->now())
                                          : plan_remote_secret(live, config, clock_->now());
    }
    return type == "kube_object" ? plan_object(*runtime_, prior, config)
                                 : plan_objects(*runtime_, prior, config);
  }

  DocState read_doc(const std::string& type, const Doc& state) {
    if (type == "kube_istio_cacerts") return read_cacerts(*runtime_, state);
    if (type == "kube_remote_secret") return read_remote_secret(*runtime_, *peers_, state);
    return read_state(*runtime_, type, state);
  }

  bool ready(const std::string& type, bool resource, Diagnostics& d) const {
    if (!runtime_) {
      d.error("Provider not configured", "The kube provider was used before configure().");
      return false;
    }
    bool known =
        resource ? schema().resource(type) != nullptr : schema().data_source(type) != nullptr;
    if (!known) {
      d.append(sdk::unknown_type(schema(), resource ? type : "data." + type));
      return false;
    }
    return true;
  }

  KubeProviderOptions options_;
  SystemClock system_clock_;
  Clock* clock_;
  std::unique_ptr<KubeClient> client_;
  std::unique_ptr<Discovery> discovery_;
  std::unique_ptr<ObjectOps> ops_;
  std::unique_ptr<KubeRuntime> runtime_;
  std::unique_ptr<PlanMemo> memo_;
  std::unique_ptr<PeerClients> peers_;
};

}  // namespace

std::unique_ptr<Provider> make_kube_provider(KubeProviderOptions options) {
  return std::make_unique<KubeProvider>(std::move(options));
}

std::unique_ptr<Provider> make_kube_provider() {
  return make_kube_provider(KubeProviderOptions{});
}

}  // namespace fedplan
