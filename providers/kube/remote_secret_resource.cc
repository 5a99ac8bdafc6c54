// kube_remote_secret: plan (rotation rules), apply (TokenRequest on the source, the labelled
// kubeconfig Secret on the target), refresh and delete. Only digests and identities are recorded.
#include "providers/kube/remote_secret_resource.h"

#include "base/base64.h"
#include "base/digest.h"
#include "base/kube/exec_plugin.h"
#include "base/yaml_json.h"
#include "providers/kube/secret_push.h"
#include "providers/kube/secret_rotation.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

// Settings whose change needs a new token or kubeconfig.
const char* const kRemoteTokenSettings[] = {
    "source", "service_account", "service_account_namespace", "server", "ca_cert", "token_ttl"};
const char* const kRemotePlainSettings[] = {"rotate_before", "restart_on_rotation",
                                            "restart_timeout", "rotation"};
const char* const kRemoteComputed[] = {"token_sha256",     "token_expires_at", "sa_uid",
                                       "live_sa_uid",      "secret_uid",       "data_sha256",
                                       "live_data_sha256", "restarted"};

std::string remote_ns(const Doc& d) {
  return string_or(d, "namespace", "istio-system");
}
std::string remote_sa_ns(const Doc& d) {
  return string_or(d, "service_account_namespace", "istio-system");
}
std::string remote_name(const Doc& d) {
  return string_or(d, "secret_name", "istio-remote-secret-" + string_attr(d, "cluster_name"));
}

Doc remote_planned_token(const Doc& config) {
  Doc planned{json::object()};
  for (const auto& [k, v] : config.json.items())
    if (!v.is_null()) planned.set(k, config.at(k));
  for (const char* k : kRemoteComputed) planned.set(k, Doc::unknown_value());
  planned.set("token", Doc{json(kNotStored)});
  return planned;
}

void remote_error(DocState& r, const OpError& e) {
  r.diags.error(e.summary, e.detail);
  r.retryable = e.retryable;
}

OpError remote_api_error(const ApiResult& r, const std::string& what) {
  OpError e;
  e.summary = what;
  e.detail = r.message();
  e.retryable = r.status == 0 || r.status >= 500 || r.status == 429;
  return e;
}

}  // namespace

std::string remote_kubeconfig(const std::string& cluster_name, const std::string& server,
                              const std::string& ca_pem, const std::string& token) {
  nlohmann::ordered_json cluster = {{"server", server}};
  if (!ca_pem.empty()) cluster["certificate-authority-data"] = base64_encode(ca_pem);
  nlohmann::ordered_json k = {{"apiVersion", "v1"},
                              {"kind", "Config"},
                              {"clusters", {{{"cluster", cluster}, {"name", cluster_name}}}},
                              {"contexts",
                               {{{"context", {{"cluster", cluster_name}, {"user", cluster_name}}},
                                 {"name", cluster_name}}}},
                              {"current-context", cluster_name},
                              {"preferences", nlohmann::ordered_json::object()},
                              {"users", {{{"name", cluster_name}, {"user", {{"token", token}}}}}}};
  return to_yaml(k);
}

Diagnostics validate_remote_secret(const Doc& config) {
  Diagnostics d;
  const json& src = member(config.json, "source");
  if (config.at("source").known() && !src.is_object())
    d.error("Invalid source",
            "source must be an object shaped like a kube provider block (for example "
            "{ kubeconfig = \"~/.kube/mesh1\", context = \"mesh1\" }).");
  for (const char* k : {"token_ttl", "rotate_before", "restart_timeout"}) {
    std::string err;
    if (config.at(k).known() && !duration_attr(config, k, {}, &err))
      d.error(std::string("Invalid ") + k, err);
  }
  std::string err;
  auto ttl = duration_attr(config, "token_ttl", std::chrono::hours(8760), &err);
  if (ttl && config.at("token_ttl").known() && *ttl < std::chrono::minutes(10))
    d.error("Invalid token_ttl", "token_ttl must be at least 10m (the TokenRequest minimum).");
  auto before = duration_attr(config, "rotate_before", std::chrono::hours(720), &err);
  if (ttl && before && config.at("token_ttl").known() && config.at("rotate_before").known() &&
      *before >= *ttl)
    d.error("rotate_before is not shorter than token_ttl",
            "Every plan would renew the token. Make rotate_before shorter than token_ttl "
            "(the defaults are 720h and 8760h).");
  return d;
}

DocPlan plan_remote_secret(const Doc& prior, const Doc& config, Clock::time_point now) {
  DocPlan r;
  if (config.is_null()) return r;
  r.diags = validate_remote_secret(config);
  if (r.diags.has_errors()) return r;
  std::string secret = remote_ns(config) + "/" + remote_name(config);
  std::string restart = bool_attr(config, "restart_on_rotation")
                            ? "the istiod Deployments of " + remote_ns(config) +
                                  " are restarted "
                                  "(istiod "
                                  "ignores a "
                                  "rotated remote "
                                  "secret until "
                                  "then)"
                            : "";
  if (prior.is_null()) {
    r.planned = remote_planned_token(config);
    r.note = "the token is requested at apply and pushed to " + secret + ": " + kNotStored;
    return r;
  }
  for (const char* k : {"cluster_name", "namespace", "secret_name"})
    if (!equal_content(prior.at(k), config.at(k)))
      r.requires_replace.push_back({PathStep::attr(k)});
  if (!r.requires_replace.empty()) {
    r.planned = remote_planned_token(config);
    return r;
  }
  std::string err;
  RotationFacts f;
  f.what = "the token";
  f.expires_at = string_attr(prior, "token_expires_at");
  f.rotate_before = duration_attr(config, "rotate_before", std::chrono::hours(720), &err)
                        .value_or(std::chrono::hours(720));
  f.now = now;
  f.recorded_rotation = member(prior.json, "rotation");
  f.wanted_rotation = member(config.json, "rotation");
  f.data_sha256 = string_attr(prior, "data_sha256");
  f.live_data_sha256 = string_attr(prior, "live_data_sha256");
  f.secret = secret;
  std::vector<std::string> reasons = rotation_reasons(f);
  if (!config.at("rotation").known()) reasons.push_back("rotation is known only after apply");
  std::string sa = remote_sa_ns(prior) + "/" + string_attr(prior, "service_account");
  const json& live_uid = member(prior.json, "live_sa_uid");
  std::string uid = string_attr(prior, "sa_uid");
  if (live_uid.is_string() && live_uid.get<std::string>().empty())
    reasons.push_back("the service account " + sa + " was deleted on the source cluster");
  else if (live_uid.is_string() && live_uid.get<std::string>() != uid)
    reasons.push_back("the service account " + sa + " was recreated (uid " + uid + " is now " +
                      live_uid.get<std::string>() + "): its tokens are void");
  for (const char* k : kRemoteTokenSettings)
    if (!equal_content(prior.at(k), config.at(k))) reasons.push_back(std::string(k) + " changed");
  if (!reasons.empty()) {
    r.planned = remote_planned_token(config);
    r.note = rotation_note("token", reasons, restart);
    return r;
  }
  bool same = true;
  for (const char* k : kRemotePlainSettings)
    same = same && equal_content(prior.at(k), config.at(k));
  if (same) {
    r.keep_prior = true;
    return r;
  }
  Doc planned = prior;
  for (const char* k : kRemotePlainSettings) planned.set(k, config.at(k));
  r.planned = std::move(planned);
  return r;
}

namespace {

std::string remote_sa_path(const Doc& d) {
  return "/api/v1/namespaces/" + remote_sa_ns(d) + "/serviceaccounts/" +
         string_attr(d, "service_account");
}

// The source service account's uid, "" when it does not exist.
bool remote_sa_uid(KubeClient& source, const Doc& d, std::string* uid, OpError* err) {
  ApiResult r = source.get(remote_sa_path(d));
  if (r.not_found()) {
    uid->clear();
    return true;
  }
  if (!r.ok()) {
    *err = remote_api_error(r, "Reading the service account " + remote_sa_ns(d) + "/" +
                                   string_attr(d, "service_account") + " on the source cluster");
    return false;
  }
  *uid = member(member(r.body, "metadata"), "uid").get<std::string>();
  return true;
}

}  // namespace

DocState apply_remote_secret(KubeRuntime& rt, PeerClients& peers, const Doc& prior, bool deleting,
                             const Doc& config, const Doc& planned) {
  DocState r;
  r.keep_prior = true;
  OpError e;
  if (deleting) {
    if (prior.is_null()) return r;
    if (!delete_secret(rt, remote_ns(prior), remote_name(prior), &e)) {
      remote_error(r, e);
      return r;
    }
    r.set_state(Doc());
    return r;
  }
  bool new_token =
      prior.is_null() || planned.is_null() || planned.unknown_at({PathStep::attr("token_sha256")});
  if (!new_token) {
    Doc s = prior;
    for (const char* k : kRemotePlainSettings) s.set(k, config.at(k));
    r.set_state(std::move(s));
    return r;
  }
  KubeClient* source = peers.get(member(config.json, "source"), r.diags);
  if (!source) return r;
  std::string sa = remote_sa_ns(config) + "/" + string_attr(config, "service_account");
  std::string uid;
  if (!remote_sa_uid(*source, config, &uid, &e)) {
    remote_error(r, e);
    return r;
  }
  if (uid.empty()) {
    r.diags.error("Service account not found on the source cluster",
                  "The service account " + sa + " does not exist on " + source->access().server +
                      "; create it first (a kube_object in the same configuration, and "
                      "depends_on it).");
    return r;
  }
  std::string err;
  auto ttl = duration_attr(config, "token_ttl", std::chrono::hours(8760), &err)
                 .value_or(std::chrono::hours(8760));
  json request = {
      {"apiVersion", "authentication.k8s.io/v1"},
      {"kind", "TokenRequest"},
      {"spec",
       {{"expirationSeconds", std::chrono::duration_cast<std::chrono::seconds>(ttl).count()}}}};
  ApiResult tr = source->send("POST", remote_sa_path(config) + "/token", {}, request.dump(),
                              "application/json", false);
  const json& status = member(tr.body, "status");
  if (!tr.ok() || !member(status, "token").is_string()) {
    remote_error(r,
                 remote_api_error(tr, "Requesting a token for " + sa + " on the source cluster"));
    return r;
  }
  std::string token = status["token"].get<std::string>();
  std::string expires = member(status, "expirationTimestamp").is_string()
                            ? status["expirationTimestamp"].get<std::string>()
                            : "";
  if (!expires.empty())
    if (std::optional<Clock::time_point> t = parse_rfc3339(expires)) expires = format_utc(*t);
  std::string cluster = string_attr(config, "cluster_name");
  std::string server = string_or(config, "server", source->access().server);
  std::string ca = string_or(config, "ca_cert", source->access().tls.ca_pem);
  if (!prior.is_null() &&
      (remote_ns(prior) != remote_ns(config) || remote_name(prior) != remote_name(config))) {
    if (!delete_secret(rt, remote_ns(prior), remote_name(prior), &e)) {
      remote_error(r, e);
      return r;
    }
    r.set_state(Doc());
  }
  PushedSecret s;
  s.ns = remote_ns(config);
  s.name = remote_name(config);
  s.labels = {{"istio/multiCluster", "true"}, {"app.kubernetes.io/managed-by", "fedplan"}};
  s.annotations = {{"networking.istio.io/cluster", cluster}};
  s.data = {{cluster, base64_encode(remote_kubeconfig(cluster, server, ca, token))}};
  json live;
  if (!push_secret(rt, s, &live, &e)) {
    remote_error(r, e);
    return r;
  }
  Doc st{json::object()};
  for (const auto& [k, v] : config.json.items())
    if (!v.is_null()) st.set(k, config.at(k));
  st.set("token", Doc{json(kNotStored)});
  st.set("token_sha256", Doc{json(sha256_hex(token))});
  st.set("token_expires_at", Doc{json(expires)});
  st.set("sa_uid", Doc{json(uid)});
  st.set("live_sa_uid", Doc{json(uid)});
  st.set("secret_uid", Doc{member(member(live, "metadata"), "uid")});
  std::string digest = secret_data_sha256(member(live, "data"));
  st.set("data_sha256", Doc{json(digest)});
  st.set("live_data_sha256", Doc{json(digest)});
  st.set("restarted", Doc{json::array()});
  r.set_state(st);
  if (bool_attr(config, "restart_on_rotation") && !prior.is_null()) {
    std::vector<std::string> restarted;
    auto timeout = duration_attr(config, "restart_timeout", std::chrono::minutes(5), &err)
                       .value_or(std::chrono::minutes(5));
    bool ok = restart_istiod(rt, s.ns, timeout, &restarted, &e);
    st.set("restarted", Doc{json(restarted)});
    r.set_state(st);
    if (!ok) remote_error(r, e);
  }
  return r;
}

DocState read_remote_secret(KubeRuntime& rt, PeerClients& peers, const Doc& state) {
  DocState r;
  r.keep_prior = true;
  if (state.is_null()) return r;
  json live;
  OpError e;
  if (!read_secret(rt, remote_ns(state), remote_name(state), &live, &e)) {
    r.diags.error(e.summary, e.detail);
    return r;
  }
  if (live.is_null()) {
    r.set_state(Doc());
    return r;
  }
  Doc s = state;
  s.set("live_data_sha256", Doc{json(secret_data_sha256(member(live, "data")))});
  Diagnostics d;
  KubeClient* source = peers.get(member(state.json, "source"), d);
  std::string uid;
  if (source && remote_sa_uid(*source, state, &uid, &e)) {
    s.set("live_sa_uid", Doc{json(uid)});
  } else {
    // The target's Secret was refreshed; the source's account cannot be checked now.
    r.diags.warning("Cannot check the remote secret's service account",
                    source ? e.summary + ": " + e.detail : "the source cluster is not reachable");
  }
  r.set_state(std::move(s));
  return r;
}

}  // namespace fedplan::kube
