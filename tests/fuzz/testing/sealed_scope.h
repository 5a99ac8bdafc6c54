// The scope the language fuzzers evaluate in: a variable of every kind and mark, an in-memory
// disk for file() and templatefile(), a fixed environment. Nothing touches the machine.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "lang/eval.h"
#include "lang/value.h"

namespace fedplan::fuzz {

// Files the fuzzed code may read; `fuzz.tpl` is set per input by the template fuzzer.
using FakeDisk = std::map<std::string, std::string, std::less<>>;

// Variables of every kind: strings, numbers, collections, null, unknown and sensitive ones.
inline ValueMap sample_variables() {
  auto s = [](const char* v) { return Value::string(v); };
  auto n = [](double v) { return Value::number(v); };
  ValueMap vars;
  vars["s"] = s("hello, world");
  vars["n"] = n(42);
  vars["f"] = n(-1.5);
  vars["b"] = Value::boolean(true);
  vars["nil"] = Value();
  vars["l"] = Value::list({s("a"), s("b"), s("c")});
  vars["t"] = Value::tuple({s("x"), n(1), Value::boolean(false), Value()});
  vars["m"] = Value::map({{"k1", s("v1")}, {"k2", s("v2")}});
  vars["o"] = Value::object({{"name", s("mesh1")},
                             {"ports", Value::tuple({n(80), n(443)})},
                             {"labels", Value::map({{"app", s("web")}})}});
  vars["set"] = Value::set({n(3), n(1), n(2)});
  vars["u"] = Value::unknown();
  vars["us"] = Value::unknown(ValueKind::String);
  vars["ul"] = Value::list({s("a"), Value::unknown(ValueKind::String)});
  vars["sec"] = s("hunter2").mark_sensitive();
  vars["sm"] = Value::map({{"token", s("t0k3n").mark_sensitive()}, {"user", s("u")}});
  vars["json"] = s(R"({"a":[1,2,{"b":null}],"c":"d"})");
  vars["yaml"] = s("a: 1\nb: [x, y]\n---\nc: true\n");
  vars["b64"] = s("aGVsbG8=");
  vars["utf"] = s("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80");
  return vars;
}

// An evaluation context over `disk` with sample_variables() as root names.
inline EvalContext sealed_context(const FakeDisk* disk) {
  EvalContext ctx;
  ctx.variables = sample_variables();
  ctx.functions.base_dir = "/mod";
  ctx.functions.read_file = [disk](const std::string& path, std::string* contents,
                                   std::string* error) {
    std::string_view name = path;
    if (name.rfind("/mod/", 0) == 0) name.remove_prefix(5);
    auto it = disk->find(name);
    if (it == disk->end()) {
      *error = "no file exists at \"" + path + "\"";
      return false;
    }
    *contents = it->second;
    return true;
  };
  ctx.functions.env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "HOME") return std::string("/root");
    return std::nullopt;
  };
  ctx.max_iterations = 100000;
  return ctx;
}

// The files every fuzzer's disk starts with.
inline FakeDisk sample_disk() {
  return FakeDisk{{"a.txt", "text\n"},
                  {"t.tpl", "Hello ${name}!%{ for x in items } ${x}%{ endfor }"},
                  {"self.tpl", "${templatefile(\"self.tpl\", {})}"},
                  {"bin", "\xff\xfe"}};
}

}  // namespace fedplan::fuzz
