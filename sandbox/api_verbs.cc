// The verbs on one resource type: each reads its options and body, calls the Cluster and
// renders the outcome; errors leave as Status objects.
#include "sandbox/api_verbs.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>
#include <vector>

#include "sandbox/meta.h"
#include "sandbox/scale.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

ApiResponse render(const ResourceCall& c, const Outcome& o) {
  ApiResponse r = rendered(o, c.type, c.how, c.target, c.now);
  // As k8s.io/apiserver's warning recorder: code 299, agent "-", the text quoted.
  for (const std::string& w : o.warnings) {
    std::string quoted;
    for (char ch : w)
      quoted += ch == '"' || ch == '\\' ? std::string("\\") + ch : std::string(1, ch);
    r.headers.push_back({"Warning", "299 - \"" + quoted + "\""});
  }
  return r;
}

ApiResponse serve_scale(Cluster& cluster, ResourceCall& c) {
  const ResourcePath& p = c.path;
  c.wopts.subresource = "scale";
  c.wopts.field_manager = manager_from(c.target, c.req.user_agent);
  if (c.verb == "get") return outcome_response(get_scale(cluster, c.type, p.ns, p.name));
  if (c.verb == "update") {
    json body;
    ApiError e;
    if (!decode_body(c.req, &body, &e)) return error_response(e);
    return outcome_response(put_scale(cluster, c.type, p.ns, p.name, body, c.wopts));
  }
  if (c.verb == "patch") {
    std::string ct = media_type(c.req.content_type);
    PatchKind kind = ct == "application/json-patch+json" ? PatchKind::Json : PatchKind::Merge;
    if (ct != "application/merge-patch+json" && ct != "application/json-patch+json" &&
        ct != "application/strategic-merge-patch+json")
      return error_response(unsupported_media_type(c.req.content_type));
    return outcome_response(patch_scale(cluster, c.type, p.ns, p.name, kind, c.req.body, c.wopts));
  }
  return error_response(method_not_allowed());
}

// A watch to stream, with the options kube-apiserver reads from the query.
ApiResponse serve_watch(Cluster& cluster, const ResourceCall& c, const ListOptions& lopts) {
  WatchRequest wr;
  wr.ns = c.path.ns;
  wr.selection = lopts;
  // A watch on one object's URL follows that name, as kube-apiserver turns it into a selector.
  if (!c.path.name.empty())
    wr.selection.fields.requirements.push_back({"metadata.name", true, c.path.name});
  wr.resource_version = c.target.param("resourceVersion");
  wr.resource_version_match = c.target.param("resourceVersionMatch");
  if (c.target.has("sendInitialEvents"))
    wr.send_initial_events = c.target.param("sendInitialEvents") == "true";
  wr.bookmarks = c.target.param("allowWatchBookmarks") == "true";
  std::string ts = c.target.param("timeoutSeconds");
  if (!ts.empty())
    wr.timeout = std::chrono::seconds(std::max(1L, std::strtol(ts.c_str(), nullptr, 10)));
  if (c.how == Render::Table) wr.form = WatchForm::Table;
  if (c.how == Render::PartialMetadata) wr.form = WatchForm::PartialMetadata;
  wr.include_object = c.target.param("includeObject");
  ApiResponse r;
  ApiError e;
  WatchState w;
  if (!open_watch(cluster, c.type, std::move(wr), c.now, &w, &e)) return error_response(e);
  r.watch = std::move(w);
  return r;
}

ApiResponse serve_create(Cluster& cluster, ResourceCall& c) {
  json body;
  ApiError e;
  if (!decode_body(c.req, &body, &e)) return error_response(e);
  c.wopts.field_manager = manager_from(c.target, c.req.user_agent);
  return render(c, cluster.create(c.type, c.path.ns, std::move(body), c.wopts));
}

ApiResponse serve_update(Cluster& cluster, ResourceCall& c) {
  json body;
  ApiError e;
  if (!decode_body(c.req, &body, &e)) return error_response(e);
  c.wopts.field_manager = manager_from(c.target, c.req.user_agent);
  if (c.path.subresource == "finalize" && body.is_object()) {
    // Only spec.finalizers changes through /finalize.
    Outcome live = cluster.get(c.type, "", c.path.name);
    if (!live.ok()) return error_response(live.error);
    json next = live.body;
    next["spec"]["finalizers"] =
        body.contains("/spec/finalizers"_json_pointer) ? body["spec"]["finalizers"] : json::array();
    body = next;
  }
  return render(c, cluster.replace(c.type, c.path.ns, c.path.name, std::move(body), c.wopts));
}

// The patch a Content-Type asks for; false for a type that names none.
bool patch_kind_for(const std::string& ct, PatchKind* kind) {
  if (ct == "application/merge-patch+json")
    *kind = PatchKind::Merge;
  else if (ct == "application/strategic-merge-patch+json")
    *kind = PatchKind::Strategic;
  else if (ct == "application/json-patch+json")
    *kind = PatchKind::Json;
  else if (ct == "application/apply-patch+yaml")
    *kind = PatchKind::Apply;
  else
    return false;
  return true;
}

ApiResponse serve_patch(Cluster& cluster, ResourceCall& c) {
  PatchKind kind;
  if (!patch_kind_for(media_type(c.req.content_type), &kind))
    return error_response(unsupported_media_type(c.req.content_type));
  std::string force = c.target.param("force");
  if (!force.empty() && force != "true" && force != "false")
    return error_response(bad_request("force: Invalid value: \"" + force + "\""));
  c.wopts.force = force == "true";
  if (c.wopts.force && kind != PatchKind::Apply)
    return error_response(invalid_options(
        "PatchOptions", "force: Forbidden: may not be specified for non-apply patch"));
  c.wopts.field_manager = kind == PatchKind::Apply ? c.target.param("fieldManager")
                                                   : manager_from(c.target, c.req.user_agent);
  if (c.wopts.field_manager.size() > 128)
    return error_response(
        invalid_options("PatchOptions", "fieldManager: Too long: may not be longer than 128"));
  return render(c, cluster.patch(c.type, c.path.ns, c.path.name, kind, c.req.body, c.wopts));
}

// DeleteOptions from the query and the (optional) body.
bool read_delete_options(const ResourceCall& c, DeleteOptions* d, ApiError* e) {
  d->dry_run = c.wopts.dry_run;
  d->propagation = c.target.param("propagationPolicy");
  if (c.target.param("orphanDependents") == "true") d->propagation = "Orphan";
  if (!c.req.body.empty()) {
    json body = json::parse(c.req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      *e = bad_request("the body of the delete request is not valid DeleteOptions");
      return false;
    }
    if (body.contains("propagationPolicy") && body["propagationPolicy"].is_string())
      d->propagation = body["propagationPolicy"];
    if (get_bool(body, "orphanDependents", false)) d->propagation = "Orphan";
    if (body.contains("/preconditions/uid"_json_pointer) &&
        body["preconditions"]["uid"].is_string())
      d->precondition_uid = body["preconditions"]["uid"];
    if (body.contains("/preconditions/resourceVersion"_json_pointer) &&
        body["preconditions"]["resourceVersion"].is_string())
      d->precondition_resource_version = body["preconditions"]["resourceVersion"];
    if (body.contains("dryRun") && body["dryRun"].is_array())
      for (const json& dr : body["dryRun"])
        if (dr == "All") d->dry_run = true;
  }
  if (!d->propagation.empty() && d->propagation != "Orphan" && d->propagation != "Background" &&
      d->propagation != "Foreground") {
    *e = bad_request("propagationPolicy: Unsupported value: \"" + d->propagation +
                     "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
    return false;
  }
  return true;
}

ApiResponse serve_delete(Cluster& cluster, const ResourceCall& c) {
  DeleteOptions dopts;
  ApiError e;
  if (!read_delete_options(c, &dopts, &e)) return error_response(e);
  if (c.verb == "delete") return render(c, cluster.remove(c.type, c.path.ns, c.path.name, dopts));
  ListOptions lopts;
  if (!parse_list_options(c.target, &lopts, &e)) return error_response(e);
  return render(c, cluster.remove_collection(c.type, c.path.ns, lopts, dopts));
}

}  // namespace

ApiResponse serve_verb(Cluster& cluster, ResourceCall& c) {
  if (c.path.subresource == "scale") return serve_scale(cluster, c);
  if (c.verb == "get") return render(c, cluster.get(c.type, c.path.ns, c.path.name));
  if (c.verb == "list" || c.verb == "watch") {
    ListOptions lopts;
    ApiError e;
    if (!parse_list_options(c.target, &lopts, &e)) return error_response(e);
    if (c.verb == "list") return render(c, cluster.list(c.type, c.path.ns, lopts));
    return serve_watch(cluster, c, lopts);
  }
  if (c.verb == "create") return serve_create(cluster, c);
  if (c.verb == "update") return serve_update(cluster, c);
  if (c.verb == "patch") return serve_patch(cluster, c);
  if (c.verb == "delete" || c.verb == "deletecollection") return serve_delete(cluster, c);
  return error_response(method_not_allowed());
}

}  // namespace fedplan::sandbox
