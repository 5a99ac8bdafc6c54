// The verbs on one resource type (get, list, watch, create, update, patch, delete and the
// scale subresource), each from a request already routed and authorized to its response.
#pragma once

#include <chrono>
#include <string>

#include "sandbox/api.h"
#include "sandbox/api_request.h"
#include "sandbox/api_response.h"
#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// A request routed to one resource type, with what every verb reads.
struct ResourceCall {
  const ApiRequest& req;
  const RequestTarget& target;
  const ResourcePath& path;
  const ResourceType& type;
  std::string verb;
  Render how = Render::Json;
  std::chrono::system_clock::time_point now;
  WriteOptions wopts;  // dry run and subresource filled in; each verb sets the field manager
};

ApiResponse serve_verb(Cluster& cluster, ResourceCall& call);

}  // namespace fedplan::sandbox
