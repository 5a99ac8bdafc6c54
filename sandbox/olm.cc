// The OLM play: Subscription -> (resolution) InstallPlan -> (approval) CSV Installing ->
// (after the delay) the operator's CRDs and play, CSV Succeeded; with OLM's status fields.
#include "sandbox/olm.h"

#include "sandbox/meta.h"
#include "sandbox/operator_util.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

const char* const kOlmManager = "olm";
const char* const kOlmGroupVersion = "operators.coreos.com/v1alpha1";

std::string olm_name(const json& obj) {
  return get_string(get_object(obj, "metadata"), "name");
}

std::string olm_namespace(const json& obj) {
  return get_string(get_object(obj, "metadata"), "namespace");
}

// OLM names InstallPlans install-XXXXX; here the suffix comes from the Subscription's uid.
std::string olm_plan_name(const json& sub) {
  std::string uid = get_string(get_object(sub, "metadata"), "uid");
  std::string suffix;
  for (char ch : uid)
    if (suffix.size() < 5 && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) suffix += ch;
  return "install-" + suffix;
}

json olm_resolution_failed(const json& old_status, const std::string& message,
                           const std::string& now) {
  return {{"conditions",
           {condition(old_status, "ResolutionFailed", true, "ConstraintsNotSatisfiable",
                      "constraints not satisfiable: " + message, now)}},
          {"lastUpdated", now}};
}

}  // namespace

OlmOperator::OlmOperator(OlmOptions options) : options_(options), catalog_(olm_catalog(options)) {}

void OlmOperator::reconcile(Cluster& c) {
  if (c.store().resource_version() == seen_rv_ && !waiting_) return;
  waiting_ = false;
  for (const json& og : live_objects(c, "operators.coreos.com/operatorgroups")) {
    if (get_object(og, "status").contains("namespaces")) continue;
    json targets = get_object(og, "spec").value("targetNamespaces", json::array());
    if (targets.empty()) targets = json::array({""});  // all namespaces
    c.set_status(og, {{"namespaces", targets}, {"lastUpdated", c.now_string()}}, kOlmManager);
  }
  for (const json& s : live_objects(c, "operators.coreos.com/subscriptions")) subscription(c, s);
  for (const json& p : live_objects(c, "operators.coreos.com/installplans")) install_plan(c, p);
  for (const json& v : live_objects(c, "operators.coreos.com/clusterserviceversions")) csv(c, v);
  // The CSVs a plan above made, and the Subscriptions that see them, in the same tick.
  for (const json& v : live_objects(c, "operators.coreos.com/clusterserviceversions")) csv(c, v);
  for (const json& s : live_objects(c, "operators.coreos.com/subscriptions")) subscription(c, s);
  seen_rv_ = c.store().resource_version();
}

const OlmPackage* OlmOperator::package_of_csv(const std::string& csv_name) const {
  for (const OlmPackage& p : catalog_)
    if (p.csv == csv_name) return &p;
  return nullptr;
}

void OlmOperator::install(Cluster& c, const OlmPackage& p) {
  if (!installed_.insert(p.name).second) return;
  if (p.start) {
    p.start(c);  // the play ensures its own CRDs
  } else {
    for (const json& crd : p.crds()) c.ensure(crd, kOlmManager);
  }
}

void OlmOperator::subscription(Cluster& c, const json& sub) {
  const json& spec = get_object(sub, "spec");
  const json& old = get_object(sub, "status");
  std::string now = c.now_string();
  std::string name = olm_name(sub), ns = olm_namespace(sub);
  std::string pkg_name = get_string(spec, "name"), channel = get_string(spec, "channel");
  std::string source = get_string(spec, "source");
  std::string source_ns = get_string(spec, "sourceNamespace");
  std::string starting = get_string(spec, "startingCSV");
  std::string approval = get_string(spec, "installPlanApproval", "Automatic");

  // Resolution, with the messages OLM's resolver gives at each level that excludes everything.
  const OlmPackage* pkg = nullptr;
  std::string failure;
  std::string by = " referenced by subscription " + name;
  if (source != kOlmCatalog || source_ns != kOlmCatalogNamespace) {
    failure = "no operators found from catalog " + source + " in namespace " + source_ns + by;
  } else {
    for (const OlmPackage& p : catalog_)
      if (p.name == pkg_name) pkg = &p;
    if (!pkg) {
      failure = "no operators found in package " + pkg_name + " in the catalog" + by;
    } else {
      if (channel.empty()) channel = pkg->default_channel;
      bool known = false;
      for (const std::string& ch : pkg->channels) known = known || ch == channel;
      if (!known)
        failure = "no operators found in channel " + channel + " of package " + pkg_name +
                  " in the catalog" + by;
      else if (!starting.empty() && starting != pkg->csv)
        failure = "no operators found with name " + starting + " in channel " + channel +
                  " of package " + pkg_name + " in the catalog" + by;
    }
  }
  if (!failure.empty()) {
    json status = olm_resolution_failed(old, failure, now);
    if (old.value("conditions", json()) != status["conditions"])  // else nothing new to say
      c.set_status(sub, status, kOlmManager);
    return;
  }

  std::string plan_name = olm_plan_name(sub);
  const json* plan = c.find(kOlmGroupVersion, "InstallPlan", ns, plan_name);
  if (!plan) {
    json ip = {{"apiVersion", kOlmGroupVersion},
               {"kind", "InstallPlan"},
               {"metadata",
                {{"name", plan_name},
                 {"namespace", ns},
                 {"ownerReferences", json::array({owner_ref(sub)})}}},
               {"spec",
                {{"approval", approval},
                 {"approved", approval == "Automatic"},
                 {"clusterServiceVersionNames", json::array({pkg->csv})},
                 {"generation", 1}}}};
    c.ensure(ip, kOlmManager);
    plan = c.find(kOlmGroupVersion, "InstallPlan", ns, plan_name);
  }
  bool approved = plan && get_bool(get_object(*plan, "spec"), "approved", false);
  bool installed = c.find(kOlmGroupVersion, "ClusterServiceVersion", ns, pkg->csv) != nullptr;
  json conditions =
      json::array({condition(old, "CatalogSourcesUnhealthy", false, "AllCatalogSourcesHealthy",
                             "all available catalogsources are healthy", now)});
  if (!approved)
    conditions.push_back(condition(old, "InstallPlanPending", true, "RequiresApproval", "", now));
  json status = {{"currentCSV", pkg->csv},
                 {"installPlanRef",
                  {{"apiVersion", kOlmGroupVersion},
                   {"kind", "InstallPlan"},
                   {"name", plan_name},
                   {"namespace", ns}}},
                 {"installplan",
                  {{"apiVersion", kOlmGroupVersion}, {"kind", "InstallPlan"}, {"name", plan_name}}},
                 {"state", installed ? "AtLatestKnown" : "UpgradePending"},
                 {"conditions", conditions},
                 {"lastUpdated", get_string(old, "lastUpdated", now)}};
  if (installed) status["installedCSV"] = pkg->csv;
  json compare = old;
  compare["lastUpdated"] = status["lastUpdated"];
  if (compare != status) c.set_status(sub, status, kOlmManager);
}

void OlmOperator::install_plan(Cluster& c, const json& plan) {
  const json& spec = get_object(plan, "spec");
  std::string ns = olm_namespace(plan);
  if (!get_bool(spec, "approved", false)) {
    if (get_string(get_object(plan, "status"), "phase") != "RequiresApproval")
      c.set_status(plan, {{"phase", "RequiresApproval"}}, kOlmManager);
    return;
  }
  json names = spec.value("clusterServiceVersionNames", json::array());
  std::string csv_name = names.empty() || !names[0].is_string() ? "" : names[0].get<std::string>();
  const OlmPackage* pkg = package_of_csv(csv_name);
  if (!pkg) {
    c.set_status(plan, {{"phase", "Failed"}}, kOlmManager);
    return;
  }
  if (!c.find(kOlmGroupVersion, "ClusterServiceVersion", ns, csv_name)) {
    json owned = json::array();
    for (const json& crd : pkg->crds()) {
      const json& s = crd["spec"];
      for (const json& v : s["versions"])
        owned.push_back(
            {{"name", olm_name(crd)}, {"version", v["name"]}, {"kind", s["names"]["kind"]}});
    }
    std::string version = csv_name.substr(csv_name.find(".v") + 2);
    c.ensure({{"apiVersion", kOlmGroupVersion},
              {"kind", "ClusterServiceVersion"},
              {"metadata", {{"name", csv_name}, {"namespace", ns}}},
              {"spec",
               {{"displayName", pkg->display_name},
                {"version", version},
                {"install", {{"strategy", "deployment"}}},
                {"customresourcedefinitions", {{"owned", owned}}}}}},
             kOlmManager);
  }
  if (get_string(get_object(plan, "status"), "phase") != "Complete")
    c.set_status(plan, {{"phase", "Complete"}, {"catalogSources", json::array({kOlmCatalog})}},
                 kOlmManager);
}

void OlmOperator::csv(Cluster& c, const json& csv) {
  const OlmPackage* pkg = package_of_csv(olm_name(csv));
  if (!pkg) return;
  const json& old = get_object(csv, "status");
  std::string phase, reason, message;
  size_t groups = live_objects(c, "operators.coreos.com/operatorgroups", olm_namespace(csv)).size();
  if (get_string(old, "phase") == "Succeeded") {
    install(c, *pkg);  // after a restart, the play starts again
    return;
  }
  if (groups == 0) {
    phase = "Failed", reason = "NoOperatorGroup";
    message = "csv in namespace with no operatorgroups";
  } else if (groups > 1) {
    phase = "Failed", reason = "TooManyOperatorGroups";
    message = "csv created in namespace with multiple operatorgroups, can't pick one automatically";
  } else {
    auto since = approved_.emplace(get_string(get_object(csv, "metadata"), "uid"), c.clock().now())
                     .first->second;
    if (c.clock().now() - since >= options_.install_delay) {
      install(c, *pkg);
      phase = "Succeeded", reason = "InstallSucceeded";
      message = "install strategy completed with no errors";
    } else {
      waiting_ = true;
      phase = "Installing", reason = "InstallWaiting";
      message = "installing: waiting for deployment " + pkg->name + " to become ready";
    }
  }
  if (get_string(old, "phase") == phase && get_string(old, "reason") == reason) return;
  std::string now = c.now_string();
  c.set_status(csv,
               {{"phase", phase},
                {"reason", reason},
                {"message", message},
                {"lastUpdateTime", now},
                {"lastTransitionTime", now}},
               kOlmManager);
}

void install_olm(Cluster& cluster, const OlmOptions& options, bool operators_installed) {
  for (const json& crd : olm_crds()) cluster.ensure(crd, kOlmManager);
  for (const char* ns : {kOlmCatalogNamespace, kOlmGlobalNamespace})
    cluster.ensure({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}},
                   kOlmManager);
  cluster.ensure(
      {{"apiVersion", kOlmGroupVersion},
       {"kind", "CatalogSource"},
       {"metadata", {{"name", kOlmCatalog}, {"namespace", kOlmCatalogNamespace}}},
       {"spec",
        {{"displayName", "Red Hat Operators"}, {"publisher", "Red Hat"}, {"sourceType", "grpc"}}}},
      kOlmManager);
  cluster.ensure({{"apiVersion", "operators.coreos.com/v1"},
                  {"kind", "OperatorGroup"},
                  {"metadata", {{"name", "global-operators"}, {"namespace", kOlmGlobalNamespace}}},
                  {"spec", json::object()}},
                 kOlmManager);
  auto olm = std::make_shared<OlmOperator>(options);
  if (operators_installed)
    for (const OlmPackage& pkg : olm_catalog(options)) olm->install(cluster, pkg);
  cluster.add_controller(olm);
}

}  // namespace fedplan::sandbox
