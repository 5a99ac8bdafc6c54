// A fast compact JSON writer for nlohmann values. The state file of a large deployment is
// mostly attributes, and both nlohmann's dump and std::string's += were the write bottleneck.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fedplan {

// Appends to a std::string through a raw pointer and grows it in large steps; the string gets
// its final size when the writer is destroyed (or on finish()).
class JsonOut {
 public:
  explicit JsonOut(std::string& s) : s_(s), n_(s.size()) {}
  ~JsonOut() { finish(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  void raw(char c) { *room(1) = c, ++n_; }
  void raw(std::string_view v) {
    std::memcpy(room(v.size()), v.data(), v.size());
    n_ += v.size();
  }
  // `s` as a JSON string literal. Invalid UTF-8 becomes U+FFFD so the output always parses
  // again (nlohmann refuses ill-formed UTF-8 when reading).
  void string(std::string_view s);
  // `v` without whitespace. Objects keep nlohmann's (sorted) key order; a whole float keeps a
  // ".0" so it reads back as a float; NaN and infinities become null, as in dump().
  void value(const nlohmann::json& v);
  void integer(int64_t v);
  void finish() { s_.resize(n_); }

 private:
  char* room(size_t k) {
    if (n_ + k > s_.size()) s_.resize(std::max({s_.size() * 2, n_ + k, size_t{4096}}));
    return s_.data() + n_;
  }
  void float_value(double d);

  std::string& s_;
  size_t n_;
};

// Convenience wrapper for one value (a string alone is quote() in base/quote.h).
void append_json_compact(std::string& out, const nlohmann::json& v);

}  // namespace fedplan
