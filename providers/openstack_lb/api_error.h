// The human-readable message inside an OpenStack error response (Octavia's faultstring,
// Keystone's error.message, or the text of an HTML error page), and one-line descriptions.
#pragma once

#include <string>

#include "base/http/http.h"

namespace fedplan::openstack_lb {

// The message the service put in the body: `faultstring` (Octavia, WSME), `error.message`
// (Keystone), `NeutronError.message`, or the visible text of an HTML page, trimmed to one
// paragraph. "" when the body says nothing.
std::string api_message(const std::string& body);

// "METHOD URL: 409 Conflict: Load Balancer X is immutable..." or, when no response came,
// the transport's error message.
std::string describe_failure(const std::string& method, const std::string& url,
                             const HttpResponse& resp);

}  // namespace fedplan::openstack_lb
