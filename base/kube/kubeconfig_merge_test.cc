// Tests of KUBECONFIG as client-go merges it: first file wins per name and for current-context,
// missing files skipped, `~` and relative paths, explicit context/cluster/user, impersonation,
// proxies, and errors naming file, line and field.
#include <doctest/doctest.h>

#include "base/kube/kubeconfig.h"
#include "base/testing/temp_dir.h"

namespace fedplan::kube {
namespace {

using fedplan::testing::TempDir;

KubeconfigOptions opts(std::map<std::string, std::string> env) {
  KubeconfigOptions o;
  o.env = env_from_map(std::move(env));
  return o;
}

// Loads what the KUBECONFIG entry of `env` lists, as the provider loads its kubeconfig setting.
KubeconfigResult load_env(const std::map<std::string, std::string>& env,
                          KubeconfigSelection sel = {}) {
  KubeconfigOptions o = opts(env);
  bool must = false;
  std::vector<std::string> paths = kubeconfig_paths(env.at("KUBECONFIG"), o.env, &must);
  return load_kubeconfig_files(paths, must, sel, o);
}

// Two files: a defines cluster c (one server) and context x; b redefines c and adds y and
// current-context y; a sets no current-context.
struct TwoFiles {
  TempDir dir;
  std::string a = dir.write("a/config", R"(
clusters:
- name: c
  cluster: {server: "https://a.example:6443", certificate-authority: ca.pem}
users:
- name: u
  user: {tokenFile: ~/tokens/u}
contexts:
- name: x
  context: {cluster: c, user: u, namespace: from-a}
)");
  std::string b = dir.write("b/config", R"(
clusters:
- name: c
  cluster: {server: "https://b.example:6443"}
- name: d
  cluster: {server: "https://d.example:6443", certificate-authority: ca.pem}
users:
- name: u
  user: {token: from-b}
- name: v
  user: {token: v-token}
contexts:
- name: x
  context: {cluster: d, user: v}
- name: y
  context: {cluster: d, user: v}
current-context: y
)");
  TwoFiles() {
    dir.write("a/ca.pem", "CA OF A");
    dir.write("b/ca.pem", "CA OF B");
    dir.write("home/tokens/u", "token-of-u\n");
  }
  std::map<std::string, std::string> env() const {
    return {{"KUBECONFIG", a + ":" + dir.path() + "/missing:" + b}, {"HOME", dir / "home"}};
  }
};

}  // namespace

TEST_CASE("KUBECONFIG: the first file to set current-context wins, later files add names") {
  TwoFiles f;
  KubeconfigResult r = load_env(f.env());
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.server == "https://d.example:6443");
  CHECK(r.access.tls.ca_pem == "CA OF B");  // relative to b's directory, where d is defined
  CHECK(r.access.token == "v-token");
  CHECK(r.access.source == "kubeconfig " + f.b + " (context \"y\")");
}

TEST_CASE("KUBECONFIG: the first file to define a name wins, whole entries never mixed") {
  TwoFiles f;
  KubeconfigSelection sel;
  sel.context = "x";
  KubeconfigResult r = load_env(f.env(), sel);
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.server == "https://a.example:6443");  // a's c, not b's
  CHECK(r.access.tls.ca_pem == "CA OF A");
  CHECK(r.access.token == "token-of-u");  // a's u: tokenFile with ~ expanded, not b's token
  CHECK(r.access.default_namespace == "from-a");
  // Swapped order: b's x and b's current-context win.
  auto env = f.env();
  env["KUBECONFIG"] = f.b + ":" + f.a;
  r = load_env(env, sel);
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.server == "https://d.example:6443");
  CHECK(r.access.token == "v-token");
}

TEST_CASE("KUBECONFIG: explicit cluster and user replace the context's") {
  TwoFiles f;
  KubeconfigSelection sel;
  sel.context = "y";
  sel.cluster = "c";
  sel.user = "u";
  KubeconfigResult r = load_env(f.env(), sel);
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.server == "https://a.example:6443");
  CHECK(r.access.token == "token-of-u");
  sel.user = "nobody";
  r = load_env(f.env(), sel);
  CHECK(r.error == "kubeconfig " + f.a + ":" + f.dir.path() + "/missing:" + f.b +
                       ": the selected user \"nobody\", which is not defined (users: \"u\", "
                       "\"v\")");
}

TEST_CASE(
    "KUBECONFIG lists: empty entries and repeats dropped, ~ expanded, none found is an error") {
  TempDir dir;
  dir.write("home/.kube/config",
            "clusters: [{name: c, cluster: {server: 'https://home:1'}}]\n"
            "contexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n");
  KubeconfigResult r =
      load_env({{"KUBECONFIG", "::~/.kube/config:~/.kube/config:"}, {"HOME", dir / "home"}});
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.server == "https://home:1");
  r = load_env({{"KUBECONFIG", dir / "nope1:" + dir / "nope2"}});
  CHECK(r.error == "kubeconfig: none of " + dir / "nope1:" + dir / "nope2" + " exists");
  bool must = false;
  CHECK(kubeconfig_paths("~/k", env_from_map({{"HOME", "/h/"}}), &must) ==
        std::vector<std::string>{"/h/k"});
  CHECK(must);
  CHECK(kubeconfig_paths("/a::~/b:/a", env_from_map({{"HOME", "/h"}}), &must) ==
        std::vector<std::string>{"/a", "/h/b"});
  CHECK_FALSE(must);
}

TEST_CASE("KUBECONFIG: a broken file among several is an error naming it, line and column") {
  TwoFiles f;
  std::string bad = f.dir.write("bad", "clusters:\n- name: c\n  cluster: {server: x, servr: y}\n");
  auto env = f.env();
  env["KUBECONFIG"] = f.a + ":" + bad;
  KubeconfigResult r = load_env(env);
  CHECK(r.error == "kubeconfig " + bad +
                       ":3:24: cluster \"c\": unknown field \"servr\" (did you mean \"server\"?)");
}

TEST_CASE("kubeconfig: fields of the wrong kind, unknown and duplicate names are errors") {
  auto err = [](const std::string& text) { return parse_kubeconfig(text, "/k", "x").error; };
  CHECK(err("clusters: [{name: c, cluster: {server: 'https://h', insecure-skip-tls-verify: "
            "maybe}}]\n") ==
        "kubeconfig /k:1:79: cluster \"c\": insecure-skip-tls-verify must be true or false");
  CHECK(err("users: [{name: u, user: {as-groups: a}}]\n") ==
        "kubeconfig /k:1:37: user \"u\": as-groups must be a list of strings");
  CHECK(err("clusters: [{name: c, cluster: {}}, {name: c, cluster: {}}]\n") ==
        "kubeconfig /k:1:43: cluster \"c\" is defined twice in this file");
  CHECK(err("curent-context: x\n") ==
        "kubeconfig /k:1:1: unknown field \"curent-context\" (did you mean \"current-context\"?)");
  CHECK(err("contexts: [{name: x, contxt: {}}]\n") ==
        "kubeconfig /k:1:22: context \"x\": unknown field \"contxt\" (did you mean \"context\"?)");
}

TEST_CASE("kubeconfig: as, as-uid, as-groups and as-user-extra become the impersonation") {
  KubeconfigOptions o = opts({});
  KubeconfigResult r = parse_kubeconfig(R"(clusters: [{name: c, cluster: {server: "https://h"}}]
users:
- name: u
  user:
    token: t
    as: alice
    as-uid: "1234"
    as-groups: [devs, ops]
    as-user-extra: {scopes: [view, edit]}
contexts: [{name: x, context: {cluster: c, user: u}}]
)",
                                        "/k", "x", o);
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.impersonate.user == "alice");
  CHECK(r.access.impersonate.uid == "1234");
  CHECK(r.access.impersonate.groups == std::vector<std::string>{"devs", "ops"});
  CHECK(r.access.impersonate.extra.at("scopes") == std::vector<std::string>{"view", "edit"});
  r = parse_kubeconfig(
      "clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
      "users: [{name: u, user: {as-groups: [g]}}]\n"
      "contexts: [{name: x, context: {cluster: c, user: u}}]\n",
      "/k", "x", o);
  CHECK(r.error.find("sets as-uid, as-groups or as-user-extra without as") != std::string::npos);
}

TEST_CASE("kubeconfig: proxy-url wins over the environment, which applies otherwise") {
  KubeconfigOptions o = opts({{"https_proxy", "http://env-proxy:3128"}, {"NO_PROXY", ".corp"}});
  std::string text =
      "clusters: [{name: c, cluster: {server: 'https://h', proxy-url: 'http://p:8080'}},\n"
      "           {name: d, cluster: {server: 'https://d'}}]\n"
      "contexts: [{name: x, context: {cluster: c}}, {name: y, context: {cluster: d}}]\n";
  KubeconfigResult r = parse_kubeconfig(text, "/k", "x", o);
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.proxy.fixed == "http://p:8080");
  CHECK(r.access.proxy.https_proxy.empty());
  r = parse_kubeconfig(text, "/k", "y", o);
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.proxy.fixed.empty());
  CHECK(r.access.proxy.https_proxy == "http://env-proxy:3128");
  CHECK(r.access.proxy.no_proxy == ".corp");
  r = parse_kubeconfig(
      "clusters: [{name: c, cluster: {server: 'https://h', proxy-url: 'socks5://p:1'}}]\n"
      "contexts: [{name: x, context: {cluster: c}}]\n",
      "/k", "x", o);
  CHECK_MESSAGE(r.error.find("kubeconfig /k:1:64: cluster \"c\": proxy-url: proxy socks5://p:1: "
                             "socks5 proxies are not supported") == 0,
                r.error);
}

TEST_CASE("kubeconfig: username and password are sent as basic authentication") {
  KubeconfigResult r = parse_kubeconfig(
      "clusters: [{name: c, cluster: {server: 'https://h'}}]\n"
      "users: [{name: u, user: {username: admin, password: secret}}]\n"
      "contexts: [{name: x, context: {cluster: c, user: u}}]\n",
      "/k", "x", opts({}));
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.access.basic_auth == "admin:secret");
}

}  // namespace fedplan::kube
