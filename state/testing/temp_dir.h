// TempDir: a private directory under $TMPDIR (or /tmp) for a test, removed with its contents.
// Shared by the state tests; header-only because it is a dozen lines.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace fedplan::testing {

// A fresh directory created with mkdtemp; deleted recursively when the object goes away.
struct TempDir {
  std::string path;

  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/fedplan-state-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return path + "/" + name; }
};

}  // namespace fedplan::testing
