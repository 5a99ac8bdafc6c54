// The rotation rules shared by kube_istio_cacerts and kube_remote_secret, kept apart from the
// cluster calls so that they are tested on a fake clock.
#include "providers/kube/secret_rotation.h"

#include <ctime>

#include "base/digest.h"
#include "base/duration.h"
#include "base/kube/exec_plugin.h"

namespace fedplan::kube {

std::string secret_data_sha256(const nlohmann::json& data) {
  Digest d;
  if (!data.is_object()) return d.hex();
  for (const auto& [key, value] : data.items()) {  // nlohmann objects iterate sorted
    std::string v = value.is_string() ? value.get<std::string>() : value.dump();
    d.update(std::to_string(key.size()) + ":" + key);
    d.update(std::to_string(v.size()) + ":" + v);
  }
  return d.hex();
}

std::string format_utc(Clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

std::string rotation_hours(std::chrono::milliseconds d) {
  auto h = std::chrono::duration_cast<std::chrono::hours>(d).count();
  auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  return s % 3600 == 0 ? std::to_string(h) + "h" : std::to_string(s) + "s";
}

}  // namespace

std::vector<std::string> rotation_reasons(const RotationFacts& f) {
  std::vector<std::string> out;
  if (f.recorded_rotation != f.wanted_rotation)
    out.push_back("rotation changed from " +
                  (f.recorded_rotation.is_null() ? "null" : f.recorded_rotation.dump()) + " to " +
                  (f.wanted_rotation.is_null() ? "null" : f.wanted_rotation.dump()));
  if (!f.expires_at.empty()) {
    std::optional<Clock::time_point> end = parse_rfc3339(f.expires_at);
    if (!end)
      out.push_back(f.what + "'s recorded expiry \"" + f.expires_at + "\" is unreadable");
    else if (*end <= f.now)
      out.push_back(f.what + " expired at " + f.expires_at);
    else if (*end - f.now <= f.rotate_before)
      out.push_back(f.what + " expires at " + f.expires_at + ", within rotate_before (" +
                    rotation_hours(f.rotate_before) + ")");
  }
  if (f.live_data_sha256 == kSecretGone)
    out.push_back("the Secret " + f.secret + " was deleted outside fedplan");
  else if (!f.live_data_sha256.empty() && f.live_data_sha256 != f.data_sha256)
    out.push_back("the Secret " + f.secret +
                  " holds other data than fedplan wrote (changed outside fedplan)");
  return out;
}

std::string rotation_note(const std::string& secret_kind, const std::vector<std::string>& reasons,
                          const std::string& restart) {
  std::string note = "rotating " + secret_kind + ":";
  for (const std::string& r : reasons) note += "\n  - " + r;
  note += "\nthe new " + std::string(secret_kind == "token" ? "token" : "key") +
          " is made at apply and pushed to the cluster: " + kNotStored;
  if (!restart.empty()) note += "\nafter the write: " + restart;
  return note;
}

std::optional<std::chrono::milliseconds> duration_attr(const Doc& config, const std::string& name,
                                                       std::chrono::milliseconds fallback,
                                                       std::string* err) {
  const nlohmann::json& v = member(config.json, name);
  if (v.is_null()) return fallback;
  std::optional<std::chrono::milliseconds> d =
      v.is_string() ? parse_duration(v.get<std::string>()) : std::nullopt;
  if (!d) *err = name + " = " + v.dump() + " is not a duration (for example \"720h\").";
  return d;
}

std::string string_or(const Doc& d, const std::string& key, const std::string& fallback) {
  std::string s = string_attr(d, key);
  return s.empty() ? fallback : s;
}

}  // namespace fedplan::kube
