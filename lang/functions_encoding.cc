// Encoding functions: jsonencode/jsondecode, yamlencode/yamldecode/yamldecodeall (YAML 1.2
// core schema with YAML 1.1's bool words, through base/yaml_json), base64encode/base64decode and
// the digests (md5, sha1, sha256, sha512, base64sha*).
#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/digest.h"
#include "base/utf8.h"
#include "base/yaml_json.h"
#include "lang/functions_util.h"
#include "lang/value_json.h"

namespace fedplan::fn {
namespace {

// Compact JSON as Terraform's jsonencode writes it (Go's encoder): <, >, & and the line and
// paragraph separators U+2028, U+2029 escaped, so the text can sit in HTML or JavaScript. They
// can only occur inside strings, so escaping every occurrence is safe.
std::string html_safe_json(const std::string& raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < raw.size() && raw[i + 1] == '\x80' &&
               (raw[i + 2] == '\xA8' || raw[i + 2] == '\xA9')) {
      out += raw[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

FunctionResult jsonencode(Args args, const FunctionContext&) {
  return ok(Value::string(html_safe_json(to_json_text(args[0]))));
}

std::string too_deep() {
  return "nested more than " + std::to_string(kMaxDecodeDepth) + " levels deep";
}

FunctionResult jsondecode(Args args, const FunctionContext&) {
  // Read from the text itself so that numbers keep every digit.
  std::string error;
  std::optional<Value> v = from_json_text(args[0].as_string(), &error);
  if (!v) return fail(0, "invalid JSON: " + error);
  return ok(std::move(*v));
}

std::string yaml_error(const YamlResult& r) {
  if (r.line > 0)
    return "on line " + std::to_string(r.line) + ", column " + std::to_string(r.column) + ": " +
           r.error;
  return r.error;
}

// The documents of a YAML stream, or false with the function's error in `out`.
bool decode_yaml(const Value& text, YamlResult* r, FunctionResult* out) {
  // Terraform's yamldecode reads YAML 1.1's bool words (yes, on, ...); fedplan's manifests
  // and kubeconfigs keep the YAML 1.2 core schema of parse_yaml(text).
  *r = parse_yaml(text.as_string(), YamlBools::Yaml11);
  if (!r->ok()) {
    *out = fail(0, "invalid YAML " + yaml_error(*r));
    return false;
  }
  for (const nlohmann::json& d : r->docs) {
    if (json_deeper_than(d, kMaxDecodeDepth)) {
      *out = fail(0, "invalid YAML: " + too_deep());
      return false;
    }
  }
  return true;
}

FunctionResult yamldecode(Args args, const FunctionContext&) {
  YamlResult r;
  FunctionResult bad;
  if (!decode_yaml(args[0], &r, &bad)) return bad;
  return ok(r.docs.empty() ? Value() : from_json(r.docs.front()));
}

FunctionResult yamldecodeall(Args args, const FunctionContext&) {
  YamlResult r;
  FunctionResult bad;
  if (!decode_yaml(args[0], &r, &bad)) return bad;
  ValueList out;
  for (const nlohmann::json& d : r.docs)
    if (!d.is_null()) out.push_back(from_json(d));  // empty documents (`---` alone) are skipped
  return ok(Value::tuple(std::move(out)));
}

FunctionResult yamlencode(Args args, const FunctionContext&) {
  return ok(Value::string(to_yaml(to_json(args[0]))));
}

FunctionResult base64encode(Args args, const FunctionContext&) {
  return ok(Value::string(base64_encode(args[0].as_string())));
}

FunctionResult base64decode(Args args, const FunctionContext&) {
  std::optional<std::string> out = base64_decode(args[0].as_string());
  if (!out) return fail(0, "the given value is not valid base64");
  if (!is_valid_utf8(*out)) return fail(0, "the result of decoding is not valid UTF-8");
  return ok(Value::string(std::move(*out)));
}

FunctionResult sha256(Args args, const FunctionContext&) {
  return ok(Value::string(sha256_hex(args[0].as_string())));
}

template <DigestKind kind>
FunctionResult hex_digest(Args args, const FunctionContext&) {
  return ok(Value::string(to_hex(digest_bytes(kind, args[0].as_string()))));
}

FunctionResult base64sha512(Args args, const FunctionContext&) {
  return ok(Value::string(base64_encode(digest_bytes(DigestKind::Sha512, args[0].as_string()))));
}

FunctionResult base64sha256(Args args, const FunctionContext&) {
  return ok(Value::string(base64_encode(sha256_bytes(args[0].as_string()))));
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
  out->push_back(make_function("base64sha512", "The SHA-512 digest of a string, in base64.",
                               {param("str", str)}, base64sha512));
  out->push_back(make_function("md5", "The MD5 digest of a string, in lowercase hex.",
                               {param("str", str)}, hex_digest<DigestKind::Md5>));
  out->push_back(make_function("sha1", "The SHA-1 digest of a string, in lowercase hex.",
                               {param("str", str)}, hex_digest<DigestKind::Sha1>));
  out->push_back(make_function("sha512", "The SHA-512 digest of a string, in lowercase hex.",
                               {param("str", str)}, hex_digest<DigestKind::Sha512>));
}

}  // namespace fedplan::fn
