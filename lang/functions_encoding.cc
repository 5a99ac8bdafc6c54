// Encoding functions: jsonencode/jsondecode, yamlencode/yamldecode/yamldecodeall (YAML 1.2
// core schema through base/yaml_json), base64encode/base64decode, sha256, base64sha256.
#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "base/yaml_json.h"
#include "lang/functions_util.h"
#include "lang/value_json.h"

namespace fedplan::fn {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out +=
        {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], kBase64[(n >> 6) & 63], kBase64[n & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    out += {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned n =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], kBase64[(n >> 6) & 63], '='};
  }
  return out;
}

// Standard alphabet with padding, as Go's StdEncoding; returns false on anything else.
bool unbase64(std::string_view in, std::string* out) {
  if (in.size() % 4 != 0) return false;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  for (size_t i = 0; i < in.size(); i += 4) {
    bool last = i + 4 == in.size();
    int pad = last ? (in[i + 3] == '=') + (in[i + 2] == '=' && in[i + 3] == '=') : 0;
    unsigned n = 0;
    for (size_t k = 0; k < 4; ++k) {
      int v = k >= 4 - static_cast<size_t>(pad) ? 0 : value(in[i + k]);
      if (v < 0) return false;
      n = (n << 6) | static_cast<unsigned>(v);
    }
    out->push_back(static_cast<char>((n >> 16) & 0xFF));
    if (pad < 2) out->push_back(static_cast<char>((n >> 8) & 0xFF));
    if (pad < 1) out->push_back(static_cast<char>(n & 0xFF));
  }
  return true;
}

std::string sha256_raw(std::string_view in) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(in.data(), in.size(), digest, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), len);
}

std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

FunctionResult jsonencode(Args args, const FunctionContext&) {
  return ok(Value::string(dump_json(to_json(args[0]))));
}

FunctionResult jsondecode(Args args, const FunctionContext&) {
  // nlohmann reports the position of a syntax error only through its exception.
  try {
    return ok(from_json(nlohmann::json::parse(args[0].as_string())));
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    size_t cut = what.find("] ");
    return fail(0, "invalid JSON: " + (cut == std::string::npos ? what : what.substr(cut + 2)));
  }
}

std::string yaml_error(const YamlResult& r) {
  if (r.line > 0)
    return "on line " + std::to_string(r.line) + ", column " + std::to_string(r.column) + ": " +
           r.error;
  return r.error;
}

FunctionResult yamldecode(Args args, const FunctionContext&) {
  YamlResult r = parse_yaml(args[0].as_string());
  if (!r.ok()) return fail(0, "invalid YAML " + yaml_error(r));
  return ok(r.docs.empty() ? Value() : from_json(r.docs.front()));
}

FunctionResult yamldecodeall(Args args, const FunctionContext&) {
  YamlResult r = parse_yaml(args[0].as_string());
  if (!r.ok()) return fail(0, "invalid YAML " + yaml_error(r));
  ValueList out;
  for (const nlohmann::json& d : r.docs)
    if (!d.is_null()) out.push_back(from_json(d));  // empty documents (`---` alone) are skipped
  return ok(Value::tuple(std::move(out)));
}

FunctionResult yamlencode(Args args, const FunctionContext&) {
  return ok(Value::string(to_yaml(to_json(args[0]))));
}

FunctionResult base64encode(Args args, const FunctionContext&) {
  return ok(Value::string(base64(args[0].as_string())));
}

FunctionResult base64decode(Args args, const FunctionContext&) {
  std::string out;
  if (!unbase64(args[0].as_string(), &out)) return fail(0, "the given value is not valid base64");
  if (!valid_utf8(out)) return fail(0, "the result of decoding is not valid UTF-8");
  return ok(Value::string(std::move(out)));
}

FunctionResult sha256(Args args, const FunctionContext&) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : sha256_raw(args[0].as_string())) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return ok(Value::string(std::move(out)));
}

FunctionResult base64sha256(Args args, const FunctionContext&) {
  return ok(Value::string(base64(sha256_raw(args[0].as_string()))));
}

}  // namespace

void add_encoding_functions(std::vector<Function>* out) {
  Type str = Type::string();
  out->push_back(make_function("jsonencode", "Encodes a value as compact JSON.",
                               {param("value", Type::any(), kNull)}, jsonencode));
  out->push_back(make_function("jsondecode", "Decodes JSON text into a value.", {param("str", str)},
                               jsondecode, ValueKind::Dynamic));
  out->push_back(make_function("yamlencode", "Encodes a value as block-style YAML.",
                               {param("value", Type::any(), kNull)}, yamlencode));
  out->push_back(make_function("yamldecode", "Decodes the first YAML document of a string.",
                               {param("src", str)}, yamldecode, ValueKind::Dynamic));
  out->push_back(make_function("yamldecodeall", "Decodes every non-empty YAML document.",
                               {param("src", str)}, yamldecodeall, ValueKind::Tuple));
  out->push_back(make_function("base64encode", "Encodes a string's bytes as base64.",
                               {param("str", str)}, base64encode));
  out->push_back(make_function("base64decode", "Decodes base64 into a UTF-8 string.",
                               {param("str", str)}, base64decode));
  out->push_back(make_function("sha256", "The SHA-256 digest of a string, in lowercase hex.",
                               {param("str", str)}, sha256));
  out->push_back(make_function("base64sha256", "The SHA-256 digest of a string, in base64.",
                               {param("str", str)}, base64sha256));
}

}  // namespace fedplan::fn
