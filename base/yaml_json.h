// YAML <-> JSON: parses YAML text (one or many documents) into nlohmann JSON values with
// YAML 1.2 core-schema scalar resolution, and writes JSON values back as block-style YAML.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace fedplan {

// The documents of a YAML stream, or the first error with its 1-based line and column
// (both 0 when the position is unknown). `docs` is empty when `error` is set.
template <class Json>
struct BasicYamlResult {
  std::vector<Json> docs;
  std::string error;
  int line = 0;
  int column = 0;

  bool ok() const { return error.empty(); }
};

using YamlResult = BasicYamlResult<nlohmann::json>;
using OrderedYamlResult = BasicYamlResult<nlohmann::ordered_json>;

// Parses every document of `text`. Plain scalars resolve by the YAML 1.2 core schema:
// null/Null/NULL/~/empty -> null, true/false (any case variant listed by the spec) -> bool,
// decimal/0x/0o integers -> int, decimals, exponents, .inf, .nan -> float; everything else and
// every quoted or block scalar stays a string. Explicit tags !!str, !!int, !!float, !!bool and
// !!null are honoured. Mapping keys become strings (their source text). Duplicate keys are an
// error, as in Kubernetes' strict decoding. Aliases are expanded; `<<` merge keys are applied.
// A document that is empty (e.g. `---` alone) yields a JSON null.
YamlResult parse_yaml(std::string_view text);

// Which plain scalars read as bools: the YAML 1.2 core schema's true/false (above), or also
// YAML 1.1's y, Y, yes, Yes, YES, on, On, ON and n, N, no, No, NO, off, Off, OFF, as
// Terraform's yamldecode reads them (go-yaml); a plain mapping key that is such a word becomes
// "true" or "false". Manifests and kubeconfigs are read with the core schema.
enum class YamlBools { Core, Yaml11 };
YamlResult parse_yaml(std::string_view text, YamlBools bools);

// Like parse_yaml but keeps mapping keys in source order.
OrderedYamlResult parse_yaml_ordered(std::string_view text);

// Writes one value as block-style YAML ending in a newline, quoting strings that would
// otherwise read back as another type, and using literal blocks (`|`) for multi-line text.
// Objects keep the key order of the value (sorted for nlohmann::json, insertion order for
// ordered_json). Infinite and NaN floats are written as .inf, -.inf, .nan.
std::string to_yaml(const nlohmann::json& value);
std::string to_yaml(const nlohmann::ordered_json& value);

// Writes several documents separated by `---` lines.
std::string to_yaml_stream(const std::vector<nlohmann::json>& docs);
std::string to_yaml_stream(const std::vector<nlohmann::ordered_json>& docs);

}  // namespace fedplan
