// kube_istio_cacerts: plan (rotation rules), apply (OpenSSL keys pushed to the cacerts Secret,
// only PEM certificates, fingerprints and digests recorded), refresh and delete.
#include "providers/kube/cacerts_resource.h"

#include "base/base64.h"
#include "base/certs.h"
#include "base/files.h"
#include "providers/kube/secret_push.h"
#include "providers/kube/secret_rotation.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

// Settings whose change makes new material: the certificate would say something else.
const char* const kCacertsMaterialSettings[] = {"root_cert_file", "root_key_file", "common_name",
                                                "organization",   "key_type",      "validity"};
// Settings that change in place.
const char* const kCacertsPlainSettings[] = {"rotate_before", "restart_on_rotation",
                                             "restart_timeout", "rotation"};
const char* const kCacertsComputed[] = {
    "ca_cert",    "root_cert",  "cert_chain",  "ca_key_sha256",    "root_key_sha256",
    "expires_at", "secret_uid", "data_sha256", "live_data_sha256", "restarted"};

std::string cacerts_ns(const Doc& d) {
  return string_or(d, "namespace", "istio-system");
}
std::string cacerts_name(const Doc& d) {
  return string_or(d, "name", "cacerts");
}
bool cacerts_has_root(const Doc& d) {
  return !member(d.json, "root_cert_file").is_null();
}

// The root certificate the config names (read from its file), "" for a self-contained root.
bool cacerts_root_cert(const Doc& config, std::string* pem, std::string* err) {
  if (!cacerts_has_root(config)) return true;
  return read_file(string_attr(config, "root_cert_file"), pem, err, "the root certificate");
}

Doc cacerts_planned_material(const Doc& config, const std::string& root_pem) {
  Doc planned{json::object()};
  for (const auto& [k, v] : config.json.items())
    if (!v.is_null()) planned.set(k, config.at(k));
  for (const char* k : kCacertsComputed) planned.set(k, Doc::unknown_value());
  if (!root_pem.empty()) planned.set("root_cert", Doc{json(root_pem)});
  planned.set("private_key", Doc{json(kNotStored)});
  return planned;
}

}  // namespace

Diagnostics validate_cacerts(const Doc& config) {
  Diagnostics d;
  bool cert =
      !member(config.json, "root_cert_file").is_null() || !config.at("root_cert_file").known();
  bool key = !member(config.json, "root_key_file").is_null() || !config.at("root_key_file").known();
  if (cert != key)
    d.error("Incomplete root CA",
            "root_cert_file and root_key_file go together: both name the root that signs this "
            "cluster's intermediate CA, or neither, for a root of the mesh's own.");
  std::string kt = string_attr(config, "key_type");
  if (!kt.empty() && kt != "rsa-2048" && kt != "ec-p256")
    d.error("Invalid key_type",
            "key_type must be \"rsa-2048\" or \"ec-p256\", not \"" + kt + "\".");
  for (const char* k : {"validity", "rotate_before", "restart_timeout"}) {
    std::string err;
    if (config.at(k).known() && !duration_attr(config, k, {}, &err))
      d.error(std::string("Invalid ") + k, err);
  }
  std::string err;
  auto validity = duration_attr(config, "validity", std::chrono::hours(8760), &err);
  auto before = duration_attr(config, "rotate_before", std::chrono::hours(720), &err);
  if (validity && before && config.at("validity").known() && config.at("rotate_before").known() &&
      *before >= *validity)
    d.error("rotate_before is not shorter than validity",
            "Every plan would rotate the CA. Make rotate_before shorter than validity (the "
            "defaults are 720h and 8760h).");
  return d;
}

DocPlan plan_cacerts(const Doc& prior, const Doc& config, Clock::time_point now) {
  DocPlan r;
  if (config.is_null()) return r;
  r.diags = validate_cacerts(config);
  if (r.diags.has_errors()) return r;
  std::string root_pem, err;
  if (config.wholly_known() && !cacerts_root_cert(config, &root_pem, &err)) {
    r.diags.error("Cannot read the root CA", err);
    return r;
  }
  std::string secret = cacerts_ns(config) + "/" + cacerts_name(config);
  std::string restart = bool_attr(config, "restart_on_rotation")
                            ? "the istiod Deployments of " + cacerts_ns(config) + " are restarted"
                            : "";
  if (prior.is_null()) {
    r.planned = cacerts_planned_material(config, root_pem);
    r.note = "ca-key.pem is made at apply and pushed to " + secret + ": " + kNotStored;
    return r;
  }
  for (const char* k : {"namespace", "name"})
    if (!equal_content(prior.at(k), config.at(k)))
      r.requires_replace.push_back({PathStep::attr(k)});
  if (!r.requires_replace.empty()) {
    r.planned = cacerts_planned_material(config, root_pem);
    return r;
  }
  std::string err2;
  RotationFacts f;
  f.what = "the CA certificate";
  f.expires_at = string_attr(prior, "expires_at");
  f.rotate_before = duration_attr(config, "rotate_before", std::chrono::hours(720), &err2)
                        .value_or(std::chrono::hours(720));
  f.now = now;
  f.recorded_rotation = member(prior.json, "rotation");
  f.wanted_rotation = member(config.json, "rotation");
  f.data_sha256 = string_attr(prior, "data_sha256");
  f.live_data_sha256 = string_attr(prior, "live_data_sha256");
  f.secret = secret;
  std::vector<std::string> reasons = rotation_reasons(f);
  if (!config.at("rotation").known()) reasons.push_back("rotation is known only after apply");
  for (const char* k : kCacertsMaterialSettings)
    if (!equal_content(prior.at(k), config.at(k))) reasons.push_back(std::string(k) + " changed");
  if (cacerts_has_root(config) && config.wholly_known() &&
      root_pem != string_attr(prior, "root_cert"))
    reasons.push_back("the root certificate in " + string_attr(config, "root_cert_file") +
                      " is not the one that signed the recorded CA");
  if (!reasons.empty()) {
    r.planned = cacerts_planned_material(config, root_pem);
    r.note = rotation_note("the CA in " + secret, reasons, restart);
    return r;
  }
  bool same = true;
  for (const char* k : kCacertsPlainSettings)
    same = same && equal_content(prior.at(k), config.at(k));
  if (same) {
    r.keep_prior = true;
    return r;
  }
  Doc planned = prior;  // settings only: the material stays
  for (const char* k : kCacertsPlainSettings) planned.set(k, config.at(k));
  r.planned = std::move(planned);
  return r;
}

namespace {

// The CA material the config asks for; a self-contained root serves as its own CA.
bool cacerts_make(const Doc& config, Clock::time_point now, CertKey* ca, std::string* root_pem,
                  std::string* chain, std::string* root_key_sha, std::string* err) {
  std::chrono::milliseconds validity =
      duration_attr(config, "validity", std::chrono::hours(8760), err)
          .value_or(std::chrono::hours(8760));
  int days = std::max<int>(1, static_cast<int>(validity.count() / 86'400'000));
  KeyType kt = string_attr(config, "key_type") == "ec-p256" ? KeyType::EcP256 : KeyType::Rsa2048;
  std::string org = string_or(config, "organization", "cluster.local");
  if (!cacerts_has_root(config)) {
    if (!make_ca(string_or(config, "common_name", "fedplan root CA"), org, days, kt, ca, err, now))
      return false;
    *root_pem = ca->cert_pem;
    *chain = ca->cert_pem;
    *root_key_sha = key_public_sha256(ca->key_pem, err);
    return true;
  }
  CertKey root;
  if (!read_file(string_attr(config, "root_cert_file"), &root.cert_pem, err,
                 "the root certificate") ||
      !read_file(string_attr(config, "root_key_file"), &root.key_pem, err, "the root key"))
    return false;
  *root_key_sha = key_public_sha256(root.key_pem, err);
  if (root_key_sha->empty()) return false;
  if (!make_intermediate_ca(root, string_or(config, "common_name", "fedplan intermediate CA"), org,
                            days, kt, ca, err))
    return false;
  *root_pem = root.cert_pem;
  *chain = ca->cert_pem + root.cert_pem;
  return true;
}

void cacerts_error(DocState& r, const OpError& e) {
  r.diags.error(e.summary, e.detail);
  r.retryable = e.retryable;
}

}  // namespace

DocState apply_cacerts(KubeRuntime& rt, const Doc& prior, bool deleting, const Doc& config,
                       const Doc& planned) {
  DocState r;
  r.keep_prior = true;
  OpError e;
  if (deleting) {
    if (prior.is_null()) return r;
    if (!delete_secret(rt, cacerts_ns(prior), cacerts_name(prior), &e)) {
      cacerts_error(r, e);
      return r;
    }
    r.set_state(Doc());
    return r;
  }
  bool new_material =
      prior.is_null() || planned.is_null() || planned.unknown_at({PathStep::attr("ca_cert")});
  if (!new_material) {
    Doc s = prior;
    for (const char* k : kCacertsPlainSettings) s.set(k, config.at(k));
    r.set_state(std::move(s));
    return r;
  }
  if (!prior.is_null() &&
      (cacerts_ns(prior) != cacerts_ns(config) || cacerts_name(prior) != cacerts_name(config))) {
    if (!delete_secret(rt, cacerts_ns(prior), cacerts_name(prior), &e)) {
      cacerts_error(r, e);
      return r;
    }
    r.set_state(Doc());
  }
  CertKey ca;
  std::string root_pem, chain, root_key_sha, err;
  if (!cacerts_make(config, rt.ops.client().clock().now(), &ca, &root_pem, &chain, &root_key_sha,
                    &err)) {
    r.diags.error("Cannot make the Istio CA", err);
    return r;
  }
  PushedSecret s;
  s.ns = cacerts_ns(config);
  s.name = cacerts_name(config);
  s.labels = {{"app.kubernetes.io/managed-by", "fedplan"}};
  s.data = {{"ca-cert.pem", base64_encode(ca.cert_pem)},
            {"ca-key.pem", base64_encode(ca.key_pem)},
            {"root-cert.pem", base64_encode(root_pem)},
            {"cert-chain.pem", base64_encode(chain)}};
  json live;
  if (!push_secret(rt, s, &live, &e)) {
    cacerts_error(r, e);
    return r;
  }
  CertInfo info;
  inspect_cert(ca.cert_pem, &info, &err);
  Doc st{json::object()};
  for (const auto& [k, v] : config.json.items())
    if (!v.is_null()) st.set(k, config.at(k));
  st.set("private_key", Doc{json(kNotStored)});
  st.set("ca_cert", Doc{json(ca.cert_pem)});
  st.set("root_cert", Doc{json(root_pem)});
  st.set("cert_chain", Doc{json(chain)});
  st.set("ca_key_sha256", Doc{json(info.public_key_sha256)});
  st.set("root_key_sha256", Doc{json(root_key_sha)});
  st.set("expires_at", Doc{json(format_utc(info.not_after))});
  st.set("secret_uid", Doc{member(member(live, "metadata"), "uid")});
  std::string digest = secret_data_sha256(member(live, "data"));
  st.set("data_sha256", Doc{json(digest)});
  st.set("live_data_sha256", Doc{json(digest)});
  st.set("restarted", Doc{json::array()});
  r.set_state(st);
  if (bool_attr(config, "restart_on_rotation")) {
    std::vector<std::string> restarted;
    std::chrono::milliseconds timeout =
        duration_attr(config, "restart_timeout", std::chrono::minutes(5), &err)
            .value_or(std::chrono::minutes(5));
    bool ok = restart_istiod(rt, s.ns, timeout, &restarted, &e);
    st.set("restarted", Doc{json(restarted)});
    r.set_state(st);
    if (!ok) cacerts_error(r, e);
  }
  return r;
}

DocState read_cacerts(KubeRuntime& rt, const Doc& state) {
  DocState r;
  r.keep_prior = true;
  if (state.is_null()) return r;
  json live;
  OpError e;
  if (!read_secret(rt, cacerts_ns(state), cacerts_name(state), &live, &e)) {
    r.diags.error(e.summary, e.detail);
    return r;
  }
  if (live.is_null()) {
    r.set_state(Doc());
    return r;
  }
  Doc s = state;
  s.set("live_data_sha256", Doc{json(secret_data_sha256(member(live, "data")))});
  r.set_state(std::move(s));
  return r;
}

}  // namespace fedplan::kube
