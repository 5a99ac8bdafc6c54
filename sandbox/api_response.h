// Building REST answers: JSON documents, Status errors, and an operation's outcome rendered as
// the client's Accept header asks (JSON, YAML, Table or PartialObjectMetadata).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

#include "sandbox/api.h"
#include "sandbox/api_request.h"
#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// The kind of document the client accepts (first match wins).
enum class Render { Json, Yaml, Table, PartialMetadata };

Render render_for(const std::string& accept);
// Whether the Accept header names only media types the server cannot produce.
bool only_unsupported_media(const std::string& accept);

ApiResponse json_response(int status, const nlohmann::json& body);
ApiResponse error_response(const ApiError& e);
ApiResponse outcome_response(const Outcome& o);
// An outcome on objects of type `t`, as the client asked to see it.
ApiResponse rendered(const Outcome& o, const ResourceType& t, Render how,
                     const RequestTarget& target, std::chrono::system_clock::time_point now);

}  // namespace fedplan::sandbox
