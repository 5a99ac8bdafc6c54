// Data file reading and writing: a JSON document with the cluster snapshot and identity.
#include "sandbox/persistence.h"

#include "base/files.h"
#include "sandbox/kubeconfig.h"

namespace fedplan::sandbox {

using nlohmann::json;

bool make_identity(const std::string& name, Identity* out, std::string* err) {
  if (!make_ca("fedplan-sandbox-ca@" + name, "fedplan-sandbox", 3650, KeyType::EcP256, &out->ca,
               err))
    return false;
  if (!make_serving_cert(out->ca, "fedplan-sandbox-apiserver", {"localhost"}, {"127.0.0.1"}, 3650,
                         &out->serving, err))
    return false;
  out->token = random_hex(32);
  return true;
}

bool load_data_file(const std::string& path, Cluster& cluster, Identity* identity, bool* found,
                    std::string* err) {
  std::string text;
  *found = read_file(path, &text, nullptr);
  if (!*found) return true;
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    *err = path + ": not a fedplan-sandbox data file (invalid JSON)";
    return false;
  }
  const json& id = doc.value("identity", json::object());
  auto s = [&](const char* a, const char* b) {
    return id.contains(a) && id[a].is_object() && id[a].contains(b) && id[a][b].is_string()
               ? id[a][b].get<std::string>()
               : std::string();
  };
  identity->ca = {s("ca", "cert"), s("ca", "key")};
  identity->serving = {s("serving", "cert"), s("serving", "key")};
  identity->token = id.value("token", "");
  if (identity->ca.cert_pem.empty() || identity->serving.key_pem.empty() ||
      identity->token.empty()) {
    *err = path + ": the data file has no identity";
    return false;
  }
  if (!cluster.restore(doc.value("state", json::object()), err)) {
    *err = path + ": " + *err;
    return false;
  }
  return true;
}

bool save_data_file(const std::string& path, const Cluster& cluster, const Identity& identity,
                    std::string* err) {
  json doc = {
      {"identity",
       {{"ca", {{"cert", identity.ca.cert_pem}, {"key", identity.ca.key_pem}}},
        {"serving", {{"cert", identity.serving.cert_pem}, {"key", identity.serving.key_pem}}},
        {"token", identity.token}}},
      {"state", cluster.snapshot()}};
  return write_file_atomic(path, doc.dump(1) + "\n", {}, err);
}

}  // namespace fedplan::sandbox
