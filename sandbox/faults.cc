// Fault decisions and their configuration in flags and JSON.
#include "sandbox/faults.h"
#include "sandbox/meta.h"

#include <set>

namespace fedplan::sandbox {

using nlohmann::json;

namespace {
const std::set<std::string> kVerbs = {"*",      "get",   "list",   "watch",           "create",
                                      "update", "patch", "delete", "deletecollection"};

bool valid_code(int code) {
  return code == 0 || code == 409 || code == 429 || (code >= 500 && code <= 504 && code != 501);
}

// The 5xx answers as an API server (503, 504) or a proxy in front of it (502) gives them.
ApiError server_error(int code, int retry_after) {
  ApiError e;
  e.code = code;
  if (code == 502) {
    e.reason = "BadGateway";
    e.message = "bad gateway (injected by fedplan-sandbox)";
  } else if (code == 503) {
    e.reason = "ServiceUnavailable";
    e.message =
        "the server is currently unable to handle the request (injected by fedplan-sandbox)";
    e.retry_after = retry_after;
  } else if (code == 504) {
    e.reason = "Timeout";
    e.message =
        "the server was unable to return a response in the time allotted (injected by "
        "fedplan-sandbox)";
  } else {
    e = internal_error("injected by fedplan-sandbox");
  }
  return e;
}
}  // namespace

FaultDecision decide_fault(const FaultConfig& config, const std::string& verb,
                           std::mt19937_64& rng) {
  FaultDecision d;
  for (const FaultRule& r : config.rules) {
    if (r.verb != "*" && r.verb != verb) continue;
    double roll = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    if (roll >= r.rate) continue;
    if (r.code == 0) {
      d.action = FaultDecision::Action::Drop;
      return d;
    }
    d.action = FaultDecision::Action::Error;
    if (r.code == 429) {
      d.error = too_many_requests(r.retry_after);
    } else if (r.code == 409) {
      d.error.code = 409;
      d.error.reason = "Conflict";
      d.error.message =
          "Operation cannot be fulfilled: the object has been modified; please apply your "
          "changes to the latest version and try again (injected by fedplan-sandbox)";
    } else {
      d.error = server_error(r.code, r.retry_after);
    }
    return d;
  }
  return d;
}

bool parse_fault_rule(const std::string& spec, FaultRule* out, std::string* err) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t c = spec.find(':', start);
    parts.push_back(spec.substr(start, c == std::string::npos ? std::string::npos : c - start));
    if (c == std::string::npos) break;
    start = c + 1;
  }
  if (parts.size() < 3 || parts.size() > 4) {
    *err = "fault \"" + spec + "\": want VERB:CODE:RATE[:RETRY_AFTER]";
    return false;
  }
  FaultRule r;
  r.verb = parts[0];
  if (!kVerbs.count(r.verb)) {
    *err = "fault \"" + spec + "\": unknown verb " + r.verb;
    return false;
  }
  try {
    r.code = parts[1] == "drop" ? 0 : std::stoi(parts[1]);
    r.rate = std::stod(parts[2]);
    if (parts.size() == 4) r.retry_after = std::stoi(parts[3]);
  } catch (const std::exception&) {
    *err = "fault \"" + spec + "\": bad number";
    return false;
  }
  if (!valid_code(r.code) || r.rate < 0 || r.rate > 1 || r.retry_after < 0) {
    *err =
        "fault \"" + spec + "\": code must be 409, 429, 500, 502, 503, 504 or drop, rate in [0,1]";
    return false;
  }
  *out = r;
  return true;
}

json faults_to_json(const FaultConfig& config) {
  json rules = json::array();
  for (const FaultRule& r : config.rules) {
    json j = {{"verb", r.verb}, {"rate", r.rate}};
    if (r.code == 0)
      j["drop"] = true;
    else
      j["code"] = r.code;
    if (r.code == 429 || r.code == 503) j["retryAfter"] = r.retry_after;
    rules.push_back(j);
  }
  return {{"latencyMs", config.latency.count()}, {"rules", rules}};
}

bool faults_from_json(const json& j, FaultConfig* out, std::string* err) {
  if (!j.is_object()) {
    *err = "fault configuration must be an object";
    return false;
  }
  FaultConfig c;
  if (j.contains("latencyMs")) {
    if (!j["latencyMs"].is_number_integer() || j["latencyMs"].get<int64_t>() < 0) {
      *err = "latencyMs must be a non-negative integer";
      return false;
    }
    c.latency = std::chrono::milliseconds(j["latencyMs"].get<int64_t>());
  }
  if (j.contains("rules")) {
    if (!j["rules"].is_array()) {
      *err = "rules must be a list";
      return false;
    }
    for (const json& rj : j["rules"]) {
      if (!rj.is_object()) {
        *err = "each rule must be an object";
        return false;
      }
      FaultRule r;
      r.verb = get_string(rj, "verb", "*");
      if (!rj.contains("rate") || !rj["rate"].is_number()) {
        *err = "each rule needs a numeric rate";
        return false;
      }
      r.rate = rj["rate"].get<double>();
      if (get_bool(rj, "drop", false))
        r.code = 0;
      else if (rj.contains("code") && rj["code"].is_number_integer())
        r.code = rj["code"].get<int>();
      if (rj.contains("retryAfter") && rj["retryAfter"].is_number_integer())
        r.retry_after = rj["retryAfter"].get<int>();
      if (!kVerbs.count(r.verb) || !valid_code(r.code) || r.rate < 0 || r.rate > 1) {
        *err = "bad rule " + rj.dump() +
               ": verb, code (409, 429, 500, 502, 503, 504) or drop, rate in [0,1]";
        return false;
      }
      c.rules.push_back(r);
    }
  }
  *out = c;
  return true;
}

}  // namespace fedplan::sandbox
