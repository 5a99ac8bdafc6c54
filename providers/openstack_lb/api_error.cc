// Extracting the message from OpenStack error bodies (see api_error.h).
// Octavia, Keystone and Neutron each wrap the message differently; HTML pages come from WSGI.
#include "providers/openstack_lb/api_error.h"

#include <nlohmann/json.hpp>

namespace fedplan::openstack_lb {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The text of an HTML page without its tags and title, spaces collapsed.
std::string html_text(const std::string& body) {
  std::string text;
  bool in_tag = false;
  size_t title_end = body.find("</title>");
  size_t start = body.find("<body");
  if (start == std::string::npos) start = title_end == std::string::npos ? 0 : title_end;
  for (size_t i = start; i < body.size(); ++i) {
    char c = body[i];
    if (c == '<') {
      in_tag = true;
      text += ' ';
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      text += c;
    }
  }
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return trim(out);
}

std::string reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 413:
      return "Request Entity Too Large";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "";
  }
}

}  // namespace

std::string api_message(const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    if (j.contains("faultstring") && j["faultstring"].is_string())
      return trim(j["faultstring"].get<std::string>());
    for (const char* k : {"error", "NeutronError"}) {
      if (j.contains(k) && j[k].is_object() && j[k].contains("message") &&
          j[k]["message"].is_string())
        return trim(j[k]["message"].get<std::string>());
    }
    if (j.contains("message") && j["message"].is_string())
      return trim(j["message"].get<std::string>());
    return "";
  }
  if (body.find('<') != std::string::npos) {
    std::string t = html_text(body);
    // wsgi error pages repeat the status line before the reason: keep the reason.
    const std::string generic =
        "The server could not comply with the request since it is either malformed or "
        "otherwise incorrect.";
    size_t g = t.find(generic);
    if (g != std::string::npos) t = trim(t.substr(g + generic.size()));
    return t.size() > 500 ? t.substr(0, 500) + "..." : t;
  }
  std::string t = trim(body);
  return t.size() > 500 ? t.substr(0, 500) + "..." : t;
}

std::string describe_failure(const std::string& method, const std::string& url,
                             const HttpResponse& resp) {
  if (resp.transport_failed()) return resp.error_message;
  std::string out = method + " " + url + ": " + std::to_string(resp.status);
  std::string phrase = reason_phrase(resp.status);
  if (!phrase.empty()) out += " " + phrase;
  std::string msg = api_message(resp.body);
  if (!msg.empty()) out += ": " + msg;
  return out;
}

}  // namespace fedplan::openstack_lb
