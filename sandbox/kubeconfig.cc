// Kubeconfig text and atomic private file writes.
#include "sandbox/kubeconfig.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/yaml_json.h"
#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::ordered_json;

std::string make_kubeconfig(const std::string& name, const std::string& server,
                            const std::string& ca_pem, const std::string& token) {
  ordered_json cfg = {
      {"apiVersion", "v1"},
      {"kind", "Config"},
      {"clusters",
       {{{"name", name},
         {"cluster",
          {{"server", server}, {"certificate-authority-data", base64_encode(ca_pem)}}}}}},
      {"users", {{{"name", name + "-admin"}, {"user", {{"token", token}}}}}},
      {"contexts",
       {{{"name", name},
         {"context", {{"cluster", name}, {"user", name + "-admin"}, {"namespace", "default"}}}}}},
      {"current-context", name},
      {"preferences", ordered_json::object()}};
  return to_yaml(cfg);
}

bool write_private_file(const std::string& path, const std::string& text, std::string* err) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    *err = "cannot write " + tmp + ": " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = "cannot write " + tmp + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    *err = "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace fedplan::sandbox
